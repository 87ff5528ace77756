import type { Client } from "../../engine/client.ts";
import {
  AddOutcome,
  SortedSet,
  ZADD_GT,
  ZADD_INCR,
  ZADD_LT,
  ZADD_NX,
  ZADD_XX,
} from "../../store/zset.ts";
import { float, oneOf } from "../args.ts";
import { CommandError, ERR_SYNTAX } from "../errors.ts";
import { storeValue } from "../lookup.ts";
import { command } from "../registry.ts";
import { ERR_NAN_SCORE, writeZset } from "./common.ts";
import { COMPLEXITY } from "./complexity.ts";
import { notify, NOTIFY_ZSET } from "../../engine/notify.ts";

const CH = 32;

/** ZADD's leading options and their flags. */
const OPTION_NAMES = ["NX", "XX", "CH", "INCR", "GT", "LT"] as const;
const OPTION_FLAGS = [ZADD_NX, ZADD_XX, CH, ZADD_INCR, ZADD_GT, ZADD_LT] as const;

/** Reads ZADD's leading options; returns the flags and the index of the first score. */
function parseOptions(args: string[], from: number): [number, number] {
  let flags = 0;
  let i = from;
  for (; i < args.length; i++) {
    const k = oneOf(args[i], OPTION_NAMES);
    if (k < 0) break;
    flags |= OPTION_FLAGS[k];
  }
  return [flags, i];
}

/** ZADD and ZINCRBY (which is ZADD INCR with the options scan starting at the same place). */
function zaddGeneric(c: Client, args: string[], baseFlags: number): void {
  const [parsed, scoreIdx] = parseOptions(args, 2);
  const flags = parsed | baseFlags;
  let pairs = args.length - scoreIdx;
  if (pairs === 0 || pairs % 2 !== 0) throw new CommandError(ERR_SYNTAX);
  pairs /= 2;
  if (flags & ZADD_NX && flags & ZADD_XX) {
    throw new CommandError("ERR XX and NX options at the same time are not compatible");
  }
  if (
    (flags & ZADD_GT && flags & ZADD_NX) || (flags & ZADD_LT && flags & ZADD_NX) ||
    (flags & ZADD_GT && flags & ZADD_LT)
  ) {
    throw new CommandError("ERR GT, LT, and/or NX options at the same time are not compatible");
  }
  const incr = (flags & ZADD_INCR) !== 0;
  if (incr && pairs > 1) {
    throw new CommandError("ERR INCR option supports a single increment-element pair");
  }
  // every score is checked before anything changes
  const scores: number[] = new Array(pairs);
  for (let j = 0; j < pairs; j++) scores[j] = float(args[scoreIdx + j * 2]);

  const key = args[1];
  let zs = writeZset(c, key);
  const limits = c.engine.config;
  let created = false;
  if (zs === undefined) {
    if (flags & ZADD_XX) {
      if (incr) c.w.nullBulk();
      else c.w.int(0);
      return;
    }
    zs = SortedSet.forFirstMember(limits, args[scoreIdx + 1].length);
    created = true;
  }
  let added = 0;
  let updated = 0;
  let processed = 0;
  for (let j = 0; j < pairs; j++) {
    const outcome = zs.zadd(args[scoreIdx + j * 2 + 1], scores[j], flags, limits);
    // only INCR can produce NaN, with its single element: nothing changed
    if (outcome === AddOutcome.NaN) throw new CommandError(ERR_NAN_SCORE);
    if (outcome === AddOutcome.Added) added++;
    else if (outcome === AddOutcome.Updated) updated++;
    if (outcome !== AddOutcome.Skipped) processed++;
  }
  if (created && zs.size > 0) storeValue(c, key, zs);
  else if (added + updated > 0) c.engine.keyChanged(c.db, key, added + updated);
  if (added + updated > 0) notify(c, NOTIFY_ZSET, incr ? "zincr" : "zadd", key);
  if (incr) {
    if (processed > 0) c.w.double(zs.lastScore);
    else c.w.nullBulk();
  } else {
    c.w.int(flags & CH ? added + updated : added);
  }
}

export class ZaddCommands {
  @command({
    name: "zadd",
    arity: -4,
    flags: ["write", "denyoom", "fast"],
    keys: [1, 1, 1],
    acl: ["sortedset"],
    keySpecs: [{ flags: ["RW", "update"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "sorted-set",
    since: "1.2.0",
    summary: "Adds members with scores to a sorted set, or changes the scores of existing ones.",
    complexity: COMPLEXITY.zadd,
    history: [
      ["2.4.0", "Takes several score/member pairs."],
      ["3.0.2", "`XX`, `NX`, `CH` and `INCR` options."],
      ["6.2.0", "`GT` and `LT` options."],
    ],
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      {
        name: "condition",
        type: "oneof",
        since: "3.0.2",
        flags: ["optional"],
        args: [
          { name: "nx", type: "pure-token", token: "NX" },
          { name: "xx", type: "pure-token", token: "XX" },
        ],
      },
      {
        name: "comparison",
        type: "oneof",
        since: "6.2.0",
        flags: ["optional"],
        args: [
          { name: "gt", type: "pure-token", token: "GT" },
          { name: "lt", type: "pure-token", token: "LT" },
        ],
      },
      { name: "change", type: "pure-token", token: "CH", since: "3.0.2", flags: ["optional"] },
      { name: "increment", type: "pure-token", token: "INCR", since: "3.0.2", flags: ["optional"] },
      {
        name: "score_member",
        type: "block",
        flags: ["multiple"],
        args: [
          { name: "score", type: "double" },
          { name: "member", type: "string" },
        ],
      },
    ],
  })
  static zadd(c: Client, args: string[]): void {
    zaddGeneric(c, args, 0);
  }

  @command({
    name: "zincrby",
    arity: 4,
    flags: ["write", "denyoom", "fast"],
    keys: [1, 1, 1],
    acl: ["sortedset"],
    keySpecs: [{
      flags: ["RW", "access", "update"],
      begin: { index: 1 },
      find: { range: [0, 1, 0] },
    }],
    group: "sorted-set",
    since: "1.2.0",
    summary: "Adds an increment to a member's score, creating the member when absent.",
    complexity: COMPLEXITY.zincrby,
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "increment", type: "integer" },
      { name: "member", type: "string" },
    ],
  })
  static zincrby(c: Client, args: string[]): void {
    zaddGeneric(c, args, ZADD_INCR);
  }
}
