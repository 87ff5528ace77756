import type { Client } from "../../engine/client.ts";
import type { SetValue } from "../../store/set.ts";
import { readCollection } from "../lookup.ts";
import { command } from "../registry.ts";

/** Writes a whole set as a RESP3 set (an array in RESP2), in its iteration order. */
export function writeSet(c: Client, set: SetValue | undefined): void {
  const w = c.w;
  if (set === undefined) {
    w.set(0);
    return;
  }
  w.set(set.size);
  set.forEach((m) => w.bulk(m));
}

export class SetReadCommands {
  @command({
    name: "smembers",
    arity: 2,
    flags: ["readonly"],
    keys: [1, 1, 1],
    acl: ["set"],
    tips: ["nondeterministic_output_order"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "set",
    since: "1.0.0",
    summary: "Returns every member of a set.",
    complexity: "O(N) where N is the set cardinality.",
    args: [{ name: "key", type: "key", keySpecIndex: 0 }],
  })
  static smembers(c: Client, args: string[]): void {
    writeSet(c, readCollection<SetValue>(c, args[1], "set"));
  }

  @command({
    name: "sismember",
    arity: 3,
    flags: ["readonly", "fast"],
    keys: [1, 1, 1],
    acl: ["set"],
    keySpecs: [{ flags: ["RO"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "set",
    since: "1.0.0",
    summary: "Tells whether a value is a member of a set.",
    complexity: "O(1)",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "member", type: "string" },
    ],
  })
  static sismember(c: Client, args: string[]): void {
    const set = readCollection<SetValue>(c, args[1], "set");
    c.w.int(set !== undefined && set.has(args[2]) ? 1 : 0);
  }

  @command({
    name: "smismember",
    arity: -3,
    flags: ["readonly", "fast"],
    keys: [1, 1, 1],
    acl: ["set"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "set",
    since: "6.2.0",
    summary: "Tells, for each of several values, whether it is a member of a set.",
    complexity: "O(N) where N is the number of elements being checked for membership",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "member", type: "string", flags: ["multiple"] },
    ],
  })
  static smismember(c: Client, args: string[]): void {
    const set = readCollection<SetValue>(c, args[1], "set");
    const w = c.w;
    w.array(args.length - 2);
    for (let i = 2; i < args.length; i++) w.int(set !== undefined && set.has(args[i]) ? 1 : 0);
  }

  @command({
    name: "scard",
    arity: 2,
    flags: ["readonly", "fast"],
    keys: [1, 1, 1],
    acl: ["set"],
    keySpecs: [{ flags: ["RO"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "set",
    since: "1.0.0",
    summary: "Returns how many members a set has.",
    complexity: "O(1)",
    args: [{ name: "key", type: "key", keySpecIndex: 0 }],
  })
  static scard(c: Client, args: string[]): void {
    c.w.int(readCollection<SetValue>(c, args[1], "set")?.size ?? 0);
  }
}
