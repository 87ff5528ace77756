import type { Client } from "../../engine/client.ts";
import { readString } from "../lookup.ts";
import { command } from "../registry.ts";
import {
  expireAtMs,
  OPT_EX,
  OPT_EXAT,
  OPT_PERSIST,
  OPT_PX,
  OPT_PXAT,
  parseStringOptions,
} from "./options.ts";
import { notify, NOTIFY_GENERIC } from "../../engine/notify.ts";

export class GetexCommand {
  @command({
    name: "getex",
    arity: -2,
    flags: ["write", "fast"],
    keys: [1, 1, 1],
    acl: ["string"],
    keySpecs: [{
      notes: "Read-write and update: the value is read and the time to live may change.",
      flags: ["RW", "access", "update"],
      begin: { index: 1 },
      find: { range: [0, 1, 0] },
    }],
    group: "string",
    since: "6.2.0",
    summary: "Returns the string stored at a key and optionally changes its expiry.",
    complexity: "O(1)",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      {
        name: "expiration",
        type: "oneof",
        flags: ["optional"],
        args: [
          { name: "seconds", type: "integer", token: "EX" },
          { name: "milliseconds", type: "integer", token: "PX" },
          { name: "unix-time-seconds", type: "unix-time", token: "EXAT" },
          { name: "unix-time-milliseconds", type: "unix-time", token: "PXAT" },
          { name: "persist", type: "pure-token", token: "PERSIST" },
        ],
      },
    ],
  })
  static getex(c: Client, args: string[]): void {
    const key = args[1];
    const opts = args.length > 2 ? parseStringOptions(args, 2, false) : null;
    const value = readString(c, key);
    if (value === undefined) {
      // a missing key answers null before the expiry argument is even looked at
      c.w.nullBulk();
      return;
    }
    if (opts === null) {
      c.w.bulk(value);
      return;
    }
    const flags = opts.flags;
    const unit = flags & (OPT_EX | OPT_PX | OPT_EXAT | OPT_PXAT);
    const at = opts.expire === null ? 0 : expireAtMs(c, opts.expire, unit, "getex");
    c.w.bulk(value);
    const db = c.db;
    const prop = c.engine.propagation;
    if (unit & (OPT_EXAT | OPT_PXAT) && at <= c.engine.clock.now()) {
      // an absolute time already past deletes the key, as Redis's checkAlreadyExpired
      db.delete(key);
      c.engine.keyChanged(db, key);
      notify(c, NOTIFY_GENERIC, "del", key);
      // propagated as the deletion it amounts to, as Redis does
      prop.rewrite([c.engine.config.lazyfreeLazyExpire ? "UNLINK" : "DEL", key]);
    } else if (opts.expire !== null) {
      db.setExpire(key, at);
      c.engine.keyChanged(db, key);
      notify(c, NOTIFY_GENERIC, "expire", key);
      prop.rewrite(["PEXPIREAT", key, String(at)]);
    } else if (flags & OPT_PERSIST && db.persist(key)) {
      c.engine.keyChanged(db, key);
      notify(c, NOTIFY_GENERIC, "persist", key);
      prop.rewrite(["PERSIST", key]);
    }
  }
}
