import type { Client } from "../../engine/client.ts";
import { HashValue } from "../../store/hash.ts";
import { lowerName } from "../args.ts";
import { wrongArity } from "../errors.ts";
import { readCollection, storeValue } from "../lookup.ts";
import { type ArgSpec, command } from "../registry.ts";
import { notify, NOTIFY_HASH } from "../../engine/notify.ts";

/** Sets every field/value pair of args[2..]; returns how many fields were new. */
function setPairs(c: Client, args: string[]): number {
  // the command's name (HSET or HMSET), as Redis's lower-case fullname
  if (args.length % 2 !== 0) throw wrongArity(lowerName(args[0]));
  const key = args[1];
  const limits = c.engine.config;
  const existing = readCollection<HashValue>(c, key, "hash", true);
  const hash = existing ?? new HashValue();
  let added = 0;
  for (let i = 2; i < args.length; i += 2) {
    if (hash.set(args[i], args[i + 1], limits)) added++;
  }
  if (existing === undefined) storeValue(c, key, hash);
  else c.engine.keyChanged(c.db, key);
  notify(c, NOTIFY_HASH, "hset", key);
  return added;
}

const PAIRS_ARGS: ArgSpec[] = [
  { name: "key", type: "key", keySpecIndex: 0 },
  {
    name: "field_value",
    type: "block",
    flags: ["multiple"],
    args: [
      { name: "field", type: "string" },
      { name: "value", type: "string" },
    ],
  },
];

export class HashSetCommands {
  @command({
    name: "hset",
    arity: -4,
    flags: ["write", "denyoom", "fast"],
    keys: [1, 1, 1],
    acl: ["hash"],
    keySpecs: [{ flags: ["RW", "update"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "hash",
    since: "2.0.0",
    summary: "Sets one or more fields of a hash to the given values.",
    complexity:
      "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.",
    history: [["4.0.0", "Takes any number of field/value pairs."]],
    args: PAIRS_ARGS,
  })
  static hset(c: Client, args: string[]): void {
    c.w.int(setPairs(c, args));
  }

  @command({
    name: "hmset",
    arity: -4,
    flags: ["write", "denyoom", "fast"],
    keys: [1, 1, 1],
    acl: ["hash"],
    keySpecs: [{ flags: ["RW", "update"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "hash",
    since: "2.0.0",
    summary: "Sets several hash fields at once (the older form of HSET).",
    complexity: "O(N) where N is the number of fields being set.",
    docFlags: ["deprecated"],
    deprecatedSince: "4.0.0",
    replacedBy: "`HSET` with multiple field-value pairs",
    args: PAIRS_ARGS,
  })
  static hmset(c: Client, args: string[]): void {
    setPairs(c, args);
    c.w.ok();
  }

  @command({
    name: "hsetnx",
    arity: 4,
    flags: ["write", "denyoom", "fast"],
    keys: [1, 1, 1],
    acl: ["hash"],
    keySpecs: [{ flags: ["RW", "insert"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "hash",
    since: "2.0.0",
    summary: "Sets a hash field only when the hash does not have it yet.",
    complexity: "O(1)",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "field", type: "string" },
      { name: "value", type: "string" },
    ],
  })
  static hsetnx(c: Client, args: string[]): void {
    const key = args[1];
    const existing = readCollection<HashValue>(c, key, "hash", true);
    if (existing !== undefined && existing.has(args[2])) {
      c.w.int(0);
      return;
    }
    const hash = existing ?? new HashValue();
    hash.set(args[2], args[3], c.engine.config);
    if (existing === undefined) storeValue(c, key, hash);
    else c.engine.keyChanged(c.db, key);
    notify(c, NOTIFY_HASH, "hset", key);
    c.w.int(1);
  }
}
