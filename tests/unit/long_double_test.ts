import assert from "node:assert/strict";
import fc from "fast-check";
import {
  addLongDouble,
  formatLongDoubleHuman,
  LD_FINITE,
  LD_INFINITE,
  LD_NAN,
  longDoubleFromNumber,
  parseLongDouble,
} from "../../src/lib/long_double.ts";

Deno.test("long double: parsing follows strtold and Redis's refusals", () => {
  for (
    const ok of [
      "1",
      "-1.5",
      "+2",
      ".5",
      "5.",
      "1e3",
      "1E-3",
      "0x10",
      "0x1.8p1",
      "inf",
      "-Infinity",
    ]
  ) {
    assert.notEqual(parseLongDouble(ok), null, ok);
  }
  for (const bad of ["", " 1", "1 ", "nan", "abc", "1e", "0x", ".", "1e5000", "1e-5000", "--1"]) {
    assert.equal(parseLongDouble(bad), null, bad);
  }
  assert.equal(parseLongDouble("x".repeat(5120)), null);
});

Deno.test("long double: sums print like %.17Lf with trailing zeros trimmed", () => {
  const sum = (a: string, b: string) =>
    formatLongDoubleHuman(addLongDouble(parseLongDouble(a)!, parseLongDouble(b)!));
  assert.equal(sum("0.1", "0.2"), "0.3");
  assert.equal(sum("10.5", "0.1"), "10.6");
  assert.equal(sum("1", "-1"), "0");
  assert.equal(sum("0", "-1e-30"), "0");
  assert.equal(sum("0", "5.0000000000000001e-1"), "0.50000000000000001");
  assert.equal(sum("3.0e3", "0"), "3000");
  assert.equal(sum("0x10", "1"), "17");
  assert.equal(sum("0", "123456789012345678901234567890"), "123456789012345678899921813504");
  assert.equal(
    addLongDouble(parseLongDouble("1.18e4932")!, parseLongDouble("1.18e4932")!).kind,
    LD_INFINITE,
  );
  assert.equal(addLongDouble(parseLongDouble("inf")!, parseLongDouble("-inf")!).kind, LD_NAN);
});

/** What INCRBYFLOAT replies for a stored text plus an increment text (null: an error). */
function incrByFloat(current: string, increment: string): string | null {
  const a = parseLongDouble(current);
  const b = parseLongDouble(increment);
  if (a === null || b === null) return null;
  const sum = addLongDouble(a, b);
  return sum.kind === LD_FINITE ? formatLongDoubleHuman(sum) : null;
}

Deno.test("long double: INCRBYFLOAT texts observed from Redis 7.0 on x86-64", () => {
  const cases: [string, string, string | null][] = [
    ["10.5", "0.1", "10.6"],
    ["1000000", "0.1", "1000000.10000000000002274"],
    ["123456789", "0.3", "123456789.30000000000291038"],
    ["123456789.30000000000291038", "1.1", "123456790.40000000000145519"],
    ["0.1", "0.2", "0.3"],
    ["3.0e3", "0", "3000"],
    ["3000", "0x10", "3016"],
    ["3016", "1e-400", "3016"],
    ["1", "0x1p-2", "1.25"],
    ["0", "0x1p-18", "0.00000381469726562"],
    ["0.00000381469726562", "0x1p-17", "0.00001144409179687"],
    ["5000", "1e20", "100000000000000005000"],
    ["100000000000000005000", "0.1", "100000000000000005000"],
    ["1.25", "-1.25", "0"],
    ["-1e-30", "0", "0"],
    ["1", "1e5000", null],
    ["1", "1e-5000", null],
    ["1", "inf", null],
    ["1", "nan", null],
    ["1", "1\x00", null],
    ["1", " 1", null],
    ["1", "1" + "0".repeat(5119), null],
  ];
  for (const [a, b, want] of cases) {
    assert.equal(incrByFloat(a, b), want, `${a} + ${b}`);
  }
  const big = incrByFloat("0", "1e300")!;
  assert.ok(big.startsWith("10000000000000000000089973240795591938705239442732907479382600823"));
  assert.equal(big.length, 301);
  // the long double nearest 1e4000 is a little below it: 4000 digits, starting 999...
  const huge = incrByFloat("1", "1e4000")!;
  assert.equal(huge.length, 4000);
  assert.ok(huge.startsWith("999999999999999999996546387309962378"));
});

Deno.test("long double: special values", () => {
  const inf = parseLongDouble("inf")!;
  assert.equal(inf.kind, LD_INFINITE);
  assert.equal(addLongDouble(inf, parseLongDouble("-inf")!).kind, LD_NAN);
  assert.equal(addLongDouble(inf, parseLongDouble("1")!).kind, LD_INFINITE);
  const max = parseLongDouble("0x1.fffffffffffffffep16383")!;
  assert.equal(max.kind, LD_FINITE);
  assert.equal(addLongDouble(max, parseLongDouble("0x1p16320")!).kind, LD_INFINITE);
  assert.equal(parseLongDouble("0x1p16384"), null);
  assert.equal(parseLongDouble("0x1p-16445")!.kind, LD_FINITE);
  assert.equal(parseLongDouble("0x1p-16446"), null);
  assert.equal(formatLongDoubleHuman(longDoubleFromNumber(0.1)), "0.10000000000000001");
  assert.equal(formatLongDoubleHuman(longDoubleFromNumber(-2.5)), "-2.5");
});

Deno.test("property: long double sums of safe integers print as the exact integer", () => {
  const safe = fc.integer({ min: -(2 ** 52), max: 2 ** 52 });
  fc.assert(
    fc.property(safe, safe, (a, b) => {
      assert.equal(incrByFloat(String(a), String(b)), String(a + b));
    }),
    { numRuns: 2000 },
  );
});

Deno.test("property: a long double built from a double prints its exact 17-decimal value", () => {
  fc.assert(
    fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (d) => {
      const text = formatLongDoubleHuman(longDoubleFromNumber(d));
      // the text is d rounded to 17 decimals, so it reads back within half a unit there
      assert.ok(Math.abs(Number(text) - d) <= 5e-18 + Math.abs(d) * 2 ** -52, `${d} ${text}`);
    }),
    { numRuns: 2000 },
  );
});
