/**
 * The argument toolkit: typed parsers and an option scanner. Each parser returns the parsed
 * value or throws CommandError with the exact text Redis uses, so commands never format these
 * errors themselves.
 *
 * Arguments are binary strings (one char per byte). Redis compares option keywords with
 * strcasecmp on the C string, so only the bytes before a NUL count ("ex\0junk" is EX), with
 * ASCII-only case folding; numbers are parsed over the whole length, so "1\0" is not an
 * integer. `isOption` does the former without allocating.
 */
import { parseDouble, parseInt64 } from "../lib/numbers.ts";
import { parseTimeout } from "./timeout.ts";
import {
  CommandError,
  ERR_NOT_FLOAT,
  ERR_NOT_INTEGER,
  ERR_SYNTAX,
  ERR_TIMEOUT_NEGATIVE,
} from "./errors.ts";

export const ERR_NUMKEYS_POSITIVE = "ERR numkeys should be greater than 0";
export const ERR_NUMKEYS_TOO_MANY = "ERR Number of keys can't be greater than number of args";
export const ERR_COUNT_POSITIVE = "ERR count should be greater than 0";
export { ERR_TIMEOUT_FLOAT, ERR_TIMEOUT_NEGATIVE } from "./errors.ts";
export const ERR_TIMEOUT_INTEGER = "ERR timeout is not an integer or out of range";

// ---------------------------------------------------------------------------------------------
// Keywords

/**
 * Whether arg is the option keyword `upper` (given in upper case) as Redis's strcasecmp sees
 * it: ASCII case folding, and the argument ends at its first NUL byte. Allocates nothing.
 */
export function isOption(arg: string, upper: string): boolean {
  const n = upper.length;
  if (arg.length < n || (arg.length > n && arg.charCodeAt(n) !== 0)) return false;
  for (let i = 0; i < n; i++) {
    const a = arg.charCodeAt(i);
    const u = upper.charCodeAt(i);
    // a - 32 folds a lower-case ASCII letter onto its upper-case form
    if (a !== u && !(a >= 97 && a <= 122 && a - 32 === u)) return false;
  }
  return true;
}

/** The index in `uppers` of the keyword arg is (isOption), or -1. */
export function oneOf(arg: string, uppers: readonly string[]): number {
  for (let i = 0; i < uppers.length; i++) if (isOption(arg, uppers[i])) return i;
  return -1;
}

/** The index in `uppers` of the keyword arg is, or the syntax error. */
export function keyword(arg: string, uppers: readonly string[]): number {
  const i = oneOf(arg, uppers);
  if (i < 0) throw syntaxError();
  return i;
}

/**
 * A name for a lookup in a lower-case table, as Redis builds it from the C string (sdsnew,
 * then sdstolower): up to the first NUL, ASCII letters lowered. Allocates only when needed.
 */
