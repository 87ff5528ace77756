import type { Client } from "../../engine/client.ts";
import { readString, storeValue } from "../lookup.ts";
import { command } from "../registry.ts";
import { notify, NOTIFY_STRING } from "../../engine/notify.ts";

export class GetsetCommand {
  @command({
    name: "getset",
    arity: 3,
    flags: ["write", "denyoom", "fast"],
    keys: [1, 1, 1],
    acl: ["string"],
    keySpecs: [{
      flags: ["RW", "access", "update"],
      begin: { index: 1 },
      find: { range: [0, 1, 0] },
    }],
    group: "string",
    since: "1.0.0",
    summary: "Stores a string at a key and returns the string it replaced.",
    complexity: "O(1)",
    docFlags: ["deprecated"],
    deprecatedSince: "6.2.0",
    replacedBy: "`SET` with the `!GET` argument",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "value", type: "string" },
    ],
  })
  static getset(c: Client, args: string[]): void {
    const key = args[1];
    // WRONGTYPE is thrown here, before the key is touched
    c.w.bulkOrNull(readString(c, key));
    storeValue(c, key, args[2]);
    notify(c, NOTIFY_STRING, "set", key);
    // propagated as SET, as Redis does
    c.engine.propagation.rewrite(["SET", key, args[2]]);
  }
}
