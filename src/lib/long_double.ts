/**
 * Exact binary floating point with bigints, for the places where a JS double cannot give
 * Redis's bytes. Redis parses INCRBYFLOAT/HINCRBYFLOAT operands with strtold, adds them in
 * x86-64's 80-bit long double and prints the sum with "%.17Lf"; the digits it shows beyond a
 * double's precision (1000000 + 0.1 is "1000000.10000000000002274") can only be reproduced by
 * doing the same arithmetic exactly. The same machinery gives strtod's result for C99 hex
 * floats, which Number() does not read.
 */

/** C's isspace() in the "C" locale: \t \n \v \f \r and space. */
export function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Splits a finite non-negative double into an integer significand and a power of two. */
export function decomposeDouble(d: number): { mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return { mant: frac, exp: -1074 };
  return { mant: frac | (1n << 52n), exp: biased - 1075 };
}

/** A binary floating point format: significand bits and the exponent range of its top bit. */
interface BinaryFormat {
  precision: number;
  /** Exponent of the top bit of the smallest normal value. */
  minExp: number;
  /** Exponent of the top bit of the largest finite value. */
  maxExp: number;
  /** A decimal literal whose leading digit has a larger power of ten overflows. */
  maxDecimalExp: number;
  /** A decimal literal below 10^minDecimalExp rounds to zero. */
  minDecimalExp: number;
}

/** The x87 80-bit extended format of x86-64 long double (64-bit significand). */
const X87_EXTENDED: BinaryFormat = {
  precision: 64,
  minExp: -16382,
  maxExp: 16383,
  maxDecimalExp: 4932,
  minDecimalExp: -4951,
};

const IEEE_DOUBLE: BinaryFormat = {
  precision: 53,
  minExp: -1022,
  maxExp: 1023,
  maxDecimalExp: 308,
  minDecimalExp: -324,
};

export const LD_FINITE = 0;
export const LD_INFINITE = 1;
export const LD_NAN = 2;

/**
 * A long double value. Finite values are (-1)^neg × mant × 2^exp with mant < 2^64
 * (mant 0n is zero); `kind` marks infinities and NaN.
 */
export interface LongDouble {
  readonly kind: typeof LD_FINITE | typeof LD_INFINITE | typeof LD_NAN;
  readonly neg: boolean;
  readonly mant: bigint;
  readonly exp: number;
}

export const LD_ZERO: LongDouble = { kind: LD_FINITE, neg: false, mant: 0n, exp: 0 };
const LD_NEG_ZERO: LongDouble = { kind: LD_FINITE, neg: true, mant: 0n, exp: 0 };
const LD_POS_INF: LongDouble = { kind: LD_INFINITE, neg: false, mant: 0n, exp: 0 };
const LD_NEG_INF: LongDouble = { kind: LD_INFINITE, neg: true, mant: 0n, exp: 0 };
const LD_NAN_VALUE: LongDouble = { kind: LD_NAN, neg: false, mant: 0n, exp: 0 };

function zeroOf(neg: boolean): LongDouble {
  return neg ? LD_NEG_ZERO : LD_ZERO;
}

function infinityOf(neg: boolean): LongDouble {
  return neg ? LD_NEG_INF : LD_POS_INF;
}

/** Number of bits of a positive bigint. */
function bitLength(n: bigint): number {
  if (n <= 0xffffffffn) return 32 - Math.clz32(Number(n));
  const hex = n.toString(16);
  return (hex.length - 1) * 4 + 32 - Math.clz32(parseInt(hex[0], 16));
}

const POW10_CACHE: bigint[] = [1n];

function pow10(k: number): bigint {
  if (k < 400) {
    for (let i = POW10_CACHE.length; i <= k; i++) POW10_CACHE.push(POW10_CACHE[i - 1] * 10n);
    return POW10_CACHE[k];
  }
  return 10n ** BigInt(k);
}

/**
 * Rounds (n + sticky) × 2^e2 to the format, to nearest with ties to even, the way IEEE
 * hardware and glibc's correctly rounded strtod/strtold do. `sticky` says that nonzero
 * bits below n's last bit were dropped; callers then pass at least precision + 3 bits.
 * Overflow gives an infinity, a result below half the smallest subnormal gives zero.
 */
function roundToFormat(
  fmt: BinaryFormat,
  neg: boolean,
  n: bigint,
  e2: number,
  sticky: boolean,
): LongDouble {
  if (n === 0n) return zeroOf(neg);
  let top = e2 + bitLength(n) - 1;
  const lsb = Math.max(top, fmt.minExp) - (fmt.precision - 1);
  let mant = n;
  let exp = e2;
  if (lsb > e2) {
    const shift = BigInt(lsb - e2);
    mant = n >> shift;
    const rest = n - (mant << shift);
    const half = 1n << (shift - 1n);
    if (rest > half || (rest === half && (sticky || (mant & 1n) === 1n))) mant += 1n;
    if (mant === 0n) return zeroOf(neg);
    exp = lsb;
    if (bitLength(mant) > fmt.precision) {
      mant >>= 1n;
      exp++;
    }
    top = exp + bitLength(mant) - 1;
  }
  if (top > fmt.maxExp) return infinityOf(neg);
  return { kind: LD_FINITE, neg, mant, exp };
}

