import {
  addLongDouble,
  formatLongDoubleHuman,
  LD_FINITE,
  type LongDouble,
  parseLongDouble,
} from "../../lib/long_double.ts";
import { parseInt64 } from "../../lib/numbers.ts";
import type { Client } from "../../engine/client.ts";
import { CommandError, ERR_NOT_FLOAT } from "../errors.ts";
import { storeValue, writeString } from "../lookup.ts";
import { command } from "../registry.ts";
import { notify, NOTIFY_STRING } from "../../engine/notify.ts";

/** Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
const EMBSTR_LIMIT = 44;

/**
 * The text INCRBYFLOAT stores for current + increment, or null when either is not a float.
 * Redis adds in x87 long double and prints with "%.17Lf"; see formatLongDoubleHuman. Two
 * integers whose sum is a safe integer give the same text through plain numbers.
 */
function floatSum(current: string, increment: string): string | null {
  const a = parseInt64(current);
  if (typeof a === "number") {
    const b = parseInt64(increment);
    if (typeof b === "number") {
      const sum = a + b;
      if (Number.isSafeInteger(sum)) return String(sum);
    }
  }
  const x = parseLongDouble(current);
  if (x === null) return null;
  const y = parseLongDouble(increment);
  if (y === null) return null;
  const sum: LongDouble = addLongDouble(x, y);
  if (sum.kind !== LD_FINITE) throw new CommandError("ERR increment would produce NaN or Infinity");
  return formatLongDoubleHuman(sum);
}

export class IncrbyfloatCommand {
  @command({
    name: "incrbyfloat",
    arity: 3,
    flags: ["write", "denyoom", "fast"],
    keys: [1, 1, 1],
    acl: ["string"],
    keySpecs: [{
      flags: ["RW", "access", "update"],
      begin: { index: 1 },
      find: { range: [0, 1, 0] },
    }],
    group: "string",
    since: "2.6.0",
    summary: "Adds a floating point amount to the number stored at a key.",
    complexity: "O(1)",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "increment", type: "double" },
    ],
  })
  static incrbyfloat(c: Client, args: string[]): void {
    const key = args[1];
    const current = writeString(c, key);
    const text = floatSum(current ?? "0", args[2]);
    if (text === null) throw new CommandError(ERR_NOT_FLOAT);
    const e = storeValue(c, key, text, true);
    // Redis builds the result with createStringObject: embstr when short, never int
    if (text.length <= EMBSTR_LIMIT) e.strEncoding = "embstr";
    notify(c, NOTIFY_STRING, "incrbyfloat", key);
    // propagated as the value it produced, so no replay redoes the float arithmetic
    c.engine.propagation.rewrite(["SET", key, text, "KEEPTTL"]);
    c.w.bulk(text);
  }
}
