import type { Client } from "../../engine/client.ts";
import { touchEntry } from "../lookup.ts";
import { command } from "../registry.ts";
import { notify, NOTIFY_GENERIC } from "../../engine/notify.ts";

export class PersistCommand {
  @command({
    name: "persist",
    arity: 2,
    flags: ["write", "fast"],
    keys: [1, 1, 1],
    acl: ["keyspace"],
    keySpecs: [{ flags: ["RW", "update"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "generic",
    since: "2.2.0",
    summary: "Removes a key's time to live so it stays until deleted.",
    complexity: "O(1)",
    args: [{ name: "key", type: "key", keySpecIndex: 0 }],
  })
  static persist(c: Client, args: string[]): void {
    const key = args[1];
    const e = c.db.entry(key);
    if (e === undefined) {
      c.w.int(0);
      return;
    }
    touchEntry(c, e);
    if (!c.db.persist(key)) {
      c.w.int(0);
      return;
    }
    c.engine.keyChanged(c.db, key);
    notify(c, NOTIFY_GENERIC, "persist", key);
    c.w.int(1);
  }
}
