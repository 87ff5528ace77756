/**
 * Number parsing and formatting with the exact rules of Redis's util.c (string2ll, strtod,
 * "%.17g"), because clients see these texts byte for byte. Long double (string2ld) lives in
 * long_double.ts.
 */

import { decomposeDouble, isCSpace, parseCDouble } from "./long_double.ts";

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/**
 * Parses a strict base-10 signed 64-bit integer like Redis's string2ll: no spaces, no '+',
 * no leading zeros. Returns a number when it is exactly representable, a bigint otherwise,
 * and null when the text is not an integer in range.
 */
export function parseInt64(s: string): number | bigint | null {
  const len = s.length;
  if (len === 0 || len > 20) return null;
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 45 /* - */) {
    neg = true;
    i = 1;
    if (len === 1) return null;
  }
  const first = s.charCodeAt(i);
  if (first === 48 /* 0 */) return len === 1 ? 0 : null;
  if (first < 49 || first > 57) return null;
  if (len - i <= 15) {
    let v = 0;
    for (; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) return null;
      v = v * 10 + (c - 48);
    }
    return neg ? -v : v;
  }
  for (let j = i; j < len; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57) return null;
  }
  const big = BigInt(s);
  if (big > INT64_MAX || big < INT64_MIN) return null;
  return toSafe(big);
}

/** Returns a number when the bigint is a safe integer, else the bigint. */
export function toSafe(v: bigint): number | bigint {
  return v <= 9007199254740991n && v >= -9007199254740991n ? Number(v) : v;
}

export function inInt64Range(v: bigint): boolean {
  return v <= INT64_MAX && v >= INT64_MIN;
}

/**
 * a + b in signed 64 bits, as INCRBY and HINCRBY compute it: a number when the sum is a safe
 * integer (the common case stays in plain numbers), a bigint otherwise, null on overflow.
 */
export function addInt64(a: number | bigint, b: number | bigint): number | bigint | null {
  if (typeof a === "number" && typeof b === "number") {
    const sum = a + b;
    if (Number.isSafeInteger(sum)) return sum;
  }
  const sum = BigInt(a) + BigInt(b);
  return inInt64Range(sum) ? toSafe(sum) : null;
}

const DECIMAL_FLOAT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/**
 * Parses a double the way Redis's getDoubleFromObject does (strtod, the whole text
 * consumed): decimal and C99 hex floats ("0x1.8p3"), "inf"/"infinity" in any case with an
 * optional sign. Rejects NaN, empty text, leading or trailing space, embedded NUL bytes, and
 * finite literals that overflow to infinity or underflow to zero (strtod's ERANGE), while
 * literals that round to a subnormal are accepted.
 */
export function parseDouble(s: string): number | null {
  const len = s.length;
  if (len === 0 || isCSpace(s.charCodeAt(0))) return null;
  if (DECIMAL_FLOAT.test(s)) {
    // Number() rounds decimal text correctly, as glibc's strtod does
    const v = Number(s);
    if (v === Infinity || v === -Infinity) return null;
    if (v === 0 && hasNonZeroDigit(s)) return null;
    return v;
  }
  return parseCDouble(s);
}

/** True when the mantissa part of a decimal literal has a digit other than 0. */
function hasNonZeroDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 101 || c === 69) return false; // e/E: the exponent follows
    if (c >= 49 && c <= 57) return true;
  }
  return false;
}

/** C printf("%.17g") for finite doubles, and Redis's inf/-inf/nan spellings. */
export function formatDouble17g(d: number): string {
  if (d === Infinity) return "inf";
  if (d === -Infinity) return "-inf";
  if (Number.isNaN(d)) return "nan";
  if (d === 0) return Object.is(d, -0) ? "-0" : "0";
  return formatG(d, 17);
}

function formatG(d: number, precision: number): string {
  let e = d.toExponential(precision - 1);
  // toExponential rounds an exact tie away from zero, C's printf rounds it to even
  if (isExactTie(d, precision)) {
    const down = truncatedExponential(d, precision);
    if ((down.charCodeAt(down.indexOf("e") - 1) & 1) === 0) e = down;
  }
  const ePos = e.indexOf("e");
  const exp = Number(e.slice(ePos + 1));
  const neg = e.charCodeAt(0) === 45;
  // the significant digits, already rounded; fixed notation only moves the point
  const digits = e.slice(neg ? 1 : 0, ePos).replace(".", "");
  if (exp < -4 || exp >= precision) {
    const mant = stripFraction(digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits);
    const absExp = Math.abs(exp);
    return (neg ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+") +
      (absExp < 10 ? "0" + absExp : String(absExp));
  }
  const fixed = exp >= 0
    ? digits.slice(0, exp + 1) + "." + digits.slice(exp + 1)
    : "0." + "0".repeat(-exp - 1) + digits;
  return (neg ? "-" : "") + stripFraction(fixed);
}

/** Drops trailing zeros after a decimal point, and the point itself when nothing follows. */
function stripFraction(s: string): string {
  if (s.indexOf(".") < 0) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}

/**
 * True when d's exact decimal expansion has precision + 1 significant digits, the last a 5,
 * so rounding to precision digits is a tie. A double with a fractional part is m × 2^-k
 * with k fractional bits and an expansion of at least 5^k's digits, so only k ≤ 25 can tie
 * at 17 digits; integers cannot (17+ digit integers exceed 2^53 and are even). The cheap
 * checks rule out nearly every value before the exact one.
 */
function isExactTie(d: number, precision: number): boolean {
  if (Number.isInteger(d) && precision >= 16) return false;
  const maxK = Math.floor((precision + 1) * Math.log(10) / Math.log(5));
  if (!Number.isInteger(d * 2 ** maxK)) return false;
  const longer = d.toExponential(precision);
  if (longer.charCodeAt(longer.indexOf("e") - 1) !== 53 /* 5 */) return false;
  const { mant, exp } = decomposeDouble(Math.abs(d));
  let digits = exp >= 0 ? (mant << BigInt(exp)).toString() : (mant * 5n ** BigInt(-exp)).toString();
  digits = digits.replace(/0+$/, "");
  return digits.length === precision + 1 && digits.endsWith("5");
}

/** d in exponent form with its first `precision` significant digits, not rounded. */
function truncatedExponential(d: number, precision: number): string {
  const longer = d.toExponential(precision);
  const ePos = longer.indexOf("e");
  let mant = longer.slice(0, ePos - 1);
  if (mant.endsWith(".")) mant = mant.slice(0, -1);
  return mant + longer.slice(ePos);
}
