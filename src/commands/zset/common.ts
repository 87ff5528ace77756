/**
 * What the sorted-set commands share: score-range parsing (C's strtod on a prefix, hex floats
 * included), lex-range parsing, the encoding limits from the
 * config, key access and the reply shapes of scored members.
 */
import type { Client } from "../../engine/client.ts";
import type { LexRange, ScoreRange, SortedSet } from "../../store/zset.ts";
import { binaryToDouble, hexValue, isCSpace, isDigit } from "../../lib/long_double.ts";
import { CommandError } from "../errors.ts";
import { readCollection } from "../lookup.ts";
import type { ArgSpec } from "../registry.ts";
import { notify, NOTIFY_GENERIC, NOTIFY_ZSET } from "../../engine/notify.ts";

export const ERR_RANGE_NOT_FLOAT = "ERR min or max is not a float";
export const ERR_LEX_RANGE = "ERR min or max not valid string range item";
export const ERR_NAN_SCORE = "ERR resulting score is not a number (NaN)";

// ---- strtod ----

// Score range bounds need C's strtod on a prefix (zslParseRange accepts leading spaces and
// reads up to the C string's end); whole scores, increments and weights are args.float.

/** Where the last strtod call stopped (index into its string). */
let strtodEnd = 0;

function matchWord(s: string, at: number, word: string): boolean {
  if (at + word.length > s.length) return false;
  for (let i = 0; i < word.length; i++) {
    if ((s.charCodeAt(at + i) | 32) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * C's strtod over s[start, end): skips leading white space, reads the longest prefix that is
 * a decimal or hex float, inf/infinity or nan[(chars)], and records where it stopped in
 * strtodEnd (start when nothing was read). Overflow gives ±inf, underflow ±0, as strtod.
 */
function strtod(s: string, start: number, end: number): number {
  strtodEnd = start;
  let i = start;
  while (i < end && isCSpace(s.charCodeAt(i))) i++;
  let negative = false;
  const sign = s.charCodeAt(i);
  if (i < end && (sign === 43 || sign === 45)) {
    negative = sign === 45;
    i++;
  }
  const sub = end === s.length ? s : s.slice(0, end);
  if (matchWord(sub, i, "inf")) {
    strtodEnd = matchWord(sub, i, "infinity") ? i + 8 : i + 3;
    return negative ? -Infinity : Infinity;
  }
  if (matchWord(sub, i, "nan")) {
    let j = i + 3;
    if (j < end && s.charCodeAt(j) === 40) {
      let k = j + 1;
      while (k < end) {
        const c = s.charCodeAt(k);
        if (isDigit(c) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95) k++;
        else break;
      }
      if (k < end && s.charCodeAt(k) === 41) j = k + 1;
    }
    strtodEnd = j;
    return NaN;
  }
  if (
    i + 1 < end && s.charCodeAt(i) === 48 && (s.charCodeAt(i + 1) | 32) === 120
  ) {
    const hex = hexFloat(s, i + 2, end, negative);
    if (hex !== null) return hex;
    // "0x" without hex digits is the number 0 followed by junk
    strtodEnd = i + 1;
    return negative ? -0 : 0;
  }
  const digitsStart = i;
  let mantissaDigits = 0;
  while (i < end && isDigit(s.charCodeAt(i))) {
    i++;
    mantissaDigits++;
  }
  if (i < end && s.charCodeAt(i) === 46) {
    i++;
    while (i < end && isDigit(s.charCodeAt(i))) {
      i++;
      mantissaDigits++;
    }
  }
  if (mantissaDigits === 0) return 0;
  if (i < end && (s.charCodeAt(i) | 32) === 101) {
    let j = i + 1;
    const es = s.charCodeAt(j);
    if (j < end && (es === 43 || es === 45)) j++;
    if (j < end && isDigit(s.charCodeAt(j))) {
      while (j < end && isDigit(s.charCodeAt(j))) j++;
      i = j;
    }
  }
  strtodEnd = i;
  const value = Number(s.slice(digitsStart, i));
  return negative ? -value : value;
}

/** The hex part of strtod after "0x"; null when no hex digit follows. */
function hexFloat(s: string, i: number, end: number, negative: boolean): number | null {
  let mantissa = 0n;
  let significant = 0;
  let exponent = 0;
  let digits = 0;
  let sticky = false;
  const take = (d: number, fraction: boolean) => {
    digits++;
    if (significant < 30) {
      if (mantissa !== 0n || d !== 0) significant++;
      mantissa = mantissa * 16n + BigInt(d);
      if (fraction) exponent -= 4;
    } else {
      if (d !== 0) sticky = true;
      if (!fraction) exponent += 4;
    }
  };
  while (i < end && hexValue(s.charCodeAt(i)) >= 0) take(hexValue(s.charCodeAt(i++)), false);
  if (i < end && s.charCodeAt(i) === 46) {
    i++;
    while (i < end && hexValue(s.charCodeAt(i)) >= 0) take(hexValue(s.charCodeAt(i++)), true);
  }
  if (digits === 0) return null;
  if (i < end && (s.charCodeAt(i) | 32) === 112) {
    let j = i + 1;
    let expNegative = false;
    const es = s.charCodeAt(j);
    if (j < end && (es === 43 || es === 45)) {
      expNegative = es === 45;
      j++;
    }
    if (j < end && isDigit(s.charCodeAt(j))) {
      let e = 0;
      while (j < end && isDigit(s.charCodeAt(j))) {
        if (e < 100000) e = e * 10 + (s.charCodeAt(j) - 48);
        j++;
      }
      exponent += expNegative ? -e : e;
      i = j;
    }
  }
  strtodEnd = i;
  return binaryToDouble(negative, mantissa, exponent, sticky);
}

/** Length of a binary string as C sees it (up to the first NUL). */
function cLength(s: string): number {
  const nul = s.indexOf("\0");
  return nul < 0 ? s.length : nul;
}

/**
 * One score-range bound as Redis's zslParseRange reads it: "(" makes it exclusive; the rest
 * goes through strtod on the C string, so leading spaces and an empty text (0) are accepted,
 * and overflow gives ±inf.
 */
function parseScoreBound(arg: string): { value: number; exclusive: boolean } | null {
  const end = cLength(arg);
  const exclusive = end > 0 && arg.charCodeAt(0) === 40;
  const start = exclusive ? 1 : 0;
  const value = strtod(arg, start, end);
  // strtod reading nothing stops at the start, which is the terminator only for ""
  if (strtodEnd !== end || Number.isNaN(value)) return null;
  return { value, exclusive };
}

export function parseScoreRange(minArg: string, maxArg: string): ScoreRange {
  const min = parseScoreBound(minArg);
  const max = min === null ? null : parseScoreBound(maxArg);
  if (min === null || max === null) throw new CommandError(ERR_RANGE_NOT_FLOAT);
  return { min: min.value, max: max.value, minex: min.exclusive, maxex: max.exclusive };
}

/** One lex bound: "+", "-", "(member" or "[member" (Redis's zslParseLexRangeItem). */
function parseLexBound(
  arg: string,
): { value: string; inf: -1 | 0 | 1; exclusive: boolean } | null {
  const c = arg.length === 0 ? 0 : arg.charCodeAt(0);
  switch (c) {
    case 43: // '+': C code checks the next char is the terminator
      return cLength(arg) === 1 ? { value: "", inf: 1, exclusive: true } : null;
    case 45: // '-'
      return cLength(arg) === 1 ? { value: "", inf: -1, exclusive: true } : null;
    case 40: // '('
      return { value: arg.slice(1), inf: 0, exclusive: true };
    case 91: // '['
      return { value: arg.slice(1), inf: 0, exclusive: false };
    default:
      return null;
  }
}

export function parseLexRange(minArg: string, maxArg: string): LexRange {
  const min = parseLexBound(minArg);
  const max = min === null ? null : parseLexBound(maxArg);
  if (min === null || max === null) throw new CommandError(ERR_LEX_RANGE);
  return {
    min: min.value,
    max: max.value,
    minInf: min.inf,
    maxInf: max.inf,
    minex: min.exclusive,
    maxex: max.exclusive,
  };
}

// ---- keys ----

export function readZset(c: Client, key: string): SortedSet | undefined {
  return readCollection<SortedSet>(c, key, "zset");
}

export function writeZset(c: Client, key: string): SortedSet | undefined {
  return readCollection<SortedSet>(c, key, "zset", true);
}

/**
 * After removing elements: deletes the key when the set became empty, records the change and
 * announces it as `event`, followed by "del" when the set is gone.
 */
export function afterRemoval(
  c: Client,
  key: string,
  zs: SortedSet,
  removed: number,
  event: string,
): void {
  if (removed === 0) return;
  const emptied = zs.size === 0;
  if (emptied) c.db.delete(key);
  c.engine.keyChanged(c.db, key, removed);
  notify(c, NOTIFY_ZSET, event, key);
  if (emptied) notify(c, NOTIFY_GENERIC, "del", key);
}

// ---- replies ----

/**
 * One element of a WITHSCORES reply: member and score flat in RESP2, a [member, score] pair
 * in RESP3 (the caller counted the array accordingly).
 */
export function replyScored(c: Client, member: string, score: number): void {
  const w = c.w;
  if (w.resp === 3) w.array(2);
  w.bulk(member);
  w.double(score);
}

/** Array header for n elements, with or without scores, in the connection's protocol. */
export function replyScoredArray(c: Client, n: number, withScores: boolean): void {
  c.w.array(withScores && c.w.resp === 2 ? n * 2 : n);
}

/** The WITHSCORES flag of the commands that can reply with scores. */
export const WITHSCORES_ARG: ArgSpec = {
  name: "withscores",
  type: "pure-token",
  token: "WITHSCORES",
  flags: ["optional"],
};
