import type { Client } from "../../engine/client.ts";
import { CommandError, ERR_NO_SUCH_KEY } from "../errors.ts";
import { touchEntry } from "../lookup.ts";
import { command } from "../registry.ts";
import type { ArgSpec, KeySpec } from "../registry.ts";
import { notify, NOTIFY_GENERIC } from "../../engine/notify.ts";

/**
 * Moves the value, TTL and access data of one key to another name. Returns false when
 * `onlyIfFree` is set and the target exists.
 */
function rename(c: Client, args: string[], onlyIfFree: boolean): boolean {
  const from = args[1];
  const to = args[2];
  const db = c.db;
  const source = db.entry(from);
  if (source === undefined) throw new CommandError(ERR_NO_SUCH_KEY);
  touchEntry(c, source);
  if (from === to) return !onlyIfFree;
  const target = db.entry(to);
  if (target !== undefined) {
    if (onlyIfFree) return false;
    db.delete(to);
  }
  db.attach(to, db.detach(from)!);
  c.engine.keyChanged(db, from);
  c.engine.keyChanged(db, to, 0);
  notify(c, NOTIFY_GENERIC, "rename_from", from);
  notify(c, NOTIFY_GENERIC, "rename_to", to);
  return true;
}

function renameKeySpecs(targetFlag: "update" | "insert"): KeySpec[] {
  return [
    { flags: ["RW", "access", "delete"], begin: { index: 1 }, find: { range: [0, 1, 0] } },
    { flags: ["OW", targetFlag], begin: { index: 2 }, find: { range: [0, 1, 0] } },
  ];
}

const RENAME_ARGS: ArgSpec[] = [
  { name: "key", type: "key", keySpecIndex: 0 },
  { name: "newkey", type: "key", keySpecIndex: 1 },
];

export class RenameCommands {
  @command({
    name: "rename",
    arity: 3,
    flags: ["write"],
    keys: [1, 2, 1],
    acl: ["keyspace"],
    keySpecs: renameKeySpecs("update"),
    group: "generic",
    since: "1.0.0",
    summary: "Gives a key a new name, replacing any key that had it.",
    complexity: "O(1)",
    args: RENAME_ARGS,
  })
  static rename(c: Client, args: string[]): void {
    rename(c, args, false);
    c.w.ok();
  }

  @command({
    name: "renamenx",
    arity: 3,
    flags: ["write", "fast"],
    keys: [1, 2, 1],
    acl: ["keyspace"],
    keySpecs: renameKeySpecs("insert"),
    group: "generic",
    since: "1.0.0",
    summary: "Gives a key a new name unless a key already has that name.",
    complexity: "O(1)",
    history: [["3.2.0", "Renaming a key to its own name replies 0 instead of an error."]],
    args: RENAME_ARGS,
  })
  static renamenx(c: Client, args: string[]): void {
    c.w.int(rename(c, args, true) ? 1 : 0);
  }
}
