/**
 * Blocking commands' timeouts: seconds with fractions, read as Redis 7.0 reads them (a C long
 * double, rounded up to milliseconds in long double arithmetic). commands/args.ts's timeout()
 * is the entry point.
 */
import { CommandError, ERR_TIMEOUT_FLOAT, ERR_TIMEOUT_NEGATIVE } from "./errors.ts";

/** Redis reads a long double from at most this many bytes (MAX_LONG_DOUBLE_CHARS). */
const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

const DECIMAL = /^([+-]?)(?:([0-9]+)\.?([0-9]*)|\.([0-9]+))(?:[eE]([+-]?[0-9]+))?$/;
const HEX =
  /^([+-]?)0[xX](?:([0-9a-fA-F]+)\.?([0-9a-fA-F]*)|\.([0-9a-fA-F]+))(?:[pP]([+-]?[0-9]+))?$/;
const INFINITE = /^[+-]?inf(inity)?$/i;
const SMALL_INT = /^(0|[1-9][0-9]{0,11})$/;

/**
 * A blocking command's timeout in seconds (fractions allowed) as milliseconds; 0 means wait
 * forever. Follows Redis 7.0 exactly: the text is read as a C long double (strtold: hex
 * floats and "inf" accepted, spaces and NaN refused), multiplied by 1000 and rounded up in
 * long double arithmetic, then converted to a 64-bit integer, where anything out of range
 * becomes negative. So "-0.0001" and even "-0.001" round to 0 (forever), "0.0001" waits 1 ms
 * and "inf" is "negative". Throws Redis's error texts.
 */
export function parseTimeout(arg: string): number {
  if (SMALL_INT.test(arg)) return Number(arg) * 1000;
  // Redis reads the whole argument (string2ld checks its length), so a NUL byte anywhere makes
  // it "not a float"
  if (arg.indexOf("\0") >= 0) throw new CommandError(ERR_TIMEOUT_FLOAT);
  if (arg.length === 0 || arg.length >= MAX_LONG_DOUBLE_CHARS) {
    throw new CommandError(ERR_TIMEOUT_FLOAT);
  }
  const c0 = arg.charCodeAt(0);
  if (c0 === 32 || (c0 >= 9 && c0 <= 13)) throw new CommandError(ERR_TIMEOUT_FLOAT);
  const ms = timeoutMs(arg);
  if (ms === null) throw new CommandError(ERR_TIMEOUT_FLOAT);
  if (ms < 0) throw new CommandError(ERR_TIMEOUT_NEGATIVE);
  return ms;
}

/**
 * ceill(value * 1000.0L) converted to long long, for the number text s; null when strtold
 * would refuse s. Out-of-range conversions give -1 (x86 yields LLONG_MIN).
 */
function timeoutMs(s: string): number | null {
  if (INFINITE.test(s)) return -1;
  let neg: boolean;
  let num: bigint;
  let den = 1n;
  /** log2 of the value's magnitude, roughly (within a few units). */
  let magnitude: number;
  let m = DECIMAL.exec(s);
  if (m !== null) {
    neg = m[1] === "-";
    const intDigits = m[2] ?? "";
    const fracDigits = m[3] ?? m[4] ?? "";
    const digits = (intDigits + fracDigits).replace(/^0+/, "");
    if (digits === "") return 0;
    const exp10 = clampExponent(m[5]) - fracDigits.length;
    const decimalMagnitude = digits.length + exp10; // value in [10^(d-1), 10^d)
    if (decimalMagnitude > 4933) return null; // overflow (HUGE_VALL, ERANGE)
    if (decimalMagnitude < -4950) return null; // underflow to zero (ERANGE)
    if (decimalMagnitude === 4933 && leading(digits) > 0.118973149535723176) return null;
    magnitude = decimalMagnitude * 3.321928;
    if (magnitude < 90 && magnitude > -90) {
      num = BigInt(digits);
      if (exp10 >= 0) num *= 10n ** BigInt(exp10);
      else den = 10n ** BigInt(-exp10);
    } else {
      num = 0n;
    }
  } else {
    m = HEX.exec(s);
    if (m === null) return null;
    neg = m[1] === "-";
    const intDigits = m[2] ?? "";
    const fracDigits = m[3] ?? m[4] ?? "";
    const digits = (intDigits + fracDigits).replace(/^0+/, "");
    if (digits === "") return 0;
    const exp2 = clampExponent(m[5]) - 4 * fracDigits.length;
    magnitude = digits.length * 4 + exp2;
    if (magnitude > 16384) return null;
    if (magnitude < -16445) return null;
    if (magnitude < 90 && magnitude > -90) {
      num = BigInt("0x" + digits);
      if (exp2 >= 0) num <<= BigInt(exp2);
      else den = 1n << BigInt(-exp2);
    } else {
      num = 0n;
    }
  }
  // far beyond 2^63 ms: the conversion overflows to LLONG_MIN
  if (magnitude >= 90) return -1;
  // far below a millisecond: rounds up to 1 ms, or to -0 (wait forever) when negative
  if (magnitude <= -90) return neg ? 0 : 1;
  const [sig, exp] = roundExtended(num, den);
  const [prodSig, prodExp] = roundExtended(sig * 1000n, 1n);
  const e = exp + prodExp;
  let whole: bigint;
  if (e >= 0) {
    whole = prodSig << BigInt(e);
  } else {
    whole = prodSig >> BigInt(-e);
    const fraction = prodSig & ((1n << BigInt(-e)) - 1n);
    if (!neg && fraction !== 0n) whole += 1n;
  }
  if (neg) return whole === 0n ? 0 : -1;
  if (whole > 9223372036854775807n) return -1;
  return Number(whole);
}

function clampExponent(text: string | undefined): number {
  if (text === undefined) return 0;
  const v = Number(text);
  return Math.max(-1e6, Math.min(1e6, v));
}

/** The first digits of a digit string as a fraction 0.ddd. */
function leading(digits: string): number {
  return Number("0." + digits.slice(0, 20));
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * Rounds num/den (both positive) to the x87 extended format's 64-bit significand, ties to
 * even, as strtold and long double multiplication do. Returns [significand, exponent] with
 * value = significand * 2^exponent.
 */
function roundExtended(num: bigint, den: bigint): [bigint, number] {
  // scale so the quotient has 66 or 67 bits: 2 or 3 bits beyond the significand
  const shift = 66 - (bitLength(num) - bitLength(den));
  let q: bigint;
  let rest: bigint;
  if (shift >= 0) {
    const scaled = num << BigInt(shift);
    q = scaled / den;
    rest = scaled % den;
  } else {
    const scaled = den << BigInt(-shift);
    q = num / scaled;
    rest = num % scaled;
  }
  const extra = bitLength(q) - 64;
  const dropped = q & ((1n << BigInt(extra)) - 1n);
  q >>= BigInt(extra);
  let exp = extra - shift;
  const half = 1n << BigInt(extra - 1);
  if (dropped > half || (dropped === half && (rest !== 0n || (q & 1n) === 1n))) {
    q += 1n;
    if (q === 1n << 64n) {
      q >>= 1n;
      exp++;
    }
  }
  return [q, exp];
}
