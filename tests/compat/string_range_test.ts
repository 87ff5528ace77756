import { compat } from "../helpers/compat.ts";

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join("");

Deno.test("compat: APPEND and STRLEN", () =>
  compat(async (t) => {
    await t.same("STRLEN", "k");
    await t.same("APPEND", "k", "hello");
    await t.same("APPEND", "k", " world");
    await t.same("APPEND", "k", "");
    await t.same("GET", "k");
    await t.same("STRLEN", "k");
    await t.same("APPEND", "empty", "");
    await t.same("EXISTS", "empty");
    await t.same("STRLEN", "empty");
    await t.same("SET", "n", "10");
    await t.same("OBJECT", "ENCODING", "n");
    await t.same("APPEND", "n", "5");
    await t.same("GET", "n");
    await t.same("OBJECT", "ENCODING", "n");
    await t.same("INCR", "n");
    await t.same("APPEND", "new", "12");
    await t.same("OBJECT", "ENCODING", "new");
    await t.same("SET", "t", "v", "EX", "100");
    await t.same("APPEND", "t", "w");
    await t.same("TTL", "t");
    await t.same("APPEND", "bin", ALL_BYTES);
    await t.same("APPEND", "bin", ALL_BYTES);
    await t.same("GET", "bin");
    await t.same("STRLEN", "bin");
    await t.same("APPEND", "k");
    await t.same("APPEND", "k", "a", "b");
    await t.same("STRLEN");
    await t.same("STRLEN", "a", "b");
    await t.same("HSET", "h", "f", "v");
    await t.same("APPEND", "h", "x");
    await t.same("STRLEN", "h");
  }));

Deno.test("compat: GETRANGE and SUBSTR", () =>
  compat(async (t) => {
    await t.same("GETRANGE", "missing", "0", "-1");
    await t.same("SET", "k", "Hello, world");
    const ranges = [
      ["0", "4"],
      ["0", "-1"],
      ["-5", "-1"],
      ["-1", "-5"],
      ["5", "3"],
      ["3", "3"],
      ["0", "0"],
      ["-100", "-200"],
      ["-1", "-2"],
      ["-100", "100"],
      ["0", "-100"],
      ["100", "200"],
      ["11", "11"],
      ["12", "12"],
      ["0", "9223372036854775807"],
      ["-9223372036854775808", "9223372036854775807"],
      ["-9223372036854775807", "-9223372036854775808"],
      ["-9223372036854775808", "-9223372036854775807"],
      ["9223372036854775807", "-9223372036854775808"],
      ["-9007199254740993", "-9007199254740994"],
      ["2", "-9007199254740993"],
    ];
    for (const [start, end] of ranges) {
      await t.same("GETRANGE", "k", start, end);
      await t.same("SUBSTR", "k", start, end);
    }
    await t.same("GETRANGE", "k", "a", "1");
    await t.same("GETRANGE", "k", "1", "b");
    await t.same("GETRANGE", "k", "1.5", "2");
    await t.same("GETRANGE", "k", "9223372036854775808", "2");
    await t.same("GETRANGE", "missing", "x", "1");
    await t.same("SET", "empty", "");
    await t.same("GETRANGE", "empty", "0", "-1");
    await t.same("GETRANGE", "empty", "0", "0");
    await t.same("SET", "n", "12345");
    await t.same("GETRANGE", "n", "1", "-2");
    await t.same("SET", "bin", ALL_BYTES);
    await t.same("GETRANGE", "bin", "0", "-1");
    await t.same("GETRANGE", "bin", "10", "20");
    await t.same("GETRANGE", "bin", "-3", "-1");
    await t.same("GETRANGE", "k", "0");
    await t.same("GETRANGE", "k", "0", "1", "2");
    await t.same("SUBSTR", "k", "0");
    await t.same("HSET", "h", "f", "v");
    await t.same("GETRANGE", "h", "0", "-1");
    await t.same("SUBSTR", "h", "0", "-1");
    await t.same("GETRANGE", "h", "x", "-1");
  }));

