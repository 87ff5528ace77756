import assert from "node:assert/strict";
import fc from "fast-check";
import { addInt64, formatDouble17g, parseDouble, parseInt64 } from "../../src/lib/numbers.ts";

Deno.test("parseInt64: strict int64 text as Redis's string2ll", () => {
  const good: [string, number | bigint][] = [
    ["0", 0],
    ["1", 1],
    ["-1", -1],
    ["123456789012345", 123456789012345],
    ["9007199254740991", 9007199254740991],
    ["-9007199254740991", -9007199254740991],
    ["9007199254740992", 9007199254740992n],
    ["9223372036854775807", 9223372036854775807n],
    ["-9223372036854775808", -9223372036854775808n],
  ];
  for (const [text, want] of good) assert.equal(parseInt64(text), want, text);
  const bad = [
    "",
    "-",
    "+1",
    " 1",
    "1 ",
    "01",
    "-0",
    "00",
    "1.0",
    "1e3",
    "0x10",
    "abc",
    "9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999",
    "123456789012345678901",
    "1\x00",
  ];
  for (const text of bad) assert.equal(parseInt64(text), null, JSON.stringify(text));
});

Deno.test("parseDouble: strtod syntax with Redis's range and space rules", () => {
  const good: [string, number][] = [
    ["0", 0],
    ["1.5", 1.5],
    ["-2.25", -2.25],
    ["+.5", 0.5],
    ["5.", 5],
    ["1e3", 1000],
    ["1E-2", 0.01],
    ["0x10", 16],
    ["0X1p-2", 0.25],
    ["-0x.8", -0.5],
    ["0x1.8p1", 3],
    ["inf", Infinity],
    ["-INF", -Infinity],
    ["+Infinity", Infinity],
    ["1e-310", 1e-310],
    ["4.9e-324", 5e-324],
    ["1.7976931348623157e308", 1.7976931348623157e308],
    ["0e999999999", 0],
    ["0x0p99999", 0],
  ];
  for (const [text, want] of good) assert.equal(parseDouble(text), want, text);
  assert.ok(Object.is(parseDouble("-0"), -0));
  const bad = [
    "",
    " 1",
    "1 ",
    "\t1",
    "nan",
    "NaN",
    "-nan",
    "1e",
    "1e+",
    ".",
    "e5",
    "0x",
    "0x1p",
    "infinit",
    "infinityy",
    "1.2.3",
    "1\x00",
    "1e400",
    "-1e400",
    "1.7976931348623159e308",
    "0x1.fffffffffffff8p1023",
    "1e-400",
    "2e-324",
    "0x1p-1076",
  ];
  for (const text of bad) assert.equal(parseDouble(text), null, JSON.stringify(text));
});

Deno.test("formatDouble17g: printf %.17g texts", () => {
  const cases: [number, string][] = [
    [0, "0"],
    [-0, "-0"],
    [1, "1"],
    [-1.5, "-1.5"],
    [0.1, "0.10000000000000001"],
    [1 / 3, "0.33333333333333331"],
    [100, "100"],
    [1e16, "10000000000000000"],
    [1e17, "1e+17"],
    [123456789012345680000, "1.2345678901234568e+20"],
    [0.0001, "0.0001"],
    [0.00001, "1.0000000000000001e-05"],
    [1e-300, "1e-300"],
    [3e-300, "3.0000000000000002e-300"],
    [1e-7, "9.9999999999999995e-08"],
    [1.7976931348623157e308, "1.7976931348623157e+308"],
    [5e-324, "4.9406564584124654e-324"],
    [Infinity, "inf"],
    [-Infinity, "-inf"],
    [NaN, "nan"],
    // exact ties at the 18th digit round to even, as glibc does (JS would round up)
    [10001 / 1048576, "0.0095376968383789062"],
    [9815377456.69140625, "9815377456.6914062"],
    [-9815377456.69140625, "-9815377456.6914062"],
  ];
  for (const [d, want] of cases) assert.equal(formatDouble17g(d), want, String(d));
});

