import type { Client } from "../../engine/client.ts";
import { distinctSlots } from "../../store/scan_cursor.ts";
import type { SortedSet } from "../../store/zset.ts";
import { isOption } from "../args.ts";
import { CommandError, ERR_SYNTAX } from "../errors.ts";
import { command } from "../registry.ts";
import { checkPairedCount, parseRandomCount } from "../random_count.ts";
import { readZset, replyScored, replyScoredArray } from "./common.ts";
import { COMPLEXITY } from "./complexity.ts";

function emitAt(c: Client, zs: SortedSet, rank: number, withScores: boolean): void {
  const pos = zs.atRank(rank);
  if (withScores) replyScored(c, zs.memberAt(pos), zs.scoreAt(pos));
  else c.w.bulk(zs.memberAt(pos));
}

function withCount(c: Client, args: string[]): void {
  const parsed = parseRandomCount(args[2]);
  let withScores = false;
  if (args.length > 4 || (args.length === 4 && !isOption(args[3], "WITHSCORES"))) {
    throw new CommandError(ERR_SYNTAX);
  }
  if (args.length === 4) {
    withScores = true;
    checkPairedCount(parsed);
  }
  const zs = readZset(c, args[1]);
  if (zs === undefined) {
    c.w.array(0);
    return;
  }
  const l = Number(parsed);
  const count = Math.abs(l);
  if (count === 0) {
    c.w.array(0);
    return;
  }
  const size = zs.size;
  const rand = c.engine.random;
  if (l < 0 || count === 1) {
    // repetitions allowed: independent draws
    replyScoredArray(c, count, withScores);
    for (let i = 0; i < count; i++) emitAt(c, zs, Math.floor(rand() * size), withScores);
    return;
  }
  if (count >= size) {
    // the whole set, highest score first, as Redis sends it
    replyScoredArray(c, size, withScores);
    for (let pos = zs.last(), i = 0; i < size; i++, pos = zs.prev(pos)) {
      if (withScores) replyScored(c, zs.memberAt(pos), zs.scoreAt(pos));
      else c.w.bulk(zs.memberAt(pos));
    }
    return;
  }
  replyScoredArray(c, count, withScores);
  for (const rank of distinctSlots(size, count, rand)) emitAt(c, zs, rank, withScores);
}

export class ZrandmemberCommand {
  @command({
    name: "zrandmember",
    arity: -2,
    flags: ["readonly"],
    keys: [1, 1, 1],
    acl: ["sortedset"],
    tips: ["nondeterministic_output"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "sorted-set",
    since: "6.2.0",
    summary: "Returns random members of a sorted set, optionally with their scores.",
    complexity: COMPLEXITY.zrandmember,
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      {
        name: "options",
        type: "block",
        flags: ["optional"],
        args: [
          { name: "count", type: "integer" },
          { name: "withscores", type: "pure-token", token: "WITHSCORES", flags: ["optional"] },
        ],
      },
    ],
  })
  static zrandmember(c: Client, args: string[]): void {
    if (args.length >= 3) {
      withCount(c, args);
      return;
    }
    const zs = readZset(c, args[1]);
    if (zs === undefined) {
      c.w.nullBulk();
      return;
    }
    c.w.bulk(zs.memberAt(zs.atRank(Math.floor(c.engine.random() * zs.size))));
  }
}
