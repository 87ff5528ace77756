import { compat } from "../helpers/compat.ts";

Deno.test("compat: ZADD options, conditions, replies and errors", () =>
  compat(async (t) => {
    await t.same("ZADD", "z", "1", "a", "2", "b", "3", "c");
    await t.same("ZADD", "z", "1", "a");
    await t.same("ZADD", "z", "CH", "5", "a", "2", "b", "9", "new");
    await t.same("ZRANGE", "z", "0", "-1", "WITHSCORES");
    await t.same("ZADD", "z", "NX", "100", "a", "4", "nx1");
    await t.same("ZADD", "z", "XX", "100", "a", "4", "xx1");
    await t.same("ZADD", "z", "XX", "CH", "100", "a", "4", "xx1");
    await t.same("ZADD", "z", "GT", "CH", "1", "a", "200", "b", "7", "gt1");
    await t.same("ZADD", "z", "LT", "CH", "1", "a", "300", "b", "7", "lt1");
    await t.same("ZADD", "z", "GT", "XX", "CH", "500", "a", "1", "c");
    await t.same("ZADD", "z", "lt", "xx", "ch", "1", "a", "1", "c");
    await t.same("ZRANGE", "z", "0", "-1", "WITHSCORES");
    // option keywords end at a NUL byte (strcasecmp)
    await t.same("ZADD", "z", "nx\0", "ch\0junk", "9", "nul1", "1", "a");
    await t.same("ZADD", "z", "INCR\0", "1", "nul1");
    await t.same("ZADD", "z", "n\0x", "9", "nul2");
    await t.same("ZRANGE", "z", "0", "-1", "WITHSCORES");
    // INCR
    await t.same("ZADD", "z", "INCR", "2.5", "a");
    await t.same("ZADD", "z", "INCR", "0", "a");
    await t.same("ZADD", "z", "INCR", "1", "fresh");
    await t.same("ZADD", "z", "INCR", "NX", "1", "a");
    await t.same("ZADD", "z", "INCR", "NX", "1", "fresh2");
    await t.same("ZADD", "z", "INCR", "XX", "1", "missing");
    await t.same("ZADD", "z", "INCR", "XX", "1", "a");
    await t.same("ZADD", "z", "INCR", "GT", "-1", "a");
    await t.same("ZADD", "z", "INCR", "GT", "1", "a");
    await t.same("ZADD", "z", "INCR", "LT", "1", "a");
    await t.same("ZADD", "z", "INCR", "LT", "-1", "a");
    await t.same("ZADD", "z", "INCR", "CH", "1", "a");
    await t.same("ZADD", "z", "INCR", "inf", "a");
    await t.same("ZADD", "z", "INCR", "-inf", "a");
    await t.same("ZADD", "z", "INCR", "1", "a");
    await t.same("ZSCORE", "z", "a");
    await t.same("ZADD", "nokey", "XX", "1", "a");
    await t.same("ZADD", "nokey", "XX", "INCR", "1", "a");
    await t.same("ZADD", "nokey", "XX", "CH", "1", "a");
    await t.same("EXISTS", "nokey");
    // option errors, in Redis's order
    await t.same("ZADD", "z", "NX", "XX", "1", "a");
    await t.same("ZADD", "z", "GT", "LT", "1", "a");
    await t.same("ZADD", "z", "NX", "GT", "1", "a");
    await t.same("ZADD", "z", "NX", "LT", "1", "a");
    await t.same("ZADD", "z", "INCR", "1", "a", "2", "b");
    await t.same("ZADD", "z", "INCR", "XX", "NX", "1", "a");
    await t.same("ZADD", "z", "NX", "XX", "1", "a", "2");
    await t.same("ZADD", "z", "1", "a", "2");
    await t.same("ZADD", "z", "NX", "CH");
    await t.same("ZADD", "z", "NX", "CH", "INCR");
    await t.same("ZADD", "z", "1", "a", "NX", "2");
    await t.same("ZADD", "z", "abc", "a");
    await t.same("ZADD", "z", "1", "a", "abc", "b");
    await t.same("ZSCORE", "z", "b");
    await t.same("ZADD", "z");
    await t.same("ZADD", "z", "1");
    await t.same("ZADD", "z", "nan", "a");
    await t.same("ZADD", "z", "NaN", "a");
    await t.same("ZADD", "z", "", "a");
    await t.same("ZADD", "z", " 1", "a");
    await t.same("ZADD", "z", "1 ", "a");
    await t.same("ZADD", "z", "1\x00", "a");
    await t.same("ZADD", "z", "1e400", "a");
    await t.same("ZADD", "z", "-1e400", "a");
    await t.same("ZADD", "z", "1e-400", "a");
    // wrong type: the scores are checked first
    await t.same("SET", "str", "x");
    await t.same("ZADD", "str", "abc", "a");
    await t.same("ZADD", "str", "1", "a");
    await t.same("ZADD", "str", "XX", "1", "a");
    await t.same("ZINCRBY", "str", "1", "a");
    await t.same("ZINCRBY", "str", "x", "a");
  }));

