import type { Client } from "../../engine/client.ts";
import type { SortedSet } from "../../store/zset.ts";
import { type Mpop, numkeysKeys, parseMpop, positiveInt } from "../args.ts";
import { CommandError, ERR_SYNTAX } from "../errors.ts";
import { type ArgSpec, command, type KeySpec } from "../registry.ts";
import { afterRemoval, writeZset } from "./common.ts";
import { COMPLEXITY } from "./complexity.ts";

export const enum PopShape {
  /** member, score, member, score... (ZPOPMIN/ZPOPMAX without COUNT, or in RESP2) */
  Flat,
  /** [[member, score], ...] (ZPOPMIN/ZPOPMAX with COUNT in RESP3) */
  Pairs,
  /** key, member, score (BZPOPMIN/BZPOPMAX) */
  KeyFlat,
  /** [key, [[member, score], ...]] (ZMPOP/BZMPOP) */
  KeyPairs,
}

/** The first existing key among keys[from, to) holding a zset; WRONGTYPE stops the search. */
export function firstZset(
  c: Client,
  keys: string[],
  from: number,
  to: number,
): [string, SortedSet] | null {
  for (let i = from; i < to; i++) {
    const zs = writeZset(c, keys[i]);
    if (zs !== undefined) return [keys[i], zs];
  }
  return null;
}

/**
 * Pops up to `count` elements from the low (min) or high end of the set at key and writes
 * them in the given shape; deletes the key when it empties.
 */
export function popAndReply(
  c: Client,
  key: string,
  zs: SortedSet,
  min: boolean,
  count: number,
  shape: PopShape,
): void {
  const w = c.w;
  const n = Math.min(count, zs.size);
  switch (shape) {
    case PopShape.Flat:
      w.array(n * 2);
      break;
    case PopShape.Pairs:
      w.array(n);
      break;
    case PopShape.KeyFlat:
      w.array(n * 2 + 1);
      w.bulk(key);
      break;
    case PopShape.KeyPairs:
      w.array(2);
      w.bulk(key);
      w.array(n);
      break;
  }
  const pairs = shape === PopShape.Pairs || shape === PopShape.KeyPairs;
  for (let i = 0; i < n; i++) {
    const pos = min ? zs.first() : zs.last();
    const member = zs.memberAt(pos);
    const score = zs.scoreAt(pos);
    zs.deleteAt(pos);
    if (pairs) w.array(2);
    w.bulk(member);
    w.double(score);
  }
  afterRemoval(c, key, zs, n, min ? "zpopmin" : "zpopmax");
}

function zpopMinMax(c: Client, args: string[], min: boolean): void {
  if (args.length > 3) throw new CommandError(ERR_SYNTAX);
  let count = 1;
  if (args.length === 3) {
    count = positiveInt(args[2], "ERR value is out of range, must be positive");
  }
  const found = firstZset(c, args, 1, 2);
  if (found === null || count === 0) {
    c.w.array(0);
    return;
  }
  const shape = args.length === 3 && c.w.resp === 3 ? PopShape.Pairs : PopShape.Flat;
  popAndReply(c, found[0], found[1], min, count, shape);
}

/** Parses `numkeys key... MIN|MAX [COUNT count]` starting at args[from] (ZMPOP/BZMPOP). */
export function parseZsetMpop(args: string[], from: number): Mpop {
  return parseMpop(args, from, MIN_MAX);
}

const MIN_MAX = ["MIN", "MAX"] as const;

const POP_SPEC: KeySpec = {
  flags: ["RW", "access", "delete"],
  begin: { index: 1 },
  find: { range: [0, 1, 0] },
};

/** What ZMPOP and BZMPOP take after their keys. */
export const MPOP_OPTION_ARGS: ArgSpec[] = [
  {
    name: "where",
    type: "oneof",
    args: [
      { name: "min", type: "pure-token", token: "MIN" },
      { name: "max", type: "pure-token", token: "MAX" },
    ],
  },
  { name: "count", type: "integer", token: "COUNT", flags: ["optional"] },
];

export class ZpopCommands {
  @command({
    name: "zpopmin",
    arity: -2,
    flags: ["write", "fast"],
    keys: [1, 1, 1],
    acl: ["sortedset"],
    keySpecs: [POP_SPEC],
    group: "sorted-set",
    since: "5.0.0",
    summary: "Removes and returns the members with the lowest scores of a sorted set.",
    complexity: COMPLEXITY.zpopmin,
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "count", type: "integer", flags: ["optional"] },
    ],
  })
  static zpopmin(c: Client, args: string[]): void {
    zpopMinMax(c, args, true);
  }

  @command({
    name: "zpopmax",
    arity: -2,
    flags: ["write", "fast"],
    keys: [1, 1, 1],
    acl: ["sortedset"],
    keySpecs: [POP_SPEC],
    group: "sorted-set",
    since: "5.0.0",
    summary: "Removes and returns the members with the highest scores of a sorted set.",
    complexity: COMPLEXITY.zpopmax,
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "count", type: "integer", flags: ["optional"] },
    ],
  })
  static zpopmax(c: Client, args: string[]): void {
    zpopMinMax(c, args, false);
  }

  @command({
    name: "zmpop",
    arity: -4,
    flags: ["write", "movablekeys"],
    keys: [0, 0, 0],
    acl: ["sortedset"],
    keySpecs: [{
      flags: ["RW", "access", "delete"],
      begin: { index: 1 },
      find: { keynum: [0, 1, 1] },
    }],
    group: "sorted-set",
    since: "7.0.0",
    summary: "Removes and returns members with the lowest or highest scores from the first " +
      "non-empty sorted set among several keys.",
    complexity: COMPLEXITY.zmpop,
    args: [
      { name: "numkeys", type: "integer" },
      { name: "key", type: "key", keySpecIndex: 0, flags: ["multiple"] },
      ...MPOP_OPTION_ARGS,
    ],
    getKeys: (args) => numkeysKeys(args, 1),
  })
  static zmpop(c: Client, args: string[]): void {
    const opts = parseZsetMpop(args, 1);
    const found = firstZset(c, args, 2, 2 + opts.numkeys);
    if (found === null) {
      c.w.nullArray();
      return;
    }
    const [key, zs] = found;
    const size = zs.size;
    popAndReply(c, key, zs, opts.first, opts.count, PopShape.KeyPairs);
    // propagated as the ZPOPMIN/ZPOPMAX with the count it amounted to, as Redis does
    const prop = c.engine.propagation;
    if (prop.active) {
      prop.rewrite([opts.first ? "ZPOPMIN" : "ZPOPMAX", key, String(Math.min(opts.count, size))]);
    }
  }
}
