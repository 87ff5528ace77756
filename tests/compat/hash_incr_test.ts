import { compat } from "../helpers/compat.ts";

Deno.test("compat: HINCRBY with int64 limits and every error", () =>
  compat(async (t) => {
    await t.same("HINCRBY", "h", "a", "5");
    await t.same("HINCRBY", "h", "a", "-7");
    await t.same("HINCRBY", "h", "a", "0");
    await t.same("HINCRBY", "fresh", "f", "-1");
    await t.same("HSET", "h", "big", "9223372036854775806");
    await t.same("HINCRBY", "h", "big", "1");
    await t.same("HINCRBY", "h", "big", "1");
    await t.same("HINCRBY", "h", "big", "-9223372036854775807");
    await t.same("HSET", "h", "neg", "-9223372036854775807");
    await t.same("HINCRBY", "h", "neg", "-1");
    await t.same("HINCRBY", "h", "neg", "-1");
    await t.same("HINCRBY", "h", "neg", "9223372036854775807");
    await t.same("HINCRBY", "h", "new", "9223372036854775807");
    await t.same("HINCRBY", "h", "new2", "-9223372036854775808");
    await t.same("HSET", "h", "s", "abc", "sp", " 1", "lead", "01", "flt", "1.5", "e", "");
    for (const f of ["s", "sp", "lead", "flt", "e"]) await t.same("HINCRBY", "h", f, "1");
    for (const inc of ["abc", "1.5", "", "9223372036854775808", "+1", " 1", "0x10"]) {
      await t.same("HINCRBY", "h", "a", inc);
    }
    await t.same("HGETALL", "h");
    await t.same("HINCRBY", "h", "a");
    await t.same("HINCRBY", "h", "a", "1", "2");
  }));

Deno.test("compat: HINCRBYFLOAT computes and prints like Redis's long double", () =>
  compat(async (t) => {
    const steps = [
      "0.1",
      "0.2",
      "-0.3",
      "1e-20",
      "5.0000000000000001e-1",
      "1.23456789012345678",
      "100000000000000000000000",
      "-100000000000000000000000",
      "3.0e3",
      "-3000",
      "0x10",
      "0x1.8p1",
      "+2.5",
      ".5",
      "5.",
      "1e308",
      "1e308",
      "-1e308",
      "-1e308",
      "1e400",
      "-1e400",
      "123456789012345678901234567890",
      "-5e-17",
      "-5e-18",
      "1e-30",
      "1E2",
      "10.5e-1",
    ];
    for (const s of steps) await t.same("HINCRBYFLOAT", "h", "f", s);
    await t.same("HINCRBYFLOAT", "h", "g", "1e-5000");
    await t.same("HINCRBYFLOAT", "h", "g", "1e5000");
    await t.same("HINCRBYFLOAT", "h", "g", "4e-4951");
    await t.same("HINCRBYFLOAT", "h", "g", "inf");
    await t.same("HINCRBYFLOAT", "h", "g", "-infinity");
    await t.same("HINCRBYFLOAT", "h", "g", "nan");
    await t.same("HINCRBYFLOAT", "h", "g", "abc");
    await t.same("HINCRBYFLOAT", "h", "g", "");
    await t.same("HINCRBYFLOAT", "h", "g", " 1");
    await t.same("HINCRBYFLOAT", "h", "g", "1 ");
    await t.same("HINCRBYFLOAT", "h", "g", "1e");
    await t.same("HINCRBYFLOAT", "h", "g", "0x");
    await t.same("HINCRBYFLOAT", "h", "g", ".");
    await t.same("HINCRBYFLOAT", "h", "g", "1.18e4932");
    await t.same("HINCRBYFLOAT", "h", "g", "1.18e4932");
    await t.same("HSET", "h", "s", "abc", "i", "inf", "sp", " 2", "sci", "1.5e3", "hex", "0x1p4");
    for (const f of ["s", "i", "sp", "sci", "hex"]) await t.same("HINCRBYFLOAT", "h", f, "1");
    await t.same("HINCRBYFLOAT", "fresh", "x", "-2.5");
    await t.same("HINCRBYFLOAT", "fresh", "x", "2.5");
    await t.sameUnordered("HGETALL", "h");
    await t.same("HGETALL", "fresh");
    await t.same("HINCRBYFLOAT", "h", "f");
    await t.same("HINCRBYFLOAT", "h", "f", "1", "2");
  }));
