import { compat } from "../helpers/compat.ts";

Deno.test("compat: SET and GET with every option and error path", () =>
  compat(async (t) => {
    await t.same("GET", "missing");
    await t.same("SET", "k", "v");
    await t.same("GET", "k");
    await t.same("SET", "k", "v2", "NX");
    await t.same("SET", "k", "v2", "XX", "GET");
    await t.same("SET", "fresh", "v", "XX");
    await t.same("SET", "fresh", "v", "NX", "GET");
    await t.same("SET", "k", "v", "NX", "XX");
    await t.same("SET", "k", "v", "EX", "0");
    await t.same("SET", "k", "v", "EX", "-5");
    await t.same("SET", "k", "v", "EX", "abc");
    await t.same("SET", "k", "v", "EX", "10", "PX", "100");
    await t.same("SET", "k", "v", "EX");
    await t.same("SET", "k", "v", "KEEPTTL", "EX", "10");
    await t.same("SET", "k", "v", "EX", "100", "KEEPTTL");
    await t.same("SET", "k", "v", "EX", "9223372036854775");
    await t.same("SET", "k", "v", "PX", "9223372036854775807");
    await t.same("SET", "k", "v", "EXAT", "1");
    await t.same("GET", "k");
    await t.same("SET", "k", "v", "PXAT", "99999999999999", "GET");
    await t.same("SET", "k", "\x00\xff\r\n binary");
    await t.same("GET", "k");
    await t.same("SET", "k");
    await t.same("GET");
    await t.same("GET", "a", "b");
    await t.same("set", "k", "v", "bogus");
  }));