Deno.test("compat: ZADD score parsing and score formatting", () =>
  compat(async (t) => {
    const scores = [
      "0",
      "-0",
      "+0",
      "1",
      "-1",
      "+5",
      "1.1",
      "0.1",
      "3.0",
      "1.",
      ".5",
      "-.5e-3",
      "1e5",
      "1E+5",
      "1e-5",
      "1.5e300",
      "123456789012345678",
      "9007199254740993",
      "4503599627370495.5",
      "1e-310",
      "4.9406564584124654e-324",
      "1.7976931348623157e308",
      "inf",
      "+inf",
      "-inf",
      "INF",
      "Infinity",
      "-infinity",
      "0x10",
      "0X1p3",
      "-0x1.8p1",
      "0x.8",
      "0x1p-1074",
      "0x",
      "1e",
      "e5",
      ".",
      "+",
      "-",
      "1.2.3",
      "infinit",
      "nan(123)",
      "007",
      "1_000",
    ];
    for (const s of scores) {
      await t.same("ZADD", "z", s, "m");
      await t.same("ZSCORE", "z", "m");
      await t.same("ZRANGE", "z", "0", "-1", "WITHSCORES");
      await t.same("ZINCRBY", "z", s, "m");
      await t.same("ZMSCORE", "z", "m", "none");
    }
  }));

Deno.test("compat: -0 survives in a skiplist but a listpack stores it as 0", () =>
  compat(async (t) => {
    await t.same("ZADD", "big", "-0", "m");
    await t.same("OBJECT", "ENCODING", "big");
    await t.same("ZSCORE", "big", "m");
    await t.same("ZADD", "big", "0", "m");
    await t.same("ZSCORE", "big", "m");
    await t.same("ZINCRBY", "big", "-0", "m");
    await t.same("ZRANGE", "big", "0", "-1", "WITHSCORES");
    await t.same("ZSCAN", "big", "0");
    await t.same("ZUNIONSTORE", "small", "1", "big");
    await t.same("OBJECT", "ENCODING", "small");
    await t.same("ZSCORE", "small", "m");
    await t.same("ZRANGESTORE", "r0", "big", "0", "-1");
    await t.same("OBJECT", "ENCODING", "r0");
    await t.same("ZRANGESTORE", "r0", "big", "-inf", "inf", "BYSCORE");
    await t.same("OBJECT", "ENCODING", "r0");
  }, { config: { "zset-max-listpack-entries": "0" } }));

Deno.test("compat: ZINCRBY", () =>
  compat(async (t) => {
    await t.same("ZINCRBY", "z", "1", "a");
    await t.same("ZINCRBY", "z", "1.5", "a");
    await t.same("ZINCRBY", "z", "-10", "a");
    await t.same("ZINCRBY", "z", "inf", "a");
    await t.same("ZINCRBY", "z", "-inf", "a");
    await t.same("ZINCRBY", "z", "abc", "a");
    await t.same("ZINCRBY", "z", "nan", "a");
    await t.same("ZINCRBY", "z", "nx", "a");
    await t.same("ZINCRBY", "z", "ch", "ch");
    await t.same("ZINCRBY", "z", "1", "nx");
    await t.same("ZINCRBY", "z", "0.1", "b");
    await t.same("ZINCRBY", "z", "0.2", "b");
    await t.same("ZRANGE", "z", "0", "-1", "WITHSCORES");
    await t.same("ZINCRBY", "z", "1");
    await t.same("ZINCRBY", "z", "1", "a", "b");
  }));

Deno.test("compat: encodings follow zset-max-listpack-entries and -value", () =>
  compat(async (t) => {
    await t.same("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
    await t.same("OBJECT", "ENCODING", "z");
    await t.same("ZADD", "z", "5", "e");
    await t.same("OBJECT", "ENCODING", "z");
    await t.same("ZREM", "z", "a", "b", "c");
    await t.same("OBJECT", "ENCODING", "z");
    await t.same("ZADD", "long", "1", "123456789");
    await t.same("OBJECT", "ENCODING", "long");
    await t.same("ZADD", "short", "1", "12345678");
    await t.same("OBJECT", "ENCODING", "short");
    await t.same("ZADD", "short", "2", "123456789");
    await t.same("OBJECT", "ENCODING", "short");
    await t.same("ZADD", "dups", "1", "a", "1", "a", "1", "a", "1", "a", "1", "a", "1", "a");
    await t.same("OBJECT", "ENCODING", "dups");
    await t.same("ZINCRBY", "inc", "1", "123456789");
    await t.same("OBJECT", "ENCODING", "inc");
    // stores rebuild: compact again when the result fits
    await t.same("ZUNIONSTORE", "u", "1", "z");
    await t.same("OBJECT", "ENCODING", "u");
    await t.same("ZINTERSTORE", "i", "1", "z");
    await t.same("OBJECT", "ENCODING", "i");
    await t.same("ZDIFFSTORE", "d", "1", "short");
    await t.same("OBJECT", "ENCODING", "d");
    await t.same("ZRANGESTORE", "r", "z", "0", "-1");
    await t.same("OBJECT", "ENCODING", "r");
    await t.same("ZADD", "five", "1", "a", "2", "b", "3", "c", "4", "d");
    await t.same("ZADD", "five", "5", "e");
    await t.same("ZRANGESTORE", "r", "five", "0", "-1");
    await t.same("OBJECT", "ENCODING", "r");
    await t.same("ZRANGESTORE", "r", "five", "0", "3");
    await t.same("OBJECT", "ENCODING", "r");
    await t.same("ZRANGESTORE", "r", "five", "-inf", "inf", "BYSCORE");
    await t.same("OBJECT", "ENCODING", "r");
    await t.same("ZRANGESTORE", "r", "five", "-inf", "inf", "BYSCORE", "LIMIT", "0", "2");
    await t.same("OBJECT", "ENCODING", "r");
    await t.same("ZRANGESTORE", "r", "five", "-", "+", "BYLEX");
    await t.same("OBJECT", "ENCODING", "r");
    await t.same("COPY", "five", "five2");
    await t.same("OBJECT", "ENCODING", "five2");
    await t.same("ZRANGE", "five2", "0", "-1", "WITHSCORES");
  }, { config: { "zset-max-listpack-entries": "4", "zset-max-listpack-value": "8" } }));
