import type { Client } from "../../engine/client.ts";
import { SetValue } from "../../store/set.ts";
import { Numkeys, numkeys, numkeysKeys, OptionScanner, positiveInt } from "../args.ts";
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
    getKeys: (args) => numkeysKeys(args, 1),
  })
  static sintercard(c: Client, args: string[]): void {
    const n = numkeys(args, 1, Numkeys.Card);
    let limit = 0;
    const o = new OptionScanner(args, 2 + n);
    while (!o.done) {
      if (o.take("LIMIT", 1)) limit = positiveInt(o.value(), "ERR LIMIT can't be negative");
      else o.fail();
    }
    const sets = presentSets(readSourceSets(c, args, 2, 2 + n));
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