Deno.test("compat: SETRANGE", () =>
  compat(async (t) => {
    await t.same("SETRANGE", "k", "0", "Hello");
    await t.same("SETRANGE", "k", "7", "world");
    await t.same("GET", "k");
    await t.same("SETRANGE", "k", "1", "EY");
    await t.same("SETRANGE", "k", "10", "DD!!");
    await t.same("GET", "k");
    await t.same("SETRANGE", "k", "0", "");
    await t.same("SETRANGE", "k", "100", "");
    await t.same("STRLEN", "k");
    await t.same("OBJECT", "ENCODING", "k");
    await t.same("SETRANGE", "pad", "5", "x");
    await t.same("GET", "pad");
    await t.same("OBJECT", "ENCODING", "pad");
    // nothing to write on a missing key: 0 and no key, whatever the offset
    await t.same("SETRANGE", "missing", "5", "");
    await t.same("SETRANGE", "missing", "536870911", "");
    await t.same("SETRANGE", "missing", "9223372036854775807", "");
    await t.same("EXISTS", "missing");
    await t.same("SETRANGE", "k", "-1", "x");
    await t.same("SETRANGE", "k", "-1", "");
    await t.same("SETRANGE", "missing", "-9223372036854775808", "x");
    await t.same("SETRANGE", "k", "abc", "x");
    await t.same("SETRANGE", "k", "1.0", "x");
    await t.same("SETRANGE", "k", "99999999999999999999", "x");
    await t.same("SETRANGE", "k", "536870912", "x");
    await t.same("SETRANGE", "k", "536870911", "xy");
    await t.same("SETRANGE", "k", "9223372036854775807", "x");
    await t.same("SETRANGE", "missing", "536870912", "x");
    await t.same("SETRANGE", "missing", "9007199254740993", "x");
    await t.same("EXISTS", "missing");
    await t.same("SET", "n", "12345");
    await t.same("SETRANGE", "n", "2", "x");
    await t.same("GET", "n");
    await t.same("SET", "t", "value", "EX", "100");
    await t.same("SETRANGE", "t", "0", "V");
    await t.same("TTL", "t");
    await t.same("SETRANGE", "bin", "3", ALL_BYTES);
    await t.same("GET", "bin");
    await t.same("SETRANGE", "bin", "100", "\x00\xff");
    await t.same("GET", "bin");
    await t.same("SETRANGE", "k", "0");
    await t.same("SETRANGE", "k", "0", "a", "b");
    await t.same("HSET", "h", "f", "v");
    await t.same("SETRANGE", "h", "0", "x");
    // the empty-value answer still checks the type of an existing key
    await t.same("SETRANGE", "h", "0", "");
    await t.same("SETRANGE", "h", "-1", "x");
    await t.same("SETRANGE", "h", "x", "x");
  }));

Deno.test("compat: APPEND and SETRANGE obey proto-max-bulk-len", () =>
  compat(async (t) => {
    const mb = 1024 * 1024;
    const half = "x".repeat(mb / 2);
    await t.same("SET", "k", half);
    await t.same("APPEND", "k", half);
    await t.same("APPEND", "k", "y");
    await t.same("STRLEN", "k");
    await t.same("SETRANGE", "k", String(mb - 1), "z");
    await t.same("SETRANGE", "k", String(mb - 1), "zz");
    await t.same("SETRANGE", "k", String(mb), "z");
    await t.same("SETRANGE", "fresh", String(mb - 2), "ab");
    await t.same("STRLEN", "fresh");
    await t.same("SETRANGE", "fresh2", String(mb - 1), "ab");
    await t.same("EXISTS", "fresh2");
    // APPEND to a missing key is not checked: the argument itself already fit the limit
    await t.same("APPEND", "fresh3", half);
  }, { config: { "proto-max-bulk-len": "1048576" } }));
