import { compat } from "../helpers/compat.ts";

// SCAN, SSCAN, HSCAN and ZSCAN share one cursor parser and one MATCH/COUNT parser
// (src/commands/scan_args.ts); these are the texts where strtoul and Redis's checks decide.
Deno.test("compat: scan cursors and options, every scan command", () =>
  compat(async (t) => {
    await t.same("ZADD", "z", "1", "a", "2", "b");
    await t.same("SET", "k", "v");
    const cursors = [
      "",
      "-0",
      "+0",
      "\x00",
      "\x000",
      "0\x00junk",
      " 0",
      "\x00 ",
      " \x00",
      "0 ",
      "x",
      "-",
      "+",
      "0x1",
      "1.0",
      "18446744073709551616",
    ];
    for (const cursor of cursors) {
      await t.same("ZSCAN", "z", cursor, "COUNT", "100");
      await t.same("SSCAN", "nokey", cursor);
      await t.same("HSCAN", "nokey", cursor);
      await t.same("ZSCAN", "nokey", cursor);
    }
    // a valid cursor starts a walk of the keyspace, whose order is Redis's own
    for (const cursor of ["", "\x000", "0\x00junk", "\x00 "]) await t.sameShape("SCAN", cursor);
    for (const cursor of [" 0", " \x00", "0 ", "x", "-", "18446744073709551616"]) {
      await t.same("SCAN", cursor);
    }
    const options = [
      ["COUNT"],
      ["count", "0"],
      ["COUNT", "-1"],
      ["COUNT", "x"],
      ["COUNT", "99999999999999999999"],
      ["MATCH", "a"],
      ["match", "*"],
      ["FOO", "1"],
      ["COUNT", "5", "MATCH"],
    ];
    for (const opts of options) {
      await t.same("ZSCAN", "z", "0", ...opts);
      await t.same("ZSCAN", "nokey", "0", ...opts);
      await t.same("ZSCAN", "k", "0", ...opts);
    }
  }));
