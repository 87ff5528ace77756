import type { Client } from "../../server/client.ts";
import { SetValue } from "../../store/set.ts";
import { command } from "../registry.ts";
import { maxIntsetEntries } from "./limits.ts";
import { readSourceSets, storeResult } from "./sinter.ts";

function union(sets: (SetValue | undefined)[], maxIntset: number): SetValue {
  const result = new SetValue();
  for (const s of sets) {
    if (s === undefined) continue;
    for (let slot = 0; slot < s.size; slot++) result.add(s.memberAt(slot), maxIntset);
  }
  return result;
}

/**
 * The first set minus the others, computed the way Redis picks: walking the first set and
 * probing the others when that is cheaper, otherwise copying the first set and removing the
 * others' members. The two ways can leave different encodings, which clients can observe.
 */
function difference(sets: (SetValue | undefined)[], maxIntset: number): SetValue {
  const result = new SetValue();
  const first = sets[0];
  if (first === undefined) return result;
  for (let j = 1; j < sets.length; j++) if (sets[j] === first) return result;
  let walkWork = 0;
  let copyWork = 0;
  for (const s of sets) {
    if (s === undefined) continue;
    walkWork += first.size;
    copyWork += s.size;
  }
  if (Math.floor(walkWork / 2) <= copyWork) {
    const others = sets.slice(1).filter((s): s is SetValue => s !== undefined)
      .sort((a, b) => b.size - a.size);
    for (let slot = 0; slot < first.size; slot++) {
      const m = first.memberAt(slot);
      let elsewhere = false;
      for (const o of others) {
        if (o.has(m)) {
          elsewhere = true;
          break;
        }
      }
      if (!elsewhere) result.add(m, maxIntset);
    }
    return result;
  }
  for (let slot = 0; slot < first.size; slot++) result.add(first.memberAt(slot), maxIntset);
  for (let j = 1; j < sets.length && result.size > 0; j++) {
    const s = sets[j];
    if (s === undefined) continue;
    for (let slot = 0; slot < s.size; slot++) result.delete(s.memberAt(slot));
  }
  return result;
}

function writeResult(c: Client, result: SetValue): void {
  const w = c.w;
  w.set(result.size);
  result.forEach((m) => w.bulk(m));
}

export class SetUnionDiffCommands {
  @command({
    name: "sunion",
    arity: -2,
    flags: ["readonly"],
    keys: [1, -1, 1],
    acl: ["set"],
    tips: ["nondeterministic_output_order"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [-1, 1, 0] } }],
    group: "set",
    since: "1.0.0",
    summary: "Returns the members found in any of the given sets.",
    complexity: "O(N) where N is the total number of elements in all given sets.",
    args: [{ name: "key", type: "key", keySpecIndex: 0, flags: ["multiple"] }],
  })
  static sunion(c: Client, args: string[]): void {
    const sets = readSourceSets(c, args, 1, args.length);
    writeResult(c, union(sets, maxIntsetEntries(c.server)));
  }

  @command({
    name: "sunionstore",
    arity: -3,
    flags: ["write", "denyoom"],
    keys: [1, -1, 1],
    acl: ["set"],
    keySpecs: [
      { flags: ["OW", "update"], begin: { index: 1 }, find: { range: [0, 1, 0] } },
      { flags: ["RO", "access"], begin: { index: 2 }, find: { range: [-1, 1, 0] } },
    ],
    group: "set",
    since: "1.0.0",
    summary: "Stores the union of the given sets in a key and returns its size.",
    complexity: "O(N) where N is the total number of elements in all given sets.",
    args: [
      { name: "destination", type: "key", keySpecIndex: 0 },
      { name: "key", type: "key", keySpecIndex: 1, flags: ["multiple"] },
    ],
  })
  static sunionstore(c: Client, args: string[]): void {
    const sets = readSourceSets(c, args, 2, args.length);
    storeResult(c, args[1], union(sets, maxIntsetEntries(c.server)), "sunionstore");
  }

  @command({
    name: "sdiff",
    arity: -2,
    flags: ["readonly"],
    keys: [1, -1, 1],
    acl: ["set"],
    tips: ["nondeterministic_output_order"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [-1, 1, 0] } }],
    group: "set",
    since: "1.0.0",
    summary: "Returns the members of the first set that are in none of the other sets.",
    complexity: "O(N) where N is the total number of elements in all given sets.",
    args: [{ name: "key", type: "key", keySpecIndex: 0, flags: ["multiple"] }],
  })
  static sdiff(c: Client, args: string[]): void {
    const sets = readSourceSets(c, args, 1, args.length);
    writeResult(c, difference(sets, maxIntsetEntries(c.server)));
  }

  @command({
    name: "sdiffstore",
    arity: -3,
    flags: ["write", "denyoom"],
    keys: [1, -1, 1],
    acl: ["set"],
    keySpecs: [
      { flags: ["OW", "update"], begin: { index: 1 }, find: { range: [0, 1, 0] } },
      { flags: ["RO", "access"], begin: { index: 2 }, find: { range: [-1, 1, 0] } },
    ],
    group: "set",
    since: "1.0.0",
    summary: "Stores the difference of the first set and the others in a key, returning its size.",
    complexity: "O(N) where N is the total number of elements in all given sets.",
    args: [
      { name: "destination", type: "key", keySpecIndex: 0 },
      { name: "key", type: "key", keySpecIndex: 1, flags: ["multiple"] },
    ],
  })
  static sdiffstore(c: Client, args: string[]): void {
    const sets = readSourceSets(c, args, 2, args.length);
    storeResult(c, args[1], difference(sets, maxIntsetEntries(c.server)), "sdiffstore");
  }
}
