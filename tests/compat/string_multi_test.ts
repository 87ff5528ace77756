import { compat } from "../helpers/compat.ts";

Deno.test("compat: MGET, MSET and MSETNX", () =>
  compat(async (t) => {
    await t.same("MGET", "a");
    await t.same("MSET", "a", "1", "b", "2", "c", "3");
    await t.same("MGET", "a", "b", "c", "missing", "a");
    await t.same("MSET", "a");
    await t.same("MSET", "a", "1", "b");
    await t.same("MSET");
    await t.same("MGET");
    await t.same("MSETNX", "a", "1");
    await t.same("MSETNX", "a");
    await t.same("MSETNX", "a", "1", "b");
    await t.same("MSETNX", "x", "1", "a", "9");
    await t.same("MGET", "x", "a");
    await t.same("MSETNX", "x", "1", "y", "2");
    await t.same("MGET", "x", "y");
    // a repeated key in one MSETNX: the later value wins
    await t.same("MSETNX", "d", "1", "d", "2");
    await t.same("GET", "d");
    await t.same("MSET", "d", "first", "d", "second");
    await t.same("GET", "d");
    // MSET drops times to live
    await t.same("SET", "t", "v", "EX", "100");
    await t.same("MSET", "t", "w");
    await t.same("TTL", "t");
    // other types read as nil in MGET, are replaced by MSET and block MSETNX
    await t.same("HSET", "h", "f", "v");
    await t.same("SADD", "s", "m");
    await t.same("MGET", "h", "a", "s");
    await t.same("MSETNX", "new", "1", "h", "2");
    await t.same("EXISTS", "new");
    await t.same("MSET", "h", "now a string");
    await t.same("MGET", "h", "s");
    await t.same("MSET", "bin", "\x00\r\n\xff", "\xff\x00", "key");
    await t.same("MGET", "bin", "\xff\x00");
  }));