/** %.17g from the exact decimal expansion, rounding half to even: the slow reference. */
function reference17g(d: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(d));
  const biased = (view.getUint32(0) >>> 20) & 0x7ff;
  let mant = (BigInt(view.getUint32(0) & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  let exp2 = -1074;
  if (biased !== 0) {
    mant |= 1n << 52n;
    exp2 = biased - 1075;
  }
  // value = digits × 10^-scale exactly
  let digits: bigint;
  let scale: number;
  if (exp2 >= 0) {
    digits = mant << BigInt(exp2);
    scale = 0;
  } else {
    digits = mant * 5n ** BigInt(-exp2);
    scale = -exp2;
  }
  let text = digits.toString();
  // decimal exponent of the leading digit
  let exp10 = text.length - 1 - scale;
  if (text.length > 17) {
    const keep = BigInt(text.slice(0, 17));
    const rest = text.slice(17);
    const half = "5" + "0".repeat(rest.length - 1);
    let rounded = keep;
    if (rest > half || (rest === half && (keep & 1n) === 1n)) rounded += 1n;
    text = rounded.toString();
    if (text.length > 17) {
      text = text.slice(0, 17);
      exp10++;
    }
  }
  text = text.padEnd(17, "0");
  const sign = d < 0 ? "-" : "";
  if (exp10 < -4 || exp10 >= 17) {
    const mantText = stripZeros(text[0] + "." + text.slice(1));
    const e = Math.abs(exp10);
    return `${sign}${mantText}e${exp10 < 0 ? "-" : "+"}${e < 10 ? "0" + e : e}`;
  }
  const fixed = exp10 >= 0
    ? text.slice(0, exp10 + 1) + "." + text.slice(exp10 + 1)
    : "0." + "0".repeat(-exp10 - 1) + text;
  return sign + stripZeros(fixed);
}

function stripZeros(s: string): string {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

Deno.test("property: formatDouble17g round-trips through Number() and parseDouble", () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => {
      const text = formatDouble17g(d);
      assert.ok(Object.is(Number(text), d), `${d} -> ${text}`);
      assert.ok(Object.is(parseDouble(text), d), `${d} -> ${text}`);
    }),
    { numRuns: 3000 },
  );
});

Deno.test("property: formatDouble17g equals printf's exact rounding, ties included", () => {
  // m / 2^k with k <= 25 is where 17-digit ties live; plain doubles cover the rest
  const dyadic = fc.tuple(fc.integer({ min: 1, max: 2 ** 53 - 1 }), fc.integer({ min: 0, max: 25 }))
    .map(([m, k]) => m / 2 ** k);
  const value = fc.oneof(dyadic, fc.double({ noNaN: true, noDefaultInfinity: true }));
  fc.assert(
    fc.property(value, (d) => {
      if (d === 0) return;
      assert.equal(formatDouble17g(d), reference17g(d), String(d));
    }),
    { numRuns: 5000 },
  );
});

Deno.test("property: addInt64 is the exact sum, a number when safe, null beyond int64", () => {
  const MIN = -(2n ** 63n);
  const MAX = 2n ** 63n - 1n;
  const operand = fc.oneof(
    fc.bigInt({ min: MIN, max: MAX }),
    fc.constantFrom(MIN, MAX, 0n, 1n, -1n, 2n ** 53n, -(2n ** 53n)),
  ).map((v) => (v <= 9007199254740991n && v >= -9007199254740991n ? Number(v) : v));
  fc.assert(
    fc.property(operand, operand, (a, b) => {
      const exact = BigInt(a) + BigInt(b);
      const sum = addInt64(a, b);
      if (exact > MAX || exact < MIN) assert.equal(sum, null);
      else if (exact <= 9007199254740991n && exact >= -9007199254740991n) {
        assert.equal(sum, Number(exact));
      } else assert.equal(sum, exact);
    }),
    { numRuns: 3000 },
  );
});