/** digits × 10^k (digits: decimal digits without leading zeros, not all zero), rounded. */
function decimalToFormat(fmt: BinaryFormat, neg: boolean, digits: string, k: number): LongDouble {
  const leading = k + digits.length - 1;
  if (leading > fmt.maxDecimalExp) return infinityOf(neg);
  if (leading < fmt.minDecimalExp) return zeroOf(neg);
  const d = BigInt(digits);
  if (k >= 0) return roundToFormat(fmt, neg, d * pow10(k), 0, false);
  const den = pow10(-k);
  const extra = Math.max(0, fmt.precision + 3 + bitLength(den) - bitLength(d));
  const num = d << BigInt(extra);
  const q = num / den;
  return roundToFormat(fmt, neg, q, -extra, q * den !== num);
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The value of a hex digit character, -1 for anything else. */
export function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 32;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/** Reads an exponent's digits from s[i..]; returns [value clamped to ±1e9, end] or null. */
function readExponent(s: string, i: number): [number, number] | null {
  let neg = false;
  const c = s.charCodeAt(i);
  if (c === 43 || c === 45) {
    neg = c === 45;
    i++;
  }
  if (!isDigit(s.charCodeAt(i))) return null;
  let v = 0;
  for (; i < s.length && isDigit(s.charCodeAt(i)); i++) {
    if (v < 1e9) v = v * 10 + s.charCodeAt(i) - 48;
  }
  return [neg ? -v : v, i];
}

/**
 * strtod/strtold on a whole text, for one format: optional sign, then a decimal or C99 hex
 * float, or inf/infinity. Returns null for anything strtod would not consume completely,
 * for NaN, and for finite literals that overflow or round to zero (ERANGE).
 */
function parseCFloat(s: string, fmt: BinaryFormat): LongDouble | null {
  const len = s.length;
  let i = 0;
  let neg = false;
  let c = s.charCodeAt(0);
  if (c === 43 || c === 45) {
    neg = c === 45;
    i = 1;
    c = s.charCodeAt(1);
  }
  if (c === 105 || c === 73 /* i I */) {
    const word = s.slice(i).toLowerCase();
    return word === "inf" || word === "infinity" ? infinityOf(neg) : null;
  }
  let result: LongDouble;
  if (c === 48 && (s.charCodeAt(i + 1) | 32) === 120 /* 0x */) {
    i += 2;
    let hex = "";
    let fracDigits = 0;
    let seenPoint = false;
    let any = false;
    for (; i < len; i++) {
      const ch = s.charCodeAt(i);
      if (ch === 46 && !seenPoint) {
        seenPoint = true;
        continue;
      }
      if (hexValue(ch) < 0) break;
      any = true;
      if (hex.length > 0 || ch !== 48) hex += s[i];
      if (seenPoint) fracDigits++;
    }
    if (!any) return null;
    let pexp = 0;
    if (i < len && (s.charCodeAt(i) | 32) === 112 /* p */) {
      const e = readExponent(s, i + 1);
      if (e === null) return null;
      [pexp, i] = e;
    }
    if (i !== len) return null;
    if (hex.length === 0) return zeroOf(neg);
    const h = BigInt("0x" + hex);
    const e2 = pexp - 4 * fracDigits;
    const top = e2 + bitLength(h) - 1;
    if (top > fmt.maxExp + 1) result = infinityOf(neg);
    else if (top < fmt.minExp - fmt.precision - 1) result = zeroOf(neg);
    else result = roundToFormat(fmt, neg, h, e2, false);
  } else {
    const intStart = i;
    while (i < len && isDigit(s.charCodeAt(i))) i++;
    const intEnd = i;
    let fracStart = i;
    let fracEnd = i;
    if (i < len && s.charCodeAt(i) === 46) {
      fracStart = ++i;
      while (i < len && isDigit(s.charCodeAt(i))) i++;
      fracEnd = i;
    }
    if (intEnd === intStart && fracEnd === fracStart) return null;
    let exp10 = 0;
    if (i < len && (s.charCodeAt(i) | 32) === 101 /* e */) {
      const e = readExponent(s, i + 1);
      if (e === null) return null;
      [exp10, i] = e;
    }
    if (i !== len) return null;
    let digits = s.slice(intStart, intEnd) + s.slice(fracStart, fracEnd);
    let k = exp10 - (fracEnd - fracStart);
    let first = 0;
    while (first < digits.length && digits.charCodeAt(first) === 48) first++;
    if (first === digits.length) return zeroOf(neg);
    let last = digits.length;
    while (digits.charCodeAt(last - 1) === 48) last--;
    k += digits.length - last;
    digits = digits.slice(first, last);
    result = decimalToFormat(fmt, neg, digits, k);
  }
  // ERANGE: a finite literal that became infinite or zero is rejected
  if (result.kind === LD_INFINITE || result.mant === 0n) return null;
  return result;
}

/**
 * The double nearest to (-1)^neg × (mant + sticky) × 2^e2, ties to even, with subnormals
 * rounded once (scaling a rounded number would round twice). `sticky` marks nonzero bits
 * dropped below mant's last one; mant then holds at least 56 bits. For strtod's hex floats.
 */
export function binaryToDouble(neg: boolean, mant: bigint, e2: number, sticky: boolean): number {
  if (mant === 0n) return neg ? -0 : 0;
  const top = e2 + bitLength(mant) - 1;
  if (top > IEEE_DOUBLE.maxExp + 1) return neg ? -Infinity : Infinity;
  if (top < IEEE_DOUBLE.minExp - IEEE_DOUBLE.precision - 1) return neg ? -0 : 0;
  return longDoubleToNumber(roundToFormat(IEEE_DOUBLE, neg, mant, e2, sticky));
}

/** Converts a value rounded to IEEE_DOUBLE into a JS number (exactly). */
function longDoubleToNumber(x: LongDouble): number {
  if (x.kind === LD_INFINITE) return x.neg ? -Infinity : Infinity;
  if (x.kind === LD_NAN) return NaN;
  let v = Number(x.mant);
  // two steps so a subnormal result is not lost to an underflowing power of two
  if (x.exp < -1022) v = v * 2 ** (x.exp + 200) * 2 ** -200;
  else v *= 2 ** x.exp;
  return x.neg ? -v : v;
}

/**
 * Parses a long double the way Redis's string2ld does: strtold on the text, which must be
 * shorter than 5120 bytes, must not start with a space and must be consumed completely (so
 * an embedded NUL byte makes it invalid). NaN and literals that overflow or round to zero
 * are rejected; "inf" is accepted.
 */
export function parseLongDouble(s: string): LongDouble | null {
  const len = s.length;
  if (len === 0 || len >= 5120) return null;
  if (isCSpace(s.charCodeAt(0))) return null;
  return parseCFloat(s, X87_EXTENDED);
}

/** The long double holding exactly the given double. */
export function longDoubleFromNumber(d: number): LongDouble {
  if (Number.isNaN(d)) return LD_NAN_VALUE;
  if (d === Infinity || d === -Infinity) return infinityOf(d < 0);
  const neg = d < 0 || Object.is(d, -0);
  if (d === 0) return zeroOf(neg);
  const { mant, exp } = decomposeDouble(Math.abs(d));
  return { kind: LD_FINITE, neg, mant, exp };
}

/** a + b in 80-bit long double, rounded to nearest even as the x87 unit does. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble {
  if (a.kind === LD_NAN || b.kind === LD_NAN) return LD_NAN_VALUE;
  if (a.kind === LD_INFINITE || b.kind === LD_INFINITE) {
    if (a.kind === b.kind && a.neg !== b.neg) return LD_NAN_VALUE;
    return a.kind === LD_INFINITE ? a : b;
  }
  if (a.mant === 0n) return b.mant === 0n ? zeroOf(a.neg && b.neg) : b;
  if (b.mant === 0n) return a;
  const exp = Math.min(a.exp, b.exp);
  const am = a.mant << BigInt(a.exp - exp);
  const bm = b.mant << BigInt(b.exp - exp);
  const sum = (a.neg ? -am : am) + (b.neg ? -bm : bm);
  if (sum === 0n) return LD_ZERO;
  return roundToFormat(X87_EXTENDED, sum < 0n, sum < 0n ? -sum : sum, exp, false);
}

/**
 * strtod on a whole text, for the literals Number() does not read (hex floats, "infinity"):
 * the double it yields, or null when strtod would not consume the text, gives NaN or reports
 * ERANGE.
 */
export function parseCDouble(s: string): number | null {
  const x = parseCFloat(s, IEEE_DOUBLE);
  return x === null ? null : longDoubleToNumber(x);
}

const TEN_POW_17 = 10n ** 17n;

/**
 * Redis's ld2string(LD_STR_HUMAN) for a finite value: printf("%.17Lf") (exact value, ties
 * to even as glibc rounds), then trailing zeros and a bare trailing point removed, and "-0"
 * written as "0".
 */
export function formatLongDoubleHuman(x: LongDouble): string {
  if (x.mant === 0n) return "0";
  const sign = x.neg ? "-" : "";
  if (x.exp >= 0) return sign + (x.mant << BigInt(x.exp)).toString();
  const shift = BigInt(-x.exp);
  const num = x.mant * TEN_POW_17;
  let scaled = num >> shift;
  const rest = num - (scaled << shift);
  const half = 1n << (shift - 1n);
  if (rest > half || (rest === half && (scaled & 1n) === 1n)) scaled += 1n;
  if (scaled === 0n) return "0";
  let text = scaled.toString();
  if (text.length < 18) text = "0".repeat(18 - text.length) + text;
  const point = text.length - 17;
  let end = text.length;
  while (end > point && text.charCodeAt(end - 1) === 48) end--;
  return sign + text.slice(0, point) + (end > point ? "." + text.slice(point, end) : "");
}
