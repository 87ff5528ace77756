import type { Client } from "../../engine/client.ts";
import { readString } from "../lookup.ts";
import { command } from "../registry.ts";
import { notify, NOTIFY_GENERIC } from "../../engine/notify.ts";

export class GetdelCommand {
  @command({
    name: "getdel",
    arity: 2,
    flags: ["write", "fast"],
    keys: [1, 1, 1],
    acl: ["string"],
    keySpecs: [{
      flags: ["RW", "access", "delete"],
      begin: { index: 1 },
      find: { range: [0, 1, 0] },
    }],
    group: "string",
    since: "6.2.0",
    summary: "Returns the string stored at a key and deletes the key.",
    complexity: "O(1)",
    args: [{ name: "key", type: "key", keySpecIndex: 0 }],
  })
  static getdel(c: Client, args: string[]): void {
    const key = args[1];
    const value = readString(c, key);
    if (value === undefined) {
      c.w.nullBulk();
      return;
    }
    c.w.bulk(value);
    c.db.delete(key);
    c.engine.keyChanged(c.db, key);
    notify(c, NOTIFY_GENERIC, "del", key);
    // propagated as the deletion, as Redis does
    c.engine.propagation.rewrite([
      c.engine.config.lazyfreeLazyUserDel ? "UNLINK" : "DEL",
      key,
    ]);
  }
}
