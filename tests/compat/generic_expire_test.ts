import assert from "node:assert/strict";
import { compat } from "../helpers/compat.ts";

const FAR_SECONDS = "4102444800"; // 2100-01-01
const FAR_MS = "4102444800123";

Deno.test("compat: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT and the TTL readers", () =>
  compat(async (t) => {
    await t.same("EXPIRE", "missing", "100");
    await t.same("TTL", "missing");
    await t.same("PTTL", "missing");
    await t.same("EXPIRETIME", "missing");
    await t.same("PEXPIRETIME", "missing");
    await t.same("SET", "k", "v");
    await t.same("TTL", "k");
    await t.same("PTTL", "k");
    await t.same("EXPIRETIME", "k");
    await t.same("PEXPIRETIME", "k");
    await t.same("EXPIRE", "k", "100");
    await t.same("TTL", "k");
    await t.same("PEXPIRE", "k", "200000");
    await t.same("TTL", "k");
    const [redisPttl, respirePttl] = await t.both("PTTL", "k");
    const pttlOf = (raw: string) => Number(raw.slice(1, -2));
    assert.ok(Math.abs(pttlOf(redisPttl) - pttlOf(respirePttl)) < 1000);
    await t.same("EXPIREAT", "k", FAR_SECONDS);
    await t.same("EXPIRETIME", "k");
    await t.same("PEXPIRETIME", "k");
    await t.same("PEXPIREAT", "k", FAR_MS);
    await t.same("EXPIRETIME", "k");
    await t.same("PEXPIRETIME", "k");
    // a time in the past deletes the key and still replies 1
    await t.same("EXPIRE", "k", "0");
    await t.same("EXISTS", "k");
    await t.same("SET", "k", "v");
    await t.same("EXPIRE", "k", "-100");
    await t.same("EXISTS", "k");
    await t.same("SET", "k", "v");
    await t.same("PEXPIREAT", "k", "1");
    await t.same("EXISTS", "k");
    await t.same("SET", "k", "v");
    await t.same("EXPIREAT", "k", "-9223372036854775");
    await t.same("EXISTS", "k");
    await t.same("SET", "k", "v");
    await t.same("PEXPIRE", "k", "-9223372036854775808");
    await t.same("EXISTS", "k");
    // SET drops the TTL
    await t.same("SET", "k", "v", "EX", "100");
    await t.same("SET", "k", "v2");
    await t.same("TTL", "k");
  }));

Deno.test("compat: expire times at the int64 edges", () =>
  compat(async (t) => {
    await t.same("SET", "k", "v");
    for (
      const v of [
        "9223372036854775",
        "9223372036854776",
        "-9223372036854776",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "1.5",
        " 5",
        "+5",
        "05",
        "",
      ]
    ) {
      await t.same("EXPIRE", "k", v);
      await t.same("EXPIRE", "missing", v);
      await t.same("EXPIREAT", "missing", v);
    }
    await t.same("PEXPIRE", "k", "9223372036854775807");
    await t.same("PEXPIRE", "k", "9223372036854775806");
    await t.same("EXPIREAT", "k", "9223372036854776");
    await t.same("EXPIREAT", "k", "9223372036854775");
    await t.same("EXPIRETIME", "k");
    await t.same("PEXPIRETIME", "k");
    await t.same("PEXPIREAT", "k", "9223372036854775807");
    await t.same("EXPIRETIME", "k");
    await t.same("PEXPIRETIME", "k");
    await t.same("PEXPIREAT", "k", "9223372036854775806", "LT");
    await t.same("PEXPIRETIME", "k");
    await t.same("PEXPIREAT", "k", "9223372036854775807", "GT");
    await t.same("PEXPIREAT", "k", "9223372036854775807", "LT");
    await t.same("PEXPIRETIME", "k");
    await t.same("PEXPIREAT", "k", "9007199254740993");
    await t.same("PEXPIRETIME", "k");
    // relative readings of far expiries are compared where the two clocks cannot matter
    await t.same("PEXPIRE", "k", "9223370000000000000");
    await t.same("TTL", "k");
  }));

