import type { Client } from "../../engine/client.ts";
import { type ArgSpec, command, type CommandMeta } from "../registry.ts";
import { parseLexRange, parseScoreRange, readZset } from "./common.ts";
import { COMPLEXITY } from "./complexity.ts";

function rankCommand(c: Client, args: string[], reverse: boolean): void {
  const zs = readZset(c, args[1]);
  const rank = zs === undefined ? -1 : zs.rank(args[2]);
  if (rank < 0) c.w.nullBulk();
  else c.w.int(reverse ? zs!.size - 1 - rank : rank);
}

/**
 * The metadata of a fast read of one sorted set (flags, key spec, ACL, group, complexity);
 * `args` are those after the key.
 */
function fastReadMeta(
  m: Pick<CommandMeta, "name" | "arity" | "since" | "summary"> & { args: ArgSpec[] },
): CommandMeta {
  return {
    name: m.name,
    arity: m.arity,
    flags: ["readonly", "fast"],
    keys: [1, 1, 1],
    acl: ["sortedset"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "sorted-set",
    since: m.since,
    summary: m.summary,
    complexity: COMPLEXITY[m.name],
    args: [{ name: "key", type: "key", keySpecIndex: 0 }, ...m.args],
  };
}

export class ZsetReadCommands {
  @command({
    name: "zcard",
    arity: 2,
    flags: ["readonly", "fast"],
    keys: [1, 1, 1],
    acl: ["sortedset"],
    keySpecs: [{ flags: ["RO"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "sorted-set",
    since: "1.2.0",
    summary: "Returns how many members a sorted set has.",
    complexity: COMPLEXITY.zcard,
    args: [{ name: "key", type: "key", keySpecIndex: 0 }],
  })
  static zcard(c: Client, args: string[]): void {
    c.w.int(readZset(c, args[1])?.size ?? 0);
  }

  @command(fastReadMeta({
    name: "zscore",
    arity: 3,
    since: "1.2.0",
    summary: "Returns the score of a member of a sorted set.",
    args: [
      { name: "member", type: "string" },
    ],
  }))
  static zscore(c: Client, args: string[]): void {
    const score = readZset(c, args[1])?.score(args[2]);
    if (score === undefined) c.w.nullBulk();
    else c.w.double(score);
  }

  @command(fastReadMeta({
    name: "zmscore",
    arity: -3,
    since: "6.2.0",
    summary: "Returns the scores of several members of a sorted set.",
    args: [
      { name: "member", type: "string", flags: ["multiple"] },
    ],
  }))
  static zmscore(c: Client, args: string[]): void {
    const zs = readZset(c, args[1]);
    c.w.array(args.length - 2);
    for (let i = 2; i < args.length; i++) {
      const score = zs?.score(args[i]);
      if (score === undefined) c.w.nullBulk();
      else c.w.double(score);
    }
  }

  @command(fastReadMeta({
    name: "zcount",
    arity: 4,
    since: "2.0.0",
    summary: "Counts the members of a sorted set whose scores fall in a range.",
    args: [
      { name: "min", type: "double" },
      { name: "max", type: "double" },
    ],
  }))
  static zcount(c: Client, args: string[]): void {
    const range = parseScoreRange(args[2], args[3]);
    const zs = readZset(c, args[1]);
    c.w.int(zs === undefined ? 0 : zs.countInScoreRange(range));
  }

  @command(fastReadMeta({
    name: "zlexcount",
    arity: 4,
    since: "2.8.9",
    summary: "Counts the members of a sorted set that fall in a lexicographical range.",
    args: [
      { name: "min", type: "string" },
      { name: "max", type: "string" },
    ],
  }))
  static zlexcount(c: Client, args: string[]): void {
    const range = parseLexRange(args[2], args[3]);
    const zs = readZset(c, args[1]);
    c.w.int(zs === undefined ? 0 : zs.countInLexRange(range));
  }

  @command(fastReadMeta({
    name: "zrank",
    arity: 3,
    since: "2.0.0",
    summary: "Returns a member's position in a sorted set, counting from the lowest score.",
    args: [
      { name: "member", type: "string" },
    ],
  }))
  static zrank(c: Client, args: string[]): void {
    rankCommand(c, args, false);
  }

  @command(fastReadMeta({
    name: "zrevrank",
    arity: 3,
    since: "2.0.0",
    summary: "Returns a member's position in a sorted set, counting from the highest score.",
    args: [
      { name: "member", type: "string" },
    ],
  }))
  static zrevrank(c: Client, args: string[]): void {
    rankCommand(c, args, true);
  }
}
