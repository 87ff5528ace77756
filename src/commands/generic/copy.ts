import type { Client } from "../../engine/client.ts";
import type { Database, StringEncoding } from "../../store/database.ts";
import { OptionScanner } from "../args.ts";
import { CommandError } from "../errors.ts";
import { touchEntry } from "../lookup.ts";
import { command } from "../registry.ts";
import { databaseAt, encodingOf, int32 } from "./common.ts";
import { notify, NOTIFY_GENERIC, NOTIFY_KEY_MISS } from "../../engine/notify.ts";

export const ERR_SAME_OBJECT = "ERR source and destination objects are the same";

export class CopyCommand {
  @command({
    name: "copy",
    arity: -3,
    flags: ["write", "denyoom"],
    keys: [1, 2, 1],
    acl: ["keyspace"],
    keySpecs: [
      { flags: ["RO", "access"], begin: { index: 1 }, find: { range: [0, 1, 0] } },
      { flags: ["OW", "update"], begin: { index: 2 }, find: { range: [0, 1, 0] } },
    ],
    group: "generic",
    since: "6.2.0",
    summary: "Duplicates a key's value and TTL under another name, optionally in another database.",
    complexity:
      "O(N) worst case for collections, where N is the number of nested items. O(1) for string values.",
    args: [
      { name: "source", type: "key", keySpecIndex: 0 },
      { name: "destination", type: "key", keySpecIndex: 1 },
      { name: "destination-db", type: "integer", token: "DB", flags: ["optional"] },
      { name: "replace", type: "pure-token", token: "REPLACE", flags: ["optional"] },
    ],
  })
  static copy(c: Client, args: string[]): void {
    const source = args[1];
    const destination = args[2];
    const src = c.db;
    let dst: Database = src;
    let replace = false;
    const o = new OptionScanner(args, 3);
    while (!o.done) {
      if (o.take("REPLACE")) {
        replace = true;
      } else if (o.take("DB", 1)) {
        dst = databaseAt(c, int32(o.value()));
      } else {
        o.fail();
      }
    }
    if (src === dst && source === destination) throw new CommandError(ERR_SAME_OBJECT);

    // a read lookup of the source: counts a hit or miss and refreshes its access time
    const found = src.entry(source);
    if (found === undefined) {
      notify(c, NOTIFY_KEY_MISS, "keymiss", source);
      c.engine.stats.keyspaceMisses++;
      c.w.int(0);
      return;
    }
    c.engine.stats.keyspaceHits++;
    touchEntry(c, found);

    const existing = dst.entry(destination);
    if (existing !== undefined) {
      if (!replace) {
        c.w.int(0);
        return;
      }
      dst.delete(destination);
    }
    const value = found.value;
    const copy = dst.set(destination, typeof value === "string" ? value : value.clone());
    copy.lru = c.engine.initialLru();
    // the duplicate keeps the source's representation but is never a shared object
    if (typeof value === "string") copy.strEncoding = encodingOf(found) as StringEncoding;
    if (found.expireAt !== 0) dst.setExpire(destination, src.expireTime(found));
    c.engine.keyChanged(dst, destination);
    c.engine.keyspaceEvents.emit(NOTIFY_GENERIC, "copy_to", destination, dst.id);
    c.w.int(1);
  }
}
