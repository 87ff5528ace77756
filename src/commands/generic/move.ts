import type { Client } from "../../engine/client.ts";
import { touchEntry } from "../lookup.ts";
import { CommandError } from "../errors.ts";
import { command } from "../registry.ts";
import { databaseAt, int32 } from "./common.ts";
import { ERR_SAME_OBJECT } from "./copy.ts";
import { NOTIFY_GENERIC } from "../../engine/notify.ts";

export class MoveCommand {
  @command({
    name: "move",
    arity: 3,
    flags: ["write", "fast"],
    keys: [1, 1, 1],
    acl: ["keyspace"],
    keySpecs: [{
      flags: ["RW", "access", "update"],
      begin: { index: 1 },
      find: { range: [0, 1, 0] },
    }],
    group: "generic",
    since: "1.0.0",
    summary: "Moves a key with its TTL to another database unless the name is taken there.",
    complexity: "O(1)",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "db", type: "integer" },
    ],
  })
  static move(c: Client, args: string[]): void {
    const key = args[1];
    const src = c.db;
    const dst = databaseAt(c, int32(args[2]));
    if (dst === src) throw new CommandError(ERR_SAME_OBJECT);
    const e = src.entry(key);
    if (e === undefined) {
      c.w.int(0);
      return;
    }
    touchEntry(c, e);
    if (dst.entry(key) !== undefined) {
      c.w.int(0);
      return;
    }
    // the same value object changes database, with its TTL and access data
    dst.attach(key, src.detach(key)!);
    c.engine.keyChanged(src, key);
    c.engine.keyChanged(dst, key, 0);
    const events = c.engine.keyspaceEvents;
    events.emit(NOTIFY_GENERIC, "move_from", key, src.id);
    events.emit(NOTIFY_GENERIC, "move_to", key, dst.id);
    c.w.int(1);
  }
}
