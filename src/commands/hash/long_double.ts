/**
 * Just enough x87 80-bit "long double" arithmetic to reproduce HINCRBYFLOAT's texts. Redis
 * parses both operands with strtold, adds them in long double and prints the sum with
 * "%.17Lf" (trailing zeros trimmed). A 64-bit double gives different digits (0.1 + 0.2 is
 * "0.3" in Redis but 0.30000000000000004 in doubles) and overflows far earlier (Redis accepts
 * 1e400), so values here are exact binary fractions with BigInt significands, rounded to 64
 * bits (round half to even) after every operation, like the hardware does.
 */

/** A finite long double m * 2^e (m < 2^64), or an infinity, or NaN. */
export type LongDouble =
  | { kind: "finite"; neg: boolean; mant: bigint; exp: number }
  | { kind: "inf"; neg: boolean }
  | { kind: "nan" };

const MANT_BITS = 64;
/** Exponent of the least significant bit of the smallest subnormal (2^-16445). */
const MIN_EXP = -16445;
/** Every finite value is below 2^16384. */
const MAX_BITS = 16384;
/** Redis's MAX_LONG_DOUBLE_CHARS: longer texts are refused. */
const MAX_CHARS = 5 * 1024;

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * The long double nearest to num/den (both positive), plus whether the exact value was out
 * of the finite range or too small to be anything but zero (strtold's ERANGE cases Redis
 * refuses).
 */
function roundRational(
  neg: boolean,
  num: bigint,
  den: bigint,
): { value: LongDouble; range: boolean } {
  if (num === 0n) return { value: { kind: "finite", neg, mant: 0n, exp: 0 }, range: false };
  // k = floor(log2(num / den))
  let k = bitLength(num) - bitLength(den);
  if (k >= 0 ? num < den << BigInt(k) : num << BigInt(-k) < den) k--;
  if (k >= MAX_BITS) return { value: { kind: "inf", neg }, range: true };
  let exp = Math.max(k - (MANT_BITS - 1), MIN_EXP);
  let n = num;
  let d = den;
  if (exp < 0) n <<= BigInt(-exp);
  else d <<= BigInt(exp);
  let mant = n / d;
  const twiceRem = (n - mant * d) * 2n;
  if (twiceRem > d || (twiceRem === d && (mant & 1n) === 1n)) mant++;
  if (mant === 1n << BigInt(MANT_BITS)) {
    mant >>= 1n;
    exp++;
  }
  if (mant === 0n) return { value: { kind: "finite", neg, mant: 0n, exp: 0 }, range: true };
  if (exp + bitLength(mant) > MAX_BITS) return { value: { kind: "inf", neg }, range: true };
  return { value: { kind: "finite", neg, mant, exp }, range: false };
}

function fromBinary(
  neg: boolean,
  mant: bigint,
  exp: number,
): { value: LongDouble; range: boolean } {
  return exp >= 0
    ? roundRational(neg, mant << BigInt(exp), 1n)
    : roundRational(neg, mant, 1n << BigInt(-exp));
}

const DECIMAL = /^([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/;
const HEX = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/;

/**
 * Parses text the way Redis's string2ld does: strtold syntax (decimal, hexadecimal, inf,
 * infinity), no leading space, nothing left over, no NaN, and no overflow to infinity or
 * underflow to zero. Returns null when Redis would refuse the text.
 */
export function parseLongDouble(text: string): LongDouble | null {
  if (text.length === 0 || text.length >= MAX_CHARS) return null;
  let s = text;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 43 || c0 === 45) {
    neg = c0 === 45;
    s = s.slice(1);
  }
  const lower = s.toLowerCase();
  if (lower === "inf" || lower === "infinity") return { kind: "inf", neg };
  let parsed: { value: LongDouble; range: boolean };
  const hex = HEX.exec(s);
  if (hex !== null) {
    const digits = hex[1] + (hex[2] ?? "");
    if (digits.length === 0) return null;
    const mant = BigInt("0x" + digits);
    const pexp = hex[3] === undefined ? 0 : clampExp(hex[3]);
    parsed = mant === 0n
      ? { value: { kind: "finite", neg, mant: 0n, exp: 0 }, range: false }
      : fromBinary(neg, mant, pexp - 4 * (hex[2]?.length ?? 0));
  } else {
    const dec = DECIMAL.exec(s);
    if (dec === null) return null;
    const intDigits = dec[1];
    const fracDigits = dec[2] ?? "";
    if (intDigits.length + fracDigits.length === 0) return null;
    const digits = (intDigits + fracDigits).replace(/^0+/, "");
    if (digits.length === 0) return { kind: "finite", neg, mant: 0n, exp: 0 };
    const exp10 = (dec[3] === undefined ? 0 : clampExp(dec[3])) - fracDigits.length;
    // value = digits * 10^exp10, within [10^(mag-1), 10^mag)
    const mag = digits.length + exp10;
    if (mag > 4934) return null; // beyond the largest long double (~1.19e4932)
    if (mag < -4952) return null; // below half the smallest subnormal (~3.6e-4951)
    const d = BigInt(digits);
    parsed = exp10 >= 0
      ? roundRational(neg, d * 10n ** BigInt(exp10), 1n)
      : roundRational(neg, d, 10n ** BigInt(-exp10));
  }
  return parsed.range ? null : parsed.value;
}

/** An exponent text as a number, saturated far beyond any meaningful range. */
function clampExp(text: string): number {
  const v = Number(text);
  return Math.max(-1e6, Math.min(1e6, v));
}

export function isFiniteLongDouble(v: LongDouble): boolean {
  return v.kind === "finite";
}

/** a + b, rounded to long double. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble {
  if (a.kind === "nan" || b.kind === "nan") return { kind: "nan" };
  if (a.kind === "inf") return b.kind === "inf" && b.neg !== a.neg ? { kind: "nan" } : a;
  if (b.kind === "inf") return b;
  if (a.mant === 0n) return b.mant === 0n ? { ...b, neg: a.neg && b.neg } : b;
  if (b.mant === 0n) return a;
  const exp = Math.min(a.exp, b.exp);
  const sa = (a.neg ? -a.mant : a.mant) << BigInt(a.exp - exp);
  const sb = (b.neg ? -b.mant : b.mant) << BigInt(b.exp - exp);
  const sum = sa + sb;
  if (sum === 0n) return { kind: "finite", neg: false, mant: 0n, exp: 0 };
  const neg = sum < 0n;
  return fromBinary(neg, neg ? -sum : sum, exp).value;
}

const TEN_17 = 10n ** 17n;

/**
 * The text Redis stores for a HINCRBYFLOAT result: "%.17Lf" with trailing zeros and a
 * trailing point removed, and "-0" written as "0". The value must be finite.
 */
export function formatLongDoubleHuman(v: LongDouble): string {
  if (v.kind !== "finite") throw new Error("formatLongDoubleHuman: not finite");
  let scaled = v.mant * TEN_17;
  if (v.exp >= 0) {
    scaled <<= BigInt(v.exp);
  } else {
    const den = 1n << BigInt(-v.exp);
    const q = scaled >> BigInt(-v.exp);
    const twiceRem = (scaled - q * den) * 2n;
    scaled = twiceRem > den || (twiceRem === den && (q & 1n) === 1n) ? q + 1n : q;
  }
  const intPart = (scaled / TEN_17).toString();
  const frac = (scaled % TEN_17).toString().padStart(17, "0").replace(/0+$/, "");
  const text = frac.length === 0 ? intPart : `${intPart}.${frac}`;
  if (text === "0") return "0";
  return v.neg ? "-" + text : text;
}
