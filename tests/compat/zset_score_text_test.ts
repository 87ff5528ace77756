import { compat } from "../helpers/compat.ts";

// Whole scores, increments and weights go through parseDouble (strtod on the whole text);
// range bounds through the sorted-set strtod on a prefix. Both round hex floats exactly,
// subnormals included (one rounding, as glibc).

Deno.test("compat: score, weight and range-bound texts", () =>
  compat(async (t) => {
    const texts = [
      "1",
      " 1",
      "1 ",
      "",
      "+1",
      "-1",
      ".5",
      "5.",
      ".",
      "e5",
      "1e",
      "1e+",
      "1e5",
      "1E-5",
      "inf",
      "-inf",
      "+inf",
      "INF",
      "Infinity",
      "-infinity",
      "infinit",
      "nan",
      "NaN",
      "-nan",
      "nan(1)",
      "1e400",
      "-1e400",
      "1e-400",
      "4.9e-324",
      "2e-324",
      "3e-324",
      "2.4703282292062328e-324",
      "2.4703282292062327e-324",
      "1e-310",
      "0x",
      "0x1",
      "0X1P3",
      "0x1p",
      "0x1p-1074",
      "0x1p-1075",
      "0x1.8p-1075",
      "0x1.0000000000001p-1074",
      "0x3p-1076",
      "0x1.fffffffffffff8p1023",
      "0x1.fffffffffffff7p1023",
      "0x1p1024",
      "0x.8",
      "0x1.",
      "0x.p1",
      "0x10000000000000000000000000000000000001p-100",
      "0x1.00000000000008p0",
      "0x1.000000000000080000000001p0",
      "0x1.00000000000018p0",
      "0x0.0000000000001p-1022",
      "0x0.00000000000008p-1022",
      "0x0.00000000000018p-1022",
      "0x0.0000000000000cp-1022",
      "0x2.800000000000001p-1074",
      "0x1.4000000000000008p-1073",
      "1\x00",
      "00012",
      "1.7976931348623158e308",
      "1.7976931348623159e308",
      "-0",
      "0e999999999999",
    ];
    for (const s of texts) {
      await t.same("ZADD", "z", s, "m");
      await t.same("ZSCORE", "z", "m");
      await t.same("ZINCRBY", "z", s, "m");
      await t.same("ZUNIONSTORE", "d", "1", "z", "WEIGHTS", s);
      await t.same("ZCOUNT", "z", s, "+inf");
      await t.same("ZCOUNT", "z", "(" + s, "+inf");
      await t.same("DEL", "z");
    }
    // 2.5 + 2^-60 units of 2^-1074 rounds to 3 units, not twice (2.5, then 2)
    await t.same("ZADD", "z", "0x3p-1074", "m");
    await t.same("ZCOUNT", "z", "(0x2.800000000000001p-1074", "+inf");
    await t.same("ZCOUNT", "z", "-inf", "0x2.800000000000001p-1074");
    await t.same("ZRANGEBYSCORE", "z", "0x2.800000000000001p-1074", "+inf");
  }));
