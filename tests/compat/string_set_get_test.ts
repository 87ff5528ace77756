import { compat } from "../helpers/compat.ts";

/** Every byte value once, to check that values travel untouched. */
const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join("");

Deno.test("compat: SET and GET with every option and error path", () =>
  compat(async (t) => {
    await t.same("GET", "missing");
    await t.same("SET", "k", "v");
    await t.same("GET", "k");
    await t.same("SET", "k", "v2", "NX");
    await t.same("SET", "k", "v2", "XX", "GET");
    await t.same("SET", "fresh", "v", "XX");
    await t.same("SET", "fresh", "v", "NX", "GET");
    await t.same("GET", "fresh");
    await t.same("SET", "fresh2", "v", "XX", "GET");
    await t.same("EXISTS", "fresh2");
    await t.same("SET", "k", "v", "NX", "XX");
    await t.same("SET", "k", "v", "XX", "NX");
    await t.same("SET", "k", "v3", "NX", "NX");
    await t.same("SET", "k", "v3", "XX", "XX", "GET", "GET");
    await t.same("SET", "k", "v", "EX", "0");
    await t.same("SET", "k", "v", "EX", "-5");
    await t.same("SET", "k", "v", "PX", "0");
    await t.same("SET", "k", "v", "EXAT", "0");
    await t.same("SET", "k", "v", "PXAT", "-1");
    await t.same("SET", "k", "v", "EX", "abc");
    await t.same("SET", "k", "v", "EX", "1.5");
    await t.same("SET", "k", "v", "EX", "99999999999999999999");
    await t.same("SET", "k", "v", "EX", "10", "PX", "100");
    await t.same("SET", "k", "v", "EXAT", "10", "PXAT", "100");
    await t.same("SET", "k", "v", "EX");
    await t.same("SET", "k", "v", "PX");
    await t.same("SET", "k", "v", "KEEPTTL", "EX", "10");
    await t.same("SET", "k", "v", "EX", "100", "KEEPTTL");
    await t.same("SET", "k", "v", "KEEPTTL", "PERSIST");
    await t.same("SET", "k", "v", "PERSIST");
    // a repeated expiry of the same kind is accepted and the last one wins
    await t.same("SET", "k", "v", "EX", "10", "EX", "2000");
    await t.same("TTL", "k");
    await t.same("SET", "k", "v", "EX", "abc", "EX", "3000");
    await t.same("TTL", "k");
    await t.same("SET", "k", "v", "EX", "10", "EX", "abc");
    await t.same("SET", "k", "v", "px", "100000", "Px", "200000");
    await t.same("SET", "k", "v", "KEEPTTL", "KEEPTTL");
    // limits of the millisecond arithmetic: int64 overflow is an invalid expire time
    await t.same("SET", "k", "v", "EX", "9223372036854775");
    await t.same("SET", "k", "v", "EX", "9223372036854776");
    await t.same("SET", "k", "v", "EX", "9000000000000000");
    await t.same("TTL", "k");
    await t.same("SET", "k", "v", "EX", "10000000000000");
    await t.same("TTL", "k");
    await t.same("SET", "k", "v", "PX", "9223372036854775807");
    await t.same("SET", "k", "v", "PX", "9223370000000000000");
    await t.same("SET", "k", "v", "PXAT", "9223372036854775807");
    await t.same("PEXPIRETIME", "k");
    await t.same("SET", "k", "v", "EXAT", "9223372036854775");
    await t.same("EXPIRETIME", "k");
    await t.same("SET", "k", "v", "EXAT", "9223372036854776");
    // an absolute time in the past stores a key that is already gone
    await t.same("SET", "k", "v", "EXAT", "1");
    await t.same("GET", "k");
    await t.same("SET", "k", "v", "PXAT", "99999999999999", "GET");
    await t.same("PEXPIRETIME", "k");
    await t.same("SET", "k", "v2", "KEEPTTL");
    await t.same("PEXPIRETIME", "k");
    await t.same("SET", "k", "v3", "GET", "KEEPTTL", "XX");
    await t.same("PEXPIRETIME", "k");
    await t.same("SET", "k", "v4");
    await t.same("TTL", "k");
    await t.same("SET", "k", "v", "EX", "100", "NX");
    await t.same("TTL", "k");
    await t.same("SET", "k", "v", "EX", "100", "XX", "GET");
    await t.same("TTL", "k");
    // option words are matched case-insensitively and, as C strings, only up to a NUL
    await t.same("SET", "k", "v", "nx");
    await t.same("SET", "k", "v", "Get");
    await t.same("SET", "k", "w", "XX\0junk");
    await t.same("GET", "k");
    await t.same("SET", "k", "v", "EXX", "10");
    await t.same("SET", "k", "v", "N");
    await t.same("SET", "k", "v", "");
    await t.same("SET", "k", "\x00\xff\r\n binary");
    await t.same("GET", "k");
    await t.same("SET", "all", ALL_BYTES);
    await t.same("GET", "all");
    await t.same("SET", ALL_BYTES, "key with every byte");
    await t.same("GET", ALL_BYTES);
    await t.same("SET", "empty", "");
    await t.same("GET", "empty");
    await t.same("SET", "k");
    await t.same("SET");
    await t.same("GET");
    await t.same("GET", "a", "b");
    await t.same("set", "k", "v", "bogus");
    await t.same("set", "k", "v", "EX", "10", "bogus");
    // other types: GET and SET ... GET refuse them, plain SET replaces them
    await t.same("HSET", "h", "f", "v");
    await t.same("GET", "h");
    await t.same("SET", "h", "v", "GET");
    await t.same("SET", "h", "v", "NX", "GET");
    await t.same("TYPE", "h");
    await t.same("SET", "h", "v", "NX");
    await t.same("SET", "h", "now a string", "XX");
    await t.same("TYPE", "h");
    await t.same("GET", "h");
  }));

Deno.test("compat: SETNX, SETEX and PSETEX", () =>
  compat(async (t) => {
    await t.same("SETNX", "k", "v");
    await t.same("SETNX", "k", "w");
    await t.same("GET", "k");
    await t.same("SETNX", "k");
    await t.same("SETNX", "k", "v", "x");
    await t.same("SETEX", "k", "100", "v2");
    await t.same("TTL", "k");
    await t.same("GET", "k");
    await t.same("SETNX", "k", "w");
    await t.same("SETEX", "k", "0", "v");
    await t.same("SETEX", "k", "-1", "v");
    await t.same("SETEX", "k", "abc", "v");
    await t.same("SETEX", "k", "9223372036854775", "v");
    await t.same("SETEX", "k", "9000000000000000", "v");
    await t.same("TTL", "k");
    await t.same("SETEX", "k", "10", "v", "x");
    await t.same("SETEX", "k", "10");
    await t.same("PSETEX", "k", "100000", "v3");
    await t.same("GET", "k");
    await t.same("PSETEX", "k", "0", "v");
    await t.same("PSETEX", "k", "-100", "v");
    await t.same("PSETEX", "k", "1e3", "v");
    await t.same("PSETEX", "k", "9223372036854775807", "v");
    await t.same("PSETEX", "k", "10");
    // the expiry error wins over anything about the key
    await t.same("HSET", "h", "f", "v");
    await t.same("SETNX", "h", "v");
    await t.same("SETEX", "h", "0", "v");
    await t.same("SETEX", "h", "100", "v");
    await t.same("TYPE", "h");
    await t.same("PSETEX", "h2", "100000", "v");
    await t.same("TYPE", "h2");
  }));
