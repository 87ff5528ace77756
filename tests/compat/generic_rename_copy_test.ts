import { compat } from "../helpers/compat.ts";

Deno.test("compat: RENAME and RENAMENX", () =>
  compat(async (t) => {
    await t.same("RENAME", "missing", "x");
    await t.same("RENAMENX", "missing", "x");
    await t.same("RENAME", "missing", "missing");
    await t.same("RENAMENX", "missing", "missing");
    await t.same("SET", "a", "1");
    await t.same("RENAME", "a", "a");
    await t.same("RENAMENX", "a", "a");
    await t.same("RENAME", "a", "b");
    await t.same("EXISTS", "a");
    await t.same("GET", "b");
    await t.same("SET", "c", "3", "EX", "100");
    await t.same("RENAME", "c", "b");
    await t.same("GET", "b");
    await t.same("TTL", "b");
    await t.same("EXISTS", "c");
    await t.same("SET", "d", "4");
    await t.same("RENAMENX", "d", "b");
    await t.same("GET", "b");
    await t.same("RENAMENX", "d", "e");
    await t.same("GET", "e");
    await t.same("TTL", "e");
    await t.same("SET", "\x00bin\xff", "v");
    await t.same("RENAME", "\x00bin\xff", "\r\n");
    await t.same("GET", "\r\n");
    await t.same("RENAME");
    await t.same("RENAME", "a");
    await t.same("RENAME", "a", "b", "c");
    await t.same("RENAMENX", "a");
  }));

Deno.test("compat: COPY within and across databases", () =>
  compat(async (t) => {
    await t.same("COPY", "missing", "x");
    await t.same("SET", "s", "hello");
    await t.same("COPY", "s", "s");
    await t.same("COPY", "s", "s", "DB", "0");
    await t.same("COPY", "s", "t");
    await t.same("GET", "t");
    await t.same("COPY", "s", "t");
    await t.same("SET", "s", "changed", "EX", "100");
    await t.same("COPY", "s", "t", "REPLACE");
    await t.same("GET", "t");
    await t.same("TTL", "t");
    await t.same("COPY", "s", "t", "replace", "REPLACE");
    await t.same("COPY", "s", "s", "DB", "1");
    await t.same("COPY", "s", "u", "db", "2", "replace");
    await t.same("SELECT", "1");
    await t.same("GET", "s");
    await t.same("TTL", "s");
    await t.same("COPY", "s", "v");
    await t.same("SELECT", "2");
    await t.same("GET", "u");
    await t.same("SELECT", "0");
    await t.same("COPY", "s", "x", "DB", "16");
    await t.same("COPY", "s", "x", "DB", "-1");
    await t.same("COPY", "s", "x", "DB", "abc");
    await t.same("COPY", "s", "x", "DB", "99999999999");
    await t.same("COPY", "s", "x", "DB", "2147483648");
    await t.same("COPY", "s", "x", "DB");
    await t.same("COPY", "s", "x", "REPLACE", "DB");
    await t.same("COPY", "s", "x", "BOGUS");
    await t.same("COPY", "s", "x", "DB", "99", "BOGUS");
    await t.same("COPY", "s", "x", "BOGUS", "DB", "99");
    await t.same("COPY", "missing", "missing", "DB", "99");
    await t.same("COPY", "missing", "missing");
    await t.same("COPY");
    await t.same("COPY", "s");
  }));

Deno.test("compat: MOVE", () =>
  compat(async (t) => {
    await t.same("MOVE", "missing", "1");
    await t.same("SET", "k", "v", "EX", "100");
    await t.same("MOVE", "k", "0");
    await t.same("MOVE", "k", "16");
    await t.same("MOVE", "k", "-1");
    await t.same("MOVE", "k", "abc");
    await t.same("MOVE", "k", "99999999999");
    await t.same("MOVE", "k", "-2147483649");
    await t.same("MOVE", "missing", "0");
    await t.same("MOVE", "k", "1");
    await t.same("EXISTS", "k");
    await t.same("SELECT", "1");
    await t.same("GET", "k");
    await t.same("TTL", "k");
    await t.same("SET", "other", "x");
    await t.same("SELECT", "0");
    await t.same("SET", "other", "y");
    await t.same("MOVE", "other", "1");
    await t.same("GET", "other");
    await t.same("MOVE");
    await t.same("MOVE", "k");
    await t.same("MOVE", "k", "1", "2");
  }));

Deno.test("compat: SWAPDB", () =>
  compat(async (t) => {
    await t.same("SET", "a", "db0");
    await t.same("SET", "t", "v", "EX", "100");
    await t.same("SELECT", "1");
    await t.same("SET", "b", "db1");
    await t.same("SWAPDB", "0", "1");
    // this connection stays on index 1 and now sees what index 0 held
    await t.same("GET", "a");
    await t.same("GET", "b");
    await t.same("TTL", "t");
    await t.same("SELECT", "0");
    await t.same("GET", "b");
    await t.same("SWAPDB", "1", "1");
    await t.same("SWAPDB", "0", "15");
    await t.same("DBSIZE");
    await t.same("SWAPDB", "15", "0");
    await t.same("DBSIZE");
    await t.same("SWAPDB", "0", "16");
    await t.same("SWAPDB", "-1", "0");
    await t.same("SWAPDB", "abc", "0");
    await t.same("SWAPDB", "0", "abc");
    await t.same("SWAPDB", "abc", "def");
    await t.same("SWAPDB", "2147483648", "0");
    await t.same("SWAPDB", "0", "99999999999");
    await t.same("SWAPDB", "0");
    await t.same("SWAPDB", "0", "1", "2");
  }));

Deno.test("compat: COPY option keywords end at a NUL byte, numbers do not", () =>
  compat(async (t) => {
    await t.same("SET", "a", "1");
    await t.same("SET", "b", "2");
    await t.same("COPY", "a", "b", "replace\0");
    await t.same("GET", "b");
    await t.same("COPY", "a", "b", "db\0x", "1");
    await t.same("COPY", "a", "b", "DB", "1\0");
    await t.same("COPY", "a", "b", "RE\0PLACE");
  }));
