import type { Client } from "../../server/client.ts";
import { parseInt64 } from "../../resp/numbers.ts";
import type { SortedSet } from "../../store/zset.ts";
import { isOption } from "../args.ts";
import { CommandError, ERR_NOT_INTEGER, ERR_SYNTAX } from "../errors.ts";
import { command } from "../registry.ts";
import { readZset, replyScored, replyScoredArray } from "./common.ts";
import { COMPLEXITY } from "./complexity.ts";

const LONG_MAX = 9223372036854775807n;

function emitAt(c: Client, zs: SortedSet, rank: number, withScores: boolean): void {
  const pos = zs.atRank(rank);
  if (withScores) replyScored(c, zs.memberAt(pos), zs.scoreAt(pos));
  else c.w.bulk(zs.memberAt(pos));
}

function withCount(c: Client, args: string[]): void {
  const parsed = parseInt64(args[2]);
  if (parsed === null) throw new CommandError(ERR_NOT_INTEGER);
  if (typeof parsed === "bigint" && parsed < -LONG_MAX) {
    throw new CommandError(
      "ERR value is out of range, value must between -9223372036854775807 and " +
        "9223372036854775807",
    );
  }
  let withScores = false;
  if (args.length > 4 || (args.length === 4 && !isOption(args[3], "WITHSCORES"))) {
    throw new CommandError(ERR_SYNTAX);
  }
  if (args.length === 4) {
    withScores = true;
    // the reply would have 2*count entries
    if (typeof parsed === "bigint" && (parsed < -LONG_MAX / 2n || parsed > LONG_MAX / 2n)) {
      throw new CommandError("ERR value is out of range");
    }
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
  const rand = c.server.random;
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
  if (count * 3 > size) {
    // a large share of the set: partial shuffle of all ranks
    const ranks = new Array<number>(size);
    for (let i = 0; i < size; i++) ranks[i] = i;
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(rand() * (size - i));
      const t = ranks[i];
      ranks[i] = ranks[j];
      ranks[j] = t;
      emitAt(c, zs, ranks[i], withScores);
    }
    return;
  }
  // a small share: draw until enough distinct ranks, O(count) draws expected
  const seen = new Set<number>();
  while (seen.size < count) {
    const r = Math.floor(rand() * size);
    if (seen.has(r)) continue;
    seen.add(r);
    emitAt(c, zs, r, withScores);
  }
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
    c.w.bulk(zs.memberAt(zs.atRank(Math.floor(c.server.random() * zs.size))));
  }
}
