import type { Client } from "../../engine/client.ts";
import { addInt64, parseInt64 } from "../../lib/numbers.ts";
import { HashValue } from "../../store/hash.ts";
import { int64 } from "../args.ts";
import { CommandError, ERR_OVERFLOW } from "../errors.ts";
import { readCollection, storeValue } from "../lookup.ts";
import { command } from "../registry.ts";
import {
  addLongDouble,
  formatLongDoubleHuman,
  LD_FINITE,
  LD_ZERO,
  parseLongDouble,
} from "../../lib/long_double.ts";
import { notify, NOTIFY_HASH } from "../../engine/notify.ts";

/** Stores the new text of a field, creating the hash when it did not exist. */
function storeField(
  c: Client,
  key: string,
  existing: HashValue | undefined,
  field: string,
  value: string,
): void {
  const hash = existing ?? new HashValue();
  hash.set(field, value, c.engine.config);
  if (existing === undefined) storeValue(c, key, hash);
  else c.engine.keyChanged(c.db, key);
}

export class HashIncrementCommands {
  @command({
    name: "hincrby",
    arity: 4,
    flags: ["write", "denyoom", "fast"],
    keys: [1, 1, 1],
    acl: ["hash"],
    keySpecs: [{
      flags: ["RW", "access", "update"],
      begin: { index: 1 },
      find: { range: [0, 1, 0] },
    }],
    group: "hash",
    since: "2.0.0",
    summary: "Adds an integer to the number held in a hash field (a missing field counts as 0).",
    complexity: "O(1)",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "field", type: "string" },
      { name: "increment", type: "integer" },
    ],
  })
  static hincrby(c: Client, args: string[]): void {
    const key = args[1];
    const field = args[2];
    const incr = int64(args[3]);
    const hash = readCollection<HashValue>(c, key, "hash", true);
    const current = hash?.get(field);
    let value: number | bigint = 0;
    if (current !== undefined) {
      const parsed = parseInt64(current);
      if (parsed === null) throw new CommandError("ERR hash value is not an integer");
      value = parsed;
    }
    const result = addInt64(value, incr);
    if (result === null) throw new CommandError(ERR_OVERFLOW);
    const text = String(result);
    storeField(c, key, hash, field, text);
    notify(c, NOTIFY_HASH, "hincrby", key);
    c.w.int(result);
  }

  @command({
    name: "hincrbyfloat",
    arity: 4,
    flags: ["write", "denyoom", "fast"],
    keys: [1, 1, 1],
    acl: ["hash"],
    keySpecs: [{
      flags: ["RW", "access", "update"],
      begin: { index: 1 },
      find: { range: [0, 1, 0] },
    }],
    group: "hash",
    since: "2.6.0",
    summary: "Adds a floating point number to the number held in a hash field.",
    complexity: "O(1)",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "field", type: "string" },
      { name: "increment", type: "double" },
    ],
  })
  static hincrbyfloat(c: Client, args: string[]): void {
    const key = args[1];
    const field = args[2];
    const incr = parseLongDouble(args[3]);
    if (incr === null) throw new CommandError("ERR value is not a valid float");
    if (incr.kind !== LD_FINITE) throw new CommandError("ERR value is NaN or Infinity");
    const hash = readCollection<HashValue>(c, key, "hash", true);
    const current = hash?.get(field);
    let value = LD_ZERO;
    if (current !== undefined) {
      const parsed = parseLongDouble(current);
      if (parsed === null) throw new CommandError("ERR hash value is not a float");
      value = parsed;
    }
    const sum = addLongDouble(value, incr);
    if (sum.kind !== LD_FINITE) {
      throw new CommandError("ERR increment would produce NaN or Infinity");
    }
    const text = formatLongDoubleHuman(sum);
    storeField(c, key, hash, field, text);
    notify(c, NOTIFY_HASH, "hincrbyfloat", key);
    // propagated as the value it produced, so no replay redoes the float arithmetic
    c.engine.propagation.rewrite(["HSET", key, field, text]);
    c.w.bulk(text);
  }
}
