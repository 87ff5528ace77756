import type { Client } from "../../engine/client.ts";
import { command } from "../registry.ts";
import { notify, NOTIFY_GENERIC } from "../../engine/notify.ts";

/**
 * DEL and UNLINK. respire frees memory through the garbage collector either way, so UNLINK's
 * background reclamation is what already happens; both remove the keys right away.
 */
function deleteKeys(c: Client, args: string[]): void {
  const db = c.db;
  let deleted = 0;
  for (let i = 1; i < args.length; i++) {
    const key = args[i];
    // a key whose TTL passed is reclaimed by the lookup and does not count as deleted
    if (db.entry(key) === undefined) continue;
    db.delete(key);
    c.engine.keyChanged(db, key);
    notify(c, NOTIFY_GENERIC, "del", key);
    deleted++;
  }
  c.w.int(deleted);
}

export class DelCommands {
  @command({
    name: "del",
    arity: -2,
    flags: ["write"],
    keys: [1, -1, 1],
    acl: ["keyspace"],
    tips: ["request_policy:multi_shard", "response_policy:agg_sum"],
    keySpecs: [{ flags: ["RM", "delete"], begin: { index: 1 }, find: { range: [-1, 1, 0] } }],
    group: "generic",
    since: "1.0.0",
    summary: "Removes keys and reports how many existed.",
    complexity:
      "O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).",
    args: [{ name: "key", type: "key", keySpecIndex: 0, flags: ["multiple"] }],
  })
  static del(c: Client, args: string[]): void {
    deleteKeys(c, args);
  }

  @command({
    name: "unlink",
    arity: -2,
    flags: ["write", "fast"],
    keys: [1, -1, 1],
    acl: ["keyspace"],
    tips: ["request_policy:multi_shard", "response_policy:agg_sum"],
    keySpecs: [{ flags: ["RM", "delete"], begin: { index: 1 }, find: { range: [-1, 1, 0] } }],
    group: "generic",
    since: "4.0.0",
    summary: "Removes keys like DEL, leaving the memory reclamation to the background.",
    complexity:
      "O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.",
    args: [{ name: "key", type: "key", keySpecIndex: 0, flags: ["multiple"] }],
  })
  static unlink(c: Client, args: string[]): void {
    deleteKeys(c, args);
  }
}