export function lowerName(arg: string): string {
  let end = arg.length;
  let upper = false;
  for (let i = 0; i < arg.length; i++) {
    const ch = arg.charCodeAt(i);
    if (ch === 0) {
      end = i;
      break;
    }
    if (ch >= 65 && ch <= 90) upper = true;
  }
  const s = end === arg.length ? arg : arg.slice(0, end);
  if (!upper) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    out += String.fromCharCode(ch >= 65 && ch <= 90 ? ch + 32 : ch);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Numbers

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

/**
 * A non-negative integer read with getPositiveLongFromObjectOrReply and a message (the same
 * message for text that is not a number), e.g. "ERR LIMIT can't be negative".
 */
export function positiveInt(arg: string, message: string): number {
  return rangeInt(arg, 0, message);
}

/**
 * An integer in [min, LONG_MAX] read with getRangeLongFromObjectOrReply and a message: the
 * same message for text that is not a number and for a number out of range.
 */
export function rangeInt(arg: string, min: number, message: string): number {
  const v = int(arg, message);
  if (v < min) throw new CommandError(message);
  return v;
}

/** A double (inf allowed, NaN rejected). */
export function float(arg: string, message = ERR_NOT_FLOAT): number {
  const v = parseDouble(arg);
  if (v === null) throw new CommandError(message);
  return v;
}

/**
 * A blocking command's timeout in seconds, fractions allowed (getTimeoutFromObjectOrReply,
 * UNIT_SECONDS), as milliseconds; 0 waits forever. Redis reads the whole argument as a long
 * double, so a NUL byte anywhere makes it "not a float".
 */
export function timeout(arg: string): number {
  return parseTimeout(arg);
}

/** A timeout in milliseconds (getTimeoutFromObjectOrReply, UNIT_MILLISECONDS: CLIENT PAUSE). */
export function timeoutMs(arg: string): number {
  const v = int(arg, ERR_TIMEOUT_INTEGER);
  if (v < 0) throw new CommandError(ERR_TIMEOUT_NEGATIVE);
  return v;
}

// ---------------------------------------------------------------------------------------------
// numkeys

/** How a command reads its numkeys argument; the three families Redis 7.0 has. */
export const enum Numkeys {
  /**
   * LMPOP, BLMPOP, ZMPOP, BZMPOP: "numkeys should be greater than 0" for anything not in
   * [1, LONG_MAX]; too few arguments after the keys is a syntax error (checked by parseMpop).
   */
  Mpop,
  /** SINTERCARD: as Mpop, then "Number of keys can't be greater than number of args". */
  Card,
  /**
   * ZUNION, ZINTER, ZDIFF, their STORE forms, ZINTERCARD: the generic integer error, "at
   * least 1 input key is needed for '<command>' command", then a syntax error when fewer
   * keys follow.
   */
  Zset,
}

/**
 * The numkeys argument at args[at], checked as the command family does (`fullName` names the
 * command in the Zset family's error). The keys are args[at + 1 ..= at + numkeys].
 */
export function numkeys(args: string[], at: number, kind: Numkeys, fullName = ""): number {
  const left = args.length - at - 1;
  if (kind === Numkeys.Zset) {
    const n = int(args[at]);
    if (n < 1) {
      throw new CommandError(`ERR at least 1 input key is needed for '${fullName}' command`);
    }
    if (n > left) throw syntaxError();
    return n;
  }
  const n = rangeInt(args[at], 1, ERR_NUMKEYS_POSITIVE);
  if (kind === Numkeys.Card && n > left) throw new CommandError(ERR_NUMKEYS_TOO_MANY);
  return n;
}

/**
 * COMMAND GETKEYS for `numkeys key...` with numkeys at args[at]: the key indexes, or none when
 * numkeys is not a positive integer or more keys are announced than given.
 */
export function numkeysKeys(args: string[], at: number): number[] {
  const v = at < args.length ? parseInt64(args[at]) : null;
  if (v === null || v < 1 || v > args.length - at - 1) return [];
  const n = Number(v);
  const keys: number[] = new Array(n);
  for (let i = 0; i < n; i++) keys[i] = at + 1 + i;
  return keys;
}

export interface Mpop {
  /** Index of the first key in args. */
  firstKey: number;
  numkeys: number;
  /** The first of the two ends was given (LEFT for the lists, MIN for the sorted sets). */
  first: boolean;
  /** COUNT, 1 when not given. */
  count: number;
}

/**
 * The MPOP grammar `numkeys key... <first>|<second> [COUNT count]` with numkeys at args[at]
 * (Redis's lmpopGenericCommand and zmpopGenericCommand): `ends` are the two keywords, such
 * as ["LEFT", "RIGHT"] or ["MIN", "MAX"].
 */
export function parseMpop(args: string[], at: number, ends: readonly [string, string]): Mpop {
  const n = numkeys(args, at, Numkeys.Mpop);
  const whereIdx = at + n + 1;
  if (whereIdx >= args.length) throw syntaxError();
  const first = keyword(args[whereIdx], ends) === 0;
  let count = -1;
  const o = new OptionScanner(args, whereIdx + 1);
  while (!o.done) {
    if (count === -1 && o.take("COUNT", 1)) count = rangeInt(o.value(), 1, ERR_COUNT_POSITIVE);
    else o.fail();
  }
  return { firstKey: at + 1, numkeys: n, first, count: count === -1 ? 1 : count };
}

// ---------------------------------------------------------------------------------------------
// The option scanner

/**
 * Walks args from an index, the way Redis's option loops do:
 *
 *   const o = new OptionScanner(args, 3);
 *   while (!o.done) {
 *     if (o.take("LIMIT", 1)) limit = positiveInt(o.value(), "ERR LIMIT can't be negative");
 *     else if (o.take("WITHSCORES")) withScores = true;
 *     else o.fail();
 *   }
 */
export class OptionScanner {
  /** The index of the current argument. */
  i: number;

  constructor(readonly args: string[], from: number) {
    this.i = from;
  }

  /** No arguments are left. */
  get done(): boolean {
    return this.i >= this.args.length;
  }

  /** How many arguments follow the current one (Redis's `moreargs`). */
  get more(): number {
    return this.args.length - this.i - 1;
  }

  /** The current argument, not consumed. */
  get current(): string {
    return this.args[this.i];
  }

  /**
   * Consumes the current argument when it is the keyword `upper` (isOption) and at least
   * `values` arguments follow it; otherwise consumes nothing.
   */
  take(upper: string, values = 0): boolean {
    if (this.i + values < this.args.length && isOption(this.args[this.i], upper)) {
      this.i++;
      return true;
    }
    return false;
  }

  /** Consumes and returns the current argument; the syntax error when there is none. */
  value(): string {
    if (this.i >= this.args.length) throw syntaxError();
    return this.args[this.i++];
  }

  /** Consumes an integer (int()'s errors, or `message`). */
  int(message = ERR_NOT_INTEGER): number {
    return int(this.value(), message);
  }

  /** Consumes a double (float()'s errors, or `message`). */
  float(message = ERR_NOT_FLOAT): number {
    return float(this.value(), message);
  }

  /** Nothing matched the current argument: the syntax error. */
  fail(): never {
    throw syntaxError();
  }
}

export function syntaxError(): CommandError {
  return new CommandError(ERR_SYNTAX);
}
