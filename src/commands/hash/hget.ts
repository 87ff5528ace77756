import type { Client } from "../../engine/client.ts";
import type { HashValue } from "../../store/hash.ts";
import { readCollection } from "../lookup.ts";
import { command } from "../registry.ts";

export class HashReadCommands {
  @command({
    name: "hget",
    arity: 3,
    flags: ["readonly", "fast"],
    keys: [1, 1, 1],
    acl: ["hash"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "hash",
    since: "2.0.0",
    summary: "Returns the value stored in one field of a hash.",
    complexity: "O(1)",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "field", type: "string" },
    ],
  })
  static hget(c: Client, args: string[]): void {
    const hash = readCollection<HashValue>(c, args[1], "hash");
    c.w.bulkOrNull(hash?.get(args[2]));
  }

  @command({
    name: "hmget",
    arity: -3,
    flags: ["readonly", "fast"],
    keys: [1, 1, 1],
    acl: ["hash"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "hash",
    since: "2.0.0",
    summary: "Returns the values of several hash fields, with a null for each missing one.",
    complexity: "O(N) where N is the number of fields being requested.",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "field", type: "string", flags: ["multiple"] },
    ],
  })
  static hmget(c: Client, args: string[]): void {
    const hash = readCollection<HashValue>(c, args[1], "hash");
    c.w.array(args.length - 2);
    for (let i = 2; i < args.length; i++) c.w.bulkOrNull(hash?.get(args[i]));
  }

  @command({
    name: "hexists",
    arity: 3,
    flags: ["readonly", "fast"],
    keys: [1, 1, 1],
    acl: ["hash"],
    keySpecs: [{ flags: ["RO"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "hash",
    since: "2.0.0",
    summary: "Tells whether a hash has a given field.",
    complexity: "O(1)",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "field", type: "string" },
    ],
  })
  static hexists(c: Client, args: string[]): void {
    const hash = readCollection<HashValue>(c, args[1], "hash");
    c.w.int(hash !== undefined && hash.has(args[2]) ? 1 : 0);
  }

  @command({
    name: "hlen",
    arity: 2,
    flags: ["readonly", "fast"],
    keys: [1, 1, 1],
    acl: ["hash"],
    keySpecs: [{ flags: ["RO"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "hash",
    since: "2.0.0",
    summary: "Returns how many fields a hash has.",
    complexity: "O(1)",
    args: [{ name: "key", type: "key", keySpecIndex: 0 }],
  })
  static hlen(c: Client, args: string[]): void {
    c.w.int(readCollection<HashValue>(c, args[1], "hash")?.size ?? 0);
  }

  @command({
    name: "hstrlen",
    arity: 3,
    flags: ["readonly", "fast"],
    keys: [1, 1, 1],
    acl: ["hash"],
    keySpecs: [{ flags: ["RO"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "hash",
    since: "3.2.0",
    summary: "Returns the length in bytes of the value in one hash field.",
    complexity: "O(1)",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "field", type: "string" },
    ],
  })
  static hstrlen(c: Client, args: string[]): void {
    const hash = readCollection<HashValue>(c, args[1], "hash");
    c.w.int(hash?.get(args[2])?.length ?? 0);
  }
}
