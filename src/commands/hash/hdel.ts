import type { Client } from "../../engine/client.ts";
import type { HashValue } from "../../store/hash.ts";
import { readCollection } from "../lookup.ts";
import { command } from "../registry.ts";
import { notify, NOTIFY_GENERIC, NOTIFY_HASH } from "../../engine/notify.ts";

export class HashDeleteCommand {
  @command({
    name: "hdel",
    arity: -3,
    flags: ["write", "fast"],
    keys: [1, 1, 1],
    acl: ["hash"],
    keySpecs: [{ flags: ["RW", "delete"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "hash",
    since: "2.0.0",
    summary: "Removes fields from a hash, and the hash itself once it has none left.",
    complexity: "O(N) where N is the number of fields to be removed.",
    history: [["2.4.0", "Takes several fields."]],
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "field", type: "string", flags: ["multiple"] },
    ],
  })
  static hdel(c: Client, args: string[]): void {
    const key = args[1];
    const hash = readCollection<HashValue>(c, key, "hash", true);
    if (hash === undefined) {
      c.w.int(0);
      return;
    }
    let removed = 0;
    let keyRemoved = false;
    for (let i = 2; i < args.length; i++) {
      if (hash.delete(args[i])) {
        removed++;
        if (hash.size === 0) {
          c.db.delete(key);
          keyRemoved = true;
          break;
        }
      }
    }
    if (removed > 0) {
      c.engine.keyChanged(c.db, key, removed);
      notify(c, NOTIFY_HASH, "hdel", key);
      if (keyRemoved) notify(c, NOTIFY_GENERIC, "del", key);
    }
    c.w.int(removed);
  }
}
