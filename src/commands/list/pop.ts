import type { Client } from "../../engine/client.ts";
import { wrongArity } from "../errors.ts";
import { numkeysKeys, rangeInt } from "../args.ts";
import { command, type CommandMeta } from "../registry.ts";
import {
  afterRemoval,
  parseListMpop,
  popRangeReply,
  popRangeWithKeyReply,
  writeList,
} from "./common.ts";

function popMeta(name: string, summary: string): CommandMeta {
  return {
    name,
    arity: -2,
    flags: ["write", "fast"],
    keys: [1, 1, 1],
    acl: ["list"],
    keySpecs: [{
      flags: ["RW", "access", "delete"],
      begin: { index: 1 },
      find: { range: [0, 1, 0] },
    }],
    group: "list",
    since: "1.0.0",
    summary,
    complexity: "O(N) where N is the number of elements returned",
    history: [["6.2.0", "The optional count argument."]],
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "count", type: "integer", since: "6.2.0", flags: ["optional"] },
    ],
  };
}

/** LPOP/RPOP: one element as a bulk string, or with a count an array of up to count. */
function pop(c: Client, args: string[], left: boolean): void {
  if (args.length > 3) throw wrongArity(left ? "lpop" : "rpop");
  const key = args[1];
  const withCount = args.length === 3;
  const count = withCount ? rangeInt(args[2], 0, "ERR value is out of range, must be positive") : 0;
  const list = writeList(c, key);
  if (list === undefined) {
    if (withCount) c.w.nullArray();
    else c.w.nullBulk();
    return;
  }
  if (!withCount) {
    c.w.bulk(left ? list.popHead()! : list.popTail()!);
    afterRemoval(c, key, list, 1, left ? "lpop" : "rpop");
    return;
  }
  if (count === 0) {
    c.w.array(0);
    return;
  }
  popRangeReply(c, key, list, left, count);
}

export class ListPopCommands {
  @command(popMeta("lpop", "Removes and returns elements from the head of a list."))
  static lpop(c: Client, args: string[]): void {
    pop(c, args, true);
  }

  @command(popMeta("rpop", "Removes and returns elements from the tail of a list."))
  static rpop(c: Client, args: string[]): void {
    pop(c, args, false);
  }

  @command({
    name: "lmpop",
    arity: -4,
    flags: ["write"],
    keys: [0, 0, 0],
    acl: ["list"],
    keySpecs: [{
      flags: ["RW", "access", "delete"],
      begin: { index: 1 },
      find: { keynum: [0, 1, 1] },
    }],
    group: "list",
    since: "7.0.0",
    summary: "Removes and returns elements from one end of the first non-empty list among keys.",
    complexity:
      "O(N+M) where N is the number of provided keys and M is the number of elements returned.",
    args: [
      { name: "numkeys", type: "integer" },
      { name: "key", type: "key", keySpecIndex: 0, flags: ["multiple"] },
      {
        name: "where",
        type: "oneof",
        args: [
          { name: "left", type: "pure-token", token: "LEFT" },
          { name: "right", type: "pure-token", token: "RIGHT" },
        ],
      },
      { name: "count", type: "integer", token: "COUNT", flags: ["optional"] },
    ],
    getKeys: (args) => numkeysKeys(args, 1),
  })
  static lmpop(c: Client, args: string[]): void {
    const opts = parseListMpop(args, 1);
    const end = opts.firstKey + opts.numkeys;
    for (let i = opts.firstKey; i < end; i++) {
      const list = writeList(c, args[i]);
      if (list === undefined) continue;
      const length = list.size;
      popRangeWithKeyReply(c, args[i], list, opts.first, opts.count);
      // propagated as the LPOP/RPOP with the count it amounted to, as Redis does
      const prop = c.engine.propagation;
      if (prop.active) {
        prop.rewrite([opts.first ? "LPOP" : "RPOP", args[i], String(Math.min(opts.count, length))]);
      }
      return;
    }
    c.w.nullArray();
  }
}
