import type { Client } from "../../engine/client.ts";
import { SetValue } from "../../store/set.ts";
import { readCollection, storeValue } from "../lookup.ts";
import { command } from "../registry.ts";
import { notify, NOTIFY_GENERIC, NOTIFY_SET } from "../../engine/notify.ts";

export class SetAddRemoveCommands {
  @command({
    name: "sadd",
    arity: -3,
    flags: ["write", "denyoom", "fast"],
    keys: [1, 1, 1],
    acl: ["set"],
    keySpecs: [{ flags: ["RW", "insert"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "set",
    since: "1.0.0",
    summary: "Adds members to a set, creating it if needed.",
    complexity:
      "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
    history: [["2.4.0", "Takes several members."]],
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "member", type: "string", flags: ["multiple"] },
    ],
  })
  static sadd(c: Client, args: string[]): void {
    const key = args[1];
    const existing = readCollection<SetValue>(c, key, "set", true);
    const set = existing ?? new SetValue();
    const maxIntset = c.engine.config.setMaxIntsetEntries;
    let added = 0;
    for (let i = 2; i < args.length; i++) if (set.add(args[i], maxIntset)) added++;
    if (existing === undefined) storeValue(c, key, set);
    else if (added > 0) c.engine.keyChanged(c.db, key, added);
    if (added > 0) notify(c, NOTIFY_SET, "sadd", key);
    c.w.int(added);
  }

  @command({
    name: "srem",
    arity: -3,
    flags: ["write", "fast"],
    keys: [1, 1, 1],
    acl: ["set"],
    keySpecs: [{ flags: ["RW", "delete"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "set",
    since: "1.0.0",
    summary: "Removes members from a set, and the set itself once it is empty.",
    complexity: "O(N) where N is the number of members to be removed.",
    history: [["2.4.0", "Takes several members."]],
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "member", type: "string", flags: ["multiple"] },
    ],
  })
  static srem(c: Client, args: string[]): void {
    const key = args[1];
    const set = readCollection<SetValue>(c, key, "set", true);
    if (set === undefined) {
      c.w.int(0);
      return;
    }
    let removed = 0;
    let keyRemoved = false;
    for (let i = 2; i < args.length; i++) {
      if (set.delete(args[i])) {
        removed++;
        if (set.size === 0) {
          c.db.delete(key);
          keyRemoved = true;
          break;
        }
      }
    }
    if (removed > 0) {
      c.engine.keyChanged(c.db, key, removed);
      notify(c, NOTIFY_SET, "srem", key);
      if (keyRemoved) notify(c, NOTIFY_GENERIC, "del", key);
    }
    c.w.int(removed);
  }
}
