/**
 * Typed argument parsers. Each returns the parsed value or throws CommandError with the
 * exact text Redis uses, so commands never format these errors themselves.
 */
import { parseDouble, parseInt64 } from "../lib/numbers.ts";
import { CommandError, ERR_NOT_FLOAT, ERR_NOT_INTEGER, ERR_SYNTAX } from "./errors.ts";

/** A signed 64-bit integer as a JS number; values outside ±2^53 are rejected as Redis would
 * reject them only when they exceed int64, so callers needing the full range use int64Big. */
export function int(arg: string, message = ERR_NOT_INTEGER): number {
  const v = parseInt64(arg);
  if (v === null) throw new CommandError(message);
  return typeof v === "bigint" ? Number(v) : v;
}

/** A signed 64-bit integer, exact (bigint beyond the safe range). */
export function int64(arg: string, message = ERR_NOT_INTEGER): number | bigint {
  const v = parseInt64(arg);
  if (v === null) throw new CommandError(message);
  return v;
}

/** A non-negative integer that Redis reads with getPositiveLongFromObjectOrReply. */
export function positiveInt(arg: string, message: string): number {
  const v = int(arg);
  if (v < 0) throw new CommandError(message);
  return v;
}

/** A double (inf allowed, NaN rejected). */
export function float(arg: string, message = ERR_NOT_FLOAT): number {
  const v = parseDouble(arg);
  if (v === null) throw new CommandError(message);
  return v;
}

/** Case-insensitive option keyword test for binary-string arguments. */
export function isOption(arg: string, upper: string): boolean {
  return arg.length === upper.length && arg.toUpperCase() === upper;
}

export function syntaxError(): CommandError {
  return new CommandError(ERR_SYNTAX);
}
