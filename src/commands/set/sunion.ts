import type { Client } from "../../engine/client.ts";
import { SetValue } from "../../store/set.ts";
import { command } from "../registry.ts";
import { combineMeta, combineStoreMeta, readSourceSets, storeResult } from "./combine.ts";

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

const ALL_ELEMENTS_COMPLEXITY = "O(N) where N is the total number of elements in all given sets.";

export class SetUnionDiffCommands {
  @command(
    combineMeta(
      "sunion",
      "Returns the members found in any of the given sets.",
      ALL_ELEMENTS_COMPLEXITY,
    ),
  )
  static sunion(c: Client, args: string[]): void {
    const sets = readSourceSets(c, args, 1, args.length);
    writeResult(c, union(sets, c.engine.config.setMaxIntsetEntries));
  }

  @command(combineStoreMeta(
    "sunionstore",
    "Stores the union of the given sets in a key and returns its size.",
    ALL_ELEMENTS_COMPLEXITY,
    ["OW", "update"],
  ))
  static sunionstore(c: Client, args: string[]): void {
    const sets = readSourceSets(c, args, 2, args.length);
    storeResult(c, args[1], union(sets, c.engine.config.setMaxIntsetEntries), "sunionstore");
  }

  @command(
    combineMeta(
      "sdiff",
      "Returns the members of the first set that are in none of the other sets.",
      ALL_ELEMENTS_COMPLEXITY,
    ),
  )
  static sdiff(c: Client, args: string[]): void {
    const sets = readSourceSets(c, args, 1, args.length);
    writeResult(c, difference(sets, c.engine.config.setMaxIntsetEntries));
  }

  @command(combineStoreMeta(
    "sdiffstore",
    "Stores the difference of the first set and the others in a key, returning its size.",
    ALL_ELEMENTS_COMPLEXITY,
    ["OW", "update"],
  ))
  static sdiffstore(c: Client, args: string[]): void {
    const sets = readSourceSets(c, args, 2, args.length);
    storeResult(c, args[1], difference(sets, c.engine.config.setMaxIntsetEntries), "sdiffstore");
  }
}
