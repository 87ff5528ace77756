import type { Client } from "../../engine/client.ts";
import type { SortedSet } from "../../store/zset.ts";
import { int } from "../args.ts";
import { command, type CommandMeta } from "../registry.ts";
import { afterRemoval, parseLexRange, parseScoreRange, writeZset } from "./common.ts";
import { COMPLEXITY } from "./complexity.ts";

function removeRangeMeta(
  name: string,
  since: string,
  summary: string,
  bounds: [string, "integer" | "double" | "string"][],
): CommandMeta {
  return {
    name,
    arity: 4,
    flags: ["write"],
    keys: [1, 1, 1],
    acl: ["sortedset"],
    keySpecs: [{ flags: ["RW", "delete"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "sorted-set",
    since,
    summary,
    complexity: COMPLEXITY[name],
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      ...bounds.map(([n, type]) => ({ name: n, type })),
    ],
  };
}

/** Runs a range removal on an existing set and replies the count (0 for a missing key). */
function removeRange(
  c: Client,
  key: string,
  event: string,
  remove: (zs: SortedSet) => number,
): void {
  const zs = writeZset(c, key);
  if (zs === undefined) {
    c.w.int(0);
    return;
  }
  const removed = remove(zs);
  afterRemoval(c, key, zs, removed, event);
  c.w.int(removed);
}

export class ZremCommands {
  @command({
    name: "zrem",
    arity: -3,
    flags: ["write", "fast"],
    keys: [1, 1, 1],
    acl: ["sortedset"],
    keySpecs: [{ flags: ["RW", "delete"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "sorted-set",
    since: "1.2.0",
    summary: "Removes members from a sorted set.",
    complexity: COMPLEXITY.zrem,
    history: [["2.4.0", "Takes several members."]],
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "member", type: "string", flags: ["multiple"] },
    ],
  })
  static zrem(c: Client, args: string[]): void {
    const key = args[1];
    const zs = writeZset(c, key);
    if (zs === undefined) {
      c.w.int(0);
      return;
    }
    let removed = 0;
    for (let i = 2; i < args.length; i++) {
      if (zs.delete(args[i])) {
        removed++;
        if (zs.size === 0) break;
      }
    }
    afterRemoval(c, key, zs, removed, "zrem");
    c.w.int(removed);
  }

  @command(removeRangeMeta(
    "zremrangebyrank",
    "2.0.0",
    "Removes the members of a sorted set within a range of ranks.",
    [["start", "integer"], ["stop", "integer"]],
  ))
  static zremrangebyrank(c: Client, args: string[]): void {
    let start = int(args[2]);
    let end = int(args[3]);
    removeRange(c, args[1], "zremrangebyrank", (zs) => {
      const length = zs.size;
      if (start < 0) start += length;
      if (end < 0) end += length;
      if (start < 0) start = 0;
      if (start > end || start >= length) return 0;
      if (end >= length) end = length - 1;
      return zs.deleteRankRange(start, end);
    });
  }

  @command(removeRangeMeta(
    "zremrangebyscore",
    "1.2.0",
    "Removes the members of a sorted set whose scores fall in a range.",
    [["min", "double"], ["max", "double"]],
  ))
  static zremrangebyscore(c: Client, args: string[]): void {
    const range = parseScoreRange(args[2], args[3]);
    removeRange(c, args[1], "zremrangebyscore", (zs) => zs.deleteScoreRange(range));
  }

  @command(removeRangeMeta(
    "zremrangebylex",
    "2.8.9",
    "Removes the members of a sorted set within a lexicographical range.",
    [["min", "string"], ["max", "string"]],
  ))
  static zremrangebylex(c: Client, args: string[]): void {
    const range = parseLexRange(args[2], args[3]);
    removeRange(c, args[1], "zremrangebylex", (zs) => zs.deleteLexRange(range));
  }
}