Deno.test("compat: NX, XX, GT, LT conditions and their errors", () =>
  compat(async (t) => {
    await t.same("SET", "k", "v");
    await t.same("EXPIRE", "k", "100", "XX");
    await t.same("EXPIRE", "k", "100", "GT");
    await t.same("TTL", "k");
    await t.same("EXPIRE", "k", "100", "LT");
    await t.same("TTL", "k");
    await t.same("PERSIST", "k");
    await t.same("EXPIRE", "k", "100", "NX");
    await t.same("EXPIRE", "k", "200", "NX");
    await t.same("TTL", "k");
    await t.same("EXPIRE", "k", "200", "xx");
    await t.same("TTL", "k");
    await t.same("EXPIRE", "k", "100", "gt");
    await t.same("EXPIRE", "k", "300", "GT");
    await t.same("TTL", "k");
    await t.same("EXPIRE", "k", "400", "LT");
    await t.same("EXPIRE", "k", "50", "LT");
    await t.same("TTL", "k");
    await t.same("EXPIRE", "k", "60", "XX", "GT");
    await t.same("EXPIRE", "k", "40", "XX", "LT");
    await t.same("TTL", "k");
    await t.same("EXPIREAT", "k", FAR_SECONDS, "GT");
    await t.same("PEXPIREAT", "k", FAR_MS, "GT", "XX");
    await t.same("PEXPIRETIME", "k");
    await t.same("PEXPIRE", "k", "-1", "LT");
    await t.same("EXISTS", "k");
    await t.same("SET", "k", "v");
    await t.same("EXPIRE", "k", "-1", "GT");
    await t.same("EXPIRE", "k", "-1", "LT");
    await t.same("EXISTS", "k");
    await t.same("SET", "k", "v");
    await t.same("EXPIRE", "k", "10", "NX", "NX");
    await t.same("EXPIRE", "k", "20", "GT", "GT", "XX");
    for (
      const opts of [
        ["NX", "XX"],
        ["NX", "GT"],
        ["NX", "LT"],
        ["GT", "LT"],
        ["lt", "gt"],
        ["NX", "GT", "LT"],
        ["XX", "GT", "LT"],
        ["BOGUS"],
        ["NX", "BOGUS", "XX"],
        ["nx", "xx", "bogus"],
        ["bad\x00tail"],
        ["bad\r\nline"],
      ]
    ) {
      await t.same("EXPIRE", "k", "10", ...opts);
      await t.same("PEXPIREAT", "missing", "abc", ...opts);
    }
    await t.same("EXPIRE", "k", "abc", "NX");
    await t.same("EXPIRE", "missing", "9223372036854775807", "NX");
    await t.same("TTL", "k");
  }));

Deno.test("compat: PERSIST and wrong arity of the expire family", () =>
  compat(async (t) => {
    await t.same("PERSIST", "missing");
    await t.same("SET", "k", "v");
    await t.same("PERSIST", "k");
    await t.same("EXPIRE", "k", "100");
    await t.same("PERSIST", "k");
    await t.same("TTL", "k");
    await t.same("PERSIST", "k");
    for (const cmd of ["EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"]) {
      await t.same(cmd);
      await t.same(cmd, "k");
    }
    for (const cmd of ["TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME", "PERSIST"]) {
      await t.same(cmd);
      await t.same(cmd, "k", "extra");
    }
  }));

Deno.test("compat: expired keys vanish for every reader", () =>
  compat(async (t) => {
    await t.same("SET", "a", "v");
    await t.same("SET", "b", "v");
    await t.same("PEXPIRE", "a", "1");
    await t.same("PEXPIRE", "b", "1");
    await new Promise((r) => setTimeout(r, 20));
    await t.same("TTL", "a");
    await t.same("PTTL", "a");
    await t.same("EXISTS", "a", "b");
    await t.same("TYPE", "b");
    await t.same("KEYS", "*");
    await t.same("SCAN", "0");
  }));

Deno.test("compat: EXPIRE conditions end at a NUL byte", () =>
  compat(async (t) => {
    await t.same("SET", "k", "v");
    await t.same("EXPIRE", "k", "100", "nx\0");
    await t.same("EXPIRE", "k", "50", "GT\0junk");
    await t.same("EXPIRE", "k", "50", "lt\0");
    await t.same("TTL", "k");
    await t.same("EXPIRE", "k", "50", "N\0X");
    await t.same("EXPIRE", "k", "50", "foo\0bar");
  }));
