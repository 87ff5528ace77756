import type { Client } from "../../server/client.ts";
import { SetValue } from "../../store/set.ts";
import { int } from "../args.ts";
import { CommandError, ERR_SYNTAX } from "../errors.ts";
import { readCollection, storeValue } from "../lookup.ts";
import { command } from "../registry.ts";
import { maxIntsetEntries } from "./limits.ts";
import { notify, NOTIFY_GENERIC, NOTIFY_SET } from "../../server/notify.ts";

/** The source sets, in argument order, with undefined for missing keys (WRONGTYPE throws). */
export function readSourceSets(
  c: Client,
  args: string[],
  from: number,
  to: number,
): (SetValue | undefined)[] {
  const sets: (SetValue | undefined)[] = [];
  for (let i = from; i < to; i++) sets.push(readCollection<SetValue>(c, args[i], "set"));
  return sets;
}

/**
 * Stores a computed set at dst (deleting dst when it is empty) and replies with its size.
 * `event` is the command's keyspace event for a stored result.
 */
export function storeResult(c: Client, dstKey: string, result: SetValue, event: string): void {
  if (result.size > 0) {
    storeValue(c, dstKey, result);
    notify(c, NOTIFY_SET, event, dstKey);
  } else if (c.db.delete(dstKey)) {
    c.server.keyChanged(c.db, dstKey);
    notify(c, NOTIFY_GENERIC, "del", dstKey);
  }
  c.w.int(result.size);
}

/**
 * Members of the intersection, walking the smallest set in its own order (so an intset
 * yields ascending members, as in Redis). `limit` > 0 stops after that many.
 */
function intersect(sets: SetValue[], limit: number, visit: (member: string) => void): void {
  const ordered = sets.slice().sort((a, b) => a.size - b.size);
  const first = ordered[0];
  let found = 0;
  for (let slot = 0; slot < first.size; slot++) {
    const m = first.memberAt(slot);
    let inAll = true;
    for (let j = 1; j < ordered.length; j++) {
      if (ordered[j] === first) continue;
      if (!ordered[j].has(m)) {
        inAll = false;
        break;
      }
    }
    if (!inAll) continue;
    visit(m);
    if (++found === limit) return;
  }
}

function presentSets(sets: (SetValue | undefined)[]): SetValue[] | null {
  for (const s of sets) if (s === undefined) return null;
  return sets as SetValue[];
}

export class SetIntersectCommands {
  @command({
    name: "sinter",
    arity: -2,
    flags: ["readonly"],
    keys: [1, -1, 1],
    acl: ["set"],
    tips: ["nondeterministic_output_order"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [-1, 1, 0] } }],
    group: "set",
    since: "1.0.0",
    summary: "Returns the members common to all the given sets.",
    complexity:
      "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
    args: [{ name: "key", type: "key", keySpecIndex: 0, flags: ["multiple"] }],
  })
  static sinter(c: Client, args: string[]): void {
    const sets = presentSets(readSourceSets(c, args, 1, args.length));
    const w = c.w;
    if (sets === null) {
      w.set(0);
      return;
    }
    const found: string[] = [];
    intersect(sets, 0, (m) => found.push(m));
    w.set(found.length);
    for (const m of found) w.bulk(m);
  }

  @command({
    name: "sintercard",
    arity: -3,
    flags: ["readonly"],
    keys: [0, 0, 0],
    acl: ["set"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { keynum: [0, 1, 1] } }],
    group: "set",
    since: "7.0.0",
    summary: "Counts the members common to all the given sets, optionally stopping at a limit.",
    complexity:
      "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
    args: [
      { name: "numkeys", type: "integer" },
      { name: "key", type: "key", keySpecIndex: 0, flags: ["multiple"] },
      { name: "limit", type: "integer", token: "LIMIT", flags: ["optional"] },
    ],
    getKeys: (args) => {
      const n = Number(args[1]);
      if (!Number.isSafeInteger(n) || n < 1 || n > args.length - 2) return [];
      return Array.from({ length: n }, (_, i) => 2 + i);
    },
  })
  static sintercard(c: Client, args: string[]): void {
    const numkeys = int(args[1], "ERR numkeys should be greater than 0");
    if (numkeys < 1) throw new CommandError("ERR numkeys should be greater than 0");
    if (numkeys > args.length - 2) {
      throw new CommandError("ERR Number of keys can't be greater than number of args");
    }
    let limit = 0;
    for (let i = 2 + numkeys; i < args.length; i++) {
      if (i + 1 < args.length && args[i].toUpperCase() === "LIMIT") {
        limit = int(args[++i], "ERR LIMIT can't be negative");
        if (limit < 0) throw new CommandError("ERR LIMIT can't be negative");
      } else {
        throw new CommandError(ERR_SYNTAX);
      }
    }
    const sets = presentSets(readSourceSets(c, args, 2, 2 + numkeys));
    if (sets === null) {
      c.w.int(0);
      return;
    }
    let count = 0;
    intersect(sets, limit, () => count++);
    c.w.int(count);
  }

  @command({
    name: "sinterstore",
    arity: -3,
    flags: ["write", "denyoom"],
    keys: [1, -1, 1],
    acl: ["set"],
    keySpecs: [
      { flags: ["RW", "update"], begin: { index: 1 }, find: { range: [0, 1, 0] } },
      { flags: ["RO", "access"], begin: { index: 2 }, find: { range: [-1, 1, 0] } },
    ],
    group: "set",
    since: "1.0.0",
    summary: "Stores the intersection of the given sets in a key and returns its size.",
    complexity:
      "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
    args: [
      { name: "destination", type: "key", keySpecIndex: 0 },
      { name: "key", type: "key", keySpecIndex: 1, flags: ["multiple"] },
    ],
  })
  static sinterstore(c: Client, args: string[]): void {
    const sets = presentSets(readSourceSets(c, args, 2, args.length));
    const result = new SetValue();
    if (sets !== null) {
      const maxIntset = maxIntsetEntries(c.server);
      intersect(sets, 0, (m) => result.add(m, maxIntset));
    }
    storeResult(c, args[1], result, "sinterstore");
  }
}
