/**
 * What SINTER, SUNION and SDIFF and their STORE forms share: reading the source sets, storing
 * a result, and their metadata, which differs only in name, summary and complexity (and
 * SINTERSTORE's destination flags).
 */
import type { Client } from "../../engine/client.ts";
import type { SetValue } from "../../store/set.ts";
import { deleteDestination, readCollection, storeValue } from "../lookup.ts";
import type { CommandMeta, KeySpecFlag } from "../registry.ts";
import { notify, NOTIFY_SET } from "../../engine/notify.ts";

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
  } else {
    deleteDestination(c, dstKey);
  }
  c.w.int(result.size);
}

/** Metadata of a command that reads every key argument and replies with a set. */
export function combineMeta(name: string, summary: string, complexity: string): CommandMeta {
  return {
    name,
    arity: -2,
    flags: ["readonly"],
    keys: [1, -1, 1],
    acl: ["set"],
    tips: ["nondeterministic_output_order"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [-1, 1, 0] } }],
    group: "set",
    since: "1.0.0",
    summary,
    complexity,
    args: [{ name: "key", type: "key", keySpecIndex: 0, flags: ["multiple"] }],
  };
}

/** Metadata of a STORE form: a destination key, then the keys it reads. */
export function combineStoreMeta(
  name: string,
  summary: string,
  complexity: string,
  destinationFlags: KeySpecFlag[],
): CommandMeta {
  return {
    name,
    arity: -3,
    flags: ["write", "denyoom"],
    keys: [1, -1, 1],
    acl: ["set"],
    keySpecs: [
      { flags: destinationFlags, begin: { index: 1 }, find: { range: [0, 1, 0] } },
      { flags: ["RO", "access"], begin: { index: 2 }, find: { range: [-1, 1, 0] } },
    ],
    group: "set",
    since: "1.0.0",
    summary,
    complexity,
    args: [
      { name: "destination", type: "key", keySpecIndex: 0 },
      { name: "key", type: "key", keySpecIndex: 1, flags: ["multiple"] },
    ],
  };
}
