import { compat } from "../helpers/compat.ts";

Deno.test("compat: GETEX with every option and error path", () =>
  compat(async (t) => {
    await t.same("GETEX", "missing");
    await t.same("GETEX", "missing", "EX", "10");
    // a missing key answers null before the expiry value is parsed
    await t.same("GETEX", "missing", "EX", "abc");
    await t.same("GETEX", "missing", "EX", "0");
    // but the option words are checked first
    await t.same("GETEX", "missing", "NX");
    await t.same("GETEX", "missing", "EX");
    await t.same("SET", "k", "v");
    await t.same("GETEX", "k");
    await t.same("TTL", "k");
    await t.same("GETEX", "k", "EX", "100");
    await t.same("TTL", "k");
    await t.same("GETEX", "k", "PX", "200000");
    await t.same("TTL", "k");
    await t.same("GETEX", "k", "EXAT", "99999999999");
    await t.same("EXPIRETIME", "k");
    await t.same("GETEX", "k", "PXAT", "99999999999999");
    await t.same("PEXPIRETIME", "k");
    await t.same("GETEX", "k", "PERSIST");
    await t.same("TTL", "k");
    await t.same("GETEX", "k", "PERSIST", "PERSIST");
    await t.same("GETEX", "k", "ex", "10", "Ex", "20");
    await t.same("TTL", "k");
    await t.same("GETEX", "k", "EX", "10", "PX", "20");
    await t.same("GETEX", "k", "PERSIST", "EX", "10");
    await t.same("GETEX", "k", "EX", "10", "PERSIST");
    await t.same("GETEX", "k", "KEEPTTL");
    await t.same("GETEX", "k", "NX");
    await t.same("GETEX", "k", "XX");
    await t.same("GETEX", "k", "GET");
    await t.same("GETEX", "k", "bogus");
    await t.same("GETEX", "k", "EX", "abc");
    await t.same("GETEX", "k", "EX", "0");
    await t.same("GETEX", "k", "EX", "-1");
    await t.same("GETEX", "k", "PX", "0");
    await t.same("GETEX", "k", "EXAT", "0");
    await t.same("GETEX", "k", "PXAT", "-5");
    await t.same("GETEX", "k", "EX", "9223372036854775");
    await t.same("GETEX", "k", "PX", "9223372036854775807");
    await t.same("GETEX", "k", "PXAT", "9223372036854775807");
    await t.same("PEXPIRETIME", "k");
    await t.same("GETEX", "k", "EX", "1.5");
    await t.same("TTL", "k");
    // an absolute time already past deletes the key, after replying with the value
    await t.same("GETEX", "k", "EXAT", "1");
    await t.same("EXISTS", "k");
    await t.same("SET", "k", "v");
    await t.same("GETEX", "k", "PXAT", "1000");
    await t.same("EXISTS", "k");
    await t.same("GETEX");
    await t.same("HSET", "h", "f", "v");
    await t.same("GETEX", "h");
    await t.same("GETEX", "h", "EX", "abc");
    await t.same("GETEX", "h", "bogus");
    await t.same("SET", "bin", "\x00\x01\xfe\xff");
    await t.same("GETEX", "bin", "PERSIST");
  }));

Deno.test("compat: GETDEL and GETSET", () =>
  compat(async (t) => {
    await t.same("GETDEL", "missing");
    await t.same("SET", "k", "v", "EX", "100");
    await t.same("GETDEL", "k");
    await t.same("EXISTS", "k");
    await t.same("GETDEL", "k");
    await t.same("GETDEL");
    await t.same("GETDEL", "a", "b");
    await t.same("HSET", "h", "f", "v");
    await t.same("GETDEL", "h");
    await t.same("TYPE", "h");
    await t.same("GETSET", "k", "first");
    await t.same("GETSET", "k", "second");
    await t.same("GET", "k");
    await t.same("EXPIRE", "k", "100");
    await t.same("GETSET", "k", "third");
    // GETSET drops the time to live, as SET does
    await t.same("TTL", "k");
    await t.same("GETSET", "h", "v");
    await t.same("TYPE", "h");
    await t.same("GETSET", "k");
    await t.same("GETSET", "k", "v", "x");
    await t.same("GETSET", "k", "\x00\xff");
    await t.same("GETSET", "k", "");
    await t.same("GET", "k");
  }));
