/** INCR, DECR, INCRBY and DECRBY: signed 64-bit arithmetic on strings holding integers. */
import { addInt64, parseInt64 } from "../../lib/numbers.ts";
import type { Client } from "../../engine/client.ts";
import { int64 } from "../args.ts";
import { CommandError, ERR_NOT_INTEGER, ERR_OVERFLOW } from "../errors.ts";
import { storeValue, writeString } from "../lookup.ts";
import { type ArgSpec, command, type CommandMeta, type KeySpec } from "../registry.ts";
import { notify, NOTIFY_STRING } from "../../engine/notify.ts";

const INT64_MIN = -9223372036854775808n;

/**
 * Adds delta to the integer stored at key (0 when missing), keeping its TTL. Safe integers
 * take the plain number path; anything near or beyond 2^53 is done exactly in bigint.
 */
function incrementBy(c: Client, key: string, delta: number | bigint): void {
  const current = writeString(c, key);
  let value: number | bigint = 0;
  if (current !== undefined) {
    const parsed = parseInt64(current);
    if (parsed === null) throw new CommandError(ERR_NOT_INTEGER);
    value = parsed;
  }
  const result = addInt64(value, delta);
  if (result === null) throw new CommandError(ERR_OVERFLOW);
  storeValue(c, key, typeof result === "number" ? String(result) : result.toString(), true);
  notify(c, NOTIFY_STRING, "incrby", key);
  c.w.int(result);
}

const SPEC: KeySpec[] = [{
  flags: ["RW", "access", "update"],
  begin: { index: 1 },
  find: { range: [0, 1, 0] },
}];

function meta(
  name: string,
  summary: string,
  amount: string | null,
): CommandMeta {
  const args: ArgSpec[] = [{ name: "key", type: "key", keySpecIndex: 0 }];
  if (amount !== null) args.push({ name: amount, type: "integer" });
  return {
    name,
    arity: amount === null ? 2 : 3,
    flags: ["write", "denyoom", "fast"],
    keys: [1, 1, 1],
    acl: ["string"],
    keySpecs: SPEC,
    group: "string",
    since: "1.0.0",
    summary,
    complexity: "O(1)",
    args,
  };
}

export class IncrCommands {
  @command(meta("incr", "Adds one to the integer stored at a key.", null))
  static incr(c: Client, args: string[]): void {
    incrementBy(c, args[1], 1);
  }

  @command(meta("decr", "Subtracts one from the integer stored at a key.", null))
  static decr(c: Client, args: string[]): void {
    incrementBy(c, args[1], -1);
  }

  @command(meta("incrby", "Adds an amount to the integer stored at a key.", "increment"))
  static incrby(c: Client, args: string[]): void {
    incrementBy(c, args[1], int64(args[2]));
  }

  @command(meta("decrby", "Subtracts an amount from the integer stored at a key.", "decrement"))
  static decrby(c: Client, args: string[]): void {
    const amount = int64(args[2]);
    // -LLONG_MIN does not exist in int64
    if (amount === INT64_MIN) throw new CommandError("ERR decrement would overflow");
    incrementBy(c, args[1], -amount);
  }
}
