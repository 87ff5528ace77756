import type { Client } from "../../engine/client.ts";
import { SetValue } from "../../store/set.ts";
import { int } from "../args.ts";
import { CommandError, ERR_SYNTAX } from "../errors.ts";
import { command } from "../registry.ts";
import { combineMeta, combineStoreMeta, readSourceSets, storeResult } from "./combine.ts";

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

const INTERSECT_COMPLEXITY =
  "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.";

export class SetIntersectCommands {
  @command(combineMeta(
    "sinter",
    "Returns the members common to all the given sets.",
    INTERSECT_COMPLEXITY,
  ))
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
    complexity: INTERSECT_COMPLEXITY,
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

  @command(combineStoreMeta(
    "sinterstore",
    "Stores the intersection of the given sets in a key and returns its size.",
    INTERSECT_COMPLEXITY,
    // Redis 7.0 marks this destination RW (the union and difference ones are OW)
    ["RW", "update"],
  ))
  static sinterstore(c: Client, args: string[]): void {
    const sets = presentSets(readSourceSets(c, args, 2, args.length));
    const result = new SetValue();
    if (sets !== null) {
      const maxIntset = c.engine.config.setMaxIntsetEntries;
      intersect(sets, 0, (m) => result.add(m, maxIntset));
    }
    storeResult(c, args[1], result, "sinterstore");
  }
}
