import type { Client } from "../../engine/client.ts";
import { SetValue } from "../../store/set.ts";
import type { Value } from "../../store/types.ts";
import { CommandError, ERR_WRONGTYPE } from "../errors.ts";
import { lookupWrite, storeValue } from "../lookup.ts";
import { command } from "../registry.ts";
import { notify, NOTIFY_GENERIC, NOTIFY_SET } from "../../engine/notify.ts";

function isSet(v: Value): v is SetValue {
  return typeof v !== "string" && v.type === "set";
}

export class SetMoveCommand {
  @command({
    name: "smove",
    arity: 4,
    flags: ["write", "fast"],
    keys: [1, 2, 1],
    acl: ["set"],
    keySpecs: [
      { flags: ["RW", "access", "delete"], begin: { index: 1 }, find: { range: [0, 1, 0] } },
      { flags: ["RW", "insert"], begin: { index: 2 }, find: { range: [0, 1, 0] } },
    ],
    group: "set",
    since: "1.0.0",
    summary: "Moves a member from one set to another.",
    complexity: "O(1)",
    args: [
      { name: "source", type: "key", keySpecIndex: 0 },
      { name: "destination", type: "key", keySpecIndex: 1 },
      { name: "member", type: "string" },
    ],
  })
  static smove(c: Client, args: string[]): void {
    const srcKey = args[1];
    const dstKey = args[2];
    const member = args[3];
    const srcValue = lookupWrite(c, srcKey);
    const dstValue = lookupWrite(c, dstKey);
    // a missing source wins over a destination of the wrong type, as in Redis
    if (srcValue === undefined) {
      c.w.int(0);
      return;
    }
    if (!isSet(srcValue) || (dstValue !== undefined && !isSet(dstValue))) {
      throw new CommandError(ERR_WRONGTYPE);
    }
    const src = srcValue;
    const dst = dstValue;
    if (src === dst) {
      c.w.int(src.has(member) ? 1 : 0);
      return;
    }
    if (!src.delete(member)) {
      c.w.int(0);
      return;
    }
    const srcRemoved = src.size === 0;
    if (srcRemoved) c.db.delete(srcKey);
    c.engine.keyChanged(c.db, srcKey);
    notify(c, NOTIFY_SET, "srem", srcKey);
    if (srcRemoved) notify(c, NOTIFY_GENERIC, "del", srcKey);
    const target = dst ?? new SetValue();
    if (target.add(member, c.engine.config.setMaxIntsetEntries)) {
      if (dst === undefined) storeValue(c, dstKey, target);
      else c.engine.keyChanged(c.db, dstKey);
      notify(c, NOTIFY_SET, "sadd", dstKey);
    }
    c.w.int(1);
  }
}
