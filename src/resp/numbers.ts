/**
 * Number parsing and formatting with the exact rules of Redis's util.c (string2ll,
 * string2ld, "%.17g"), because clients see these texts byte for byte.
 */

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
 * Parses a double like Redis's string2ld / strtold: accepts leading/trailing nothing,
 * "inf"/"-inf"/"+inf" (case-insensitive), rejects NaN and empty text. Hex floats and
 * spaces are rejected, as Redis does for user-facing doubles.
 */
export function parseDouble(s: string): number | null {
  const len = s.length;
  if (len === 0 || len > 5120) return null;
  const c0 = s.charCodeAt(0);
  // isspace() leading or trailing is rejected by Redis
  if (c0 <= 32 || s.charCodeAt(len - 1) <= 32) return null;
  const lower = s.toLowerCase();
  if (lower === "inf" || lower === "+inf" || lower === "infinity" || lower === "+infinity") {
    return Infinity;
  }
  if (lower === "-inf" || lower === "-infinity") return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const v = Number(s);
  if (Number.isNaN(v)) return null;
  return v;
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
  const e = d.toExponential(precision - 1);
  const ePos = e.indexOf("e");
  const exp = Number(e.slice(ePos + 1));
  if (exp < -4 || exp >= precision) {
    let mant = e.slice(0, ePos);
    if (mant.includes(".")) mant = mant.replace(/0+$/, "").replace(/\.$/, "");
    const absExp = Math.abs(exp);
    return mant + "e" + (exp < 0 ? "-" : "+") + (absExp < 10 ? "0" + absExp : String(absExp));
  }
  let fixed = d.toFixed(precision - 1 - exp);
  if (fixed.includes(".")) fixed = fixed.replace(/0+$/, "").replace(/\.$/, "");
  return fixed;
}

/**
 * Formats the result of INCRBYFLOAT / HINCRBYFLOAT the way Redis's ld2string(LD_STR_HUMAN)
 * does: fixed-point, no exponent, trailing zeros removed. Redis computes in long double;
 * respire computes in double and prints the shortest text that round-trips, which agrees
 * with Redis for every value whose long double result rounds to the same 17 digits.
 */
export function formatHumanDouble(d: number): string {
  if (d === 0) return "0";
  if (Number.isInteger(d) && Math.abs(d) < 1e21) return d.toFixed(0);
  if (Number.isInteger(d)) return BigInt(d).toString();
  const s = String(d);
  if (!s.includes("e")) return s;
  // small magnitudes: expand the exponent form into plain decimals
  const [mant, expStr] = s.split("e");
  const exp = Number(expStr);
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  const intLen = mant.replace("-", "").split(".")[0].length;
  const point = intLen + exp;
  let out: string;
  if (point <= 0) out = "0." + "0".repeat(-point) + digits;
  else if (point >= digits.length) out = digits + "0".repeat(point - digits.length);
  else out = digits.slice(0, point) + "." + digits.slice(point);
  return (neg ? "-" : "") + out;
}
