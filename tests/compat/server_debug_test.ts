import assert from "node:assert/strict";
import { compat } from "../helpers/compat.ts";

Deno.test("compat: DEBUG SLEEP, SET-ACTIVE-EXPIRE, ERROR, LOG and their errors", () =>
  compat(async (t) => {
    await t.same("DEBUG");
    await t.same("DEBUG", "SLEEP");
    await t.same("DEBUG", "SLEEP", "0");
    await t.same("DEBUG", "sleep", "abc");
    await t.same("DEBUG", "SLEEP", "-1");
    await t.same("DEBUG", "SLEEP", "inf");
    await t.same("DEBUG", "SLEEP", "nan");
    await t.same("DEBUG", "SLEEP", "1e-3");
    await t.same("DEBUG", "SLEEP", "0.1", "x");
    await t.same("DEBUG", "SET-ACTIVE-EXPIRE");
    await t.same("DEBUG", "set-active-expire", "0");
    await t.same("SET", "k", "v", "PX", "1");
    await new Promise((r) => setTimeout(r, 150));
    // neither server reclaimed the key in the background
    await t.same("DBSIZE");
    await t.same("DEBUG", "SET-ACTIVE-EXPIRE", "2");
    await t.same("DEBUG", "SET-ACTIVE-EXPIRE", "abc");
    await t.same("DEBUG", "SET-ACTIVE-EXPIRE", "1");
    await t.same("DEBUG", "SET-ACTIVE-EXPIRE", "1", "2");
    await t.same("DEBUG", "ERROR", "FOO bar");
    await t.same("DEBUG", "ERROR", "bar");
    await t.same("DEBUG", "ERROR", "");
    await t.same("DEBUG", "ERROR");
    await t.same("DEBUG", "LOG", "hello");
    await t.same("DEBUG", "LOG");
    // the subcommand ends at a NUL byte (strcasecmp)
    await t.same("DEBUG", "error\0x", "bar");
    await t.same("DEBUG", "sleep\0", "0");
    await t.same("DEBUG", "protocol\0x", "integer\0y");
    await t.same("DEBUG", "PROTOCOL", "str\0ing");
    await t.same("DEBUG", "nosuch");
    await t.same("DEBUG", "Help", "x");
    for (
      const type of [
        "string",
        "INTEGER",
        "double",
        "bignum",
        "null",
        "array",
        "set",
        "map",
        "verbatim",
        "true",
        "false",
        "bogus",
      ]
    ) {
      await t.same("DEBUG", "PROTOCOL", type);
    }
    await t.same("DEBUG", "PROTOCOL");
    await t.same("INFO", "errorstats");
    // respire's help is Redis's, limited to the subcommands it has
    const [redis, respire] = await t.both("DEBUG", "HELP");
    const lines = (raw: string) => raw.split("\r\n").filter((l) => l.startsWith("+"));
    const redisLines = new Set(lines(redis));
    assert.ok(lines(respire).length > 10);
    for (const line of lines(respire)) assert.ok(redisLines.has(line), line);
    assert.ok(respire.includes("+SLEEP <seconds>\r\n+    Stop the server for <seconds>."));
  }));

Deno.test("compat: DEBUG PROTOCOL attrib and push, which are replies plus extras", async () => {
  // in RESP3 the attribute and the push message come as frames of their own before the reply
  await compat(async (t) => {
    const [hello] = await t.both("HELLO");
    const frames = hello.includes("proto\r\n:3") ? 2 : 1;
    for (const type of ["attrib", "push"]) {
      await t.redis.send("DEBUG", "PROTOCOL", type);
      await t.respire.send("DEBUG", "PROTOCOL", type);
      for (let i = 0; i < frames; i++) {
        assert.equal((await t.respire.read()).raw, (await t.redis.read()).raw, type);
      }
    }
    await t.same("PING");
  });
});

Deno.test("compat: DEBUG is refused unless enable-debug-command allows it", () =>
  compat(async (t) => {
    await t.same("DEBUG", "SLEEP", "0");
    await t.same("DEBUG", "HELP");
    await t.same("CONFIG", "GET", "enable-debug-command");
    await t.same("CONFIG", "SET", "enable-debug-command", "yes");
  }, { config: { "enable-debug-command": "no" } }));

Deno.test("compat: DEBUG from a local connection with enable-debug-command local", () =>
  compat(async (t) => {
    await t.same("DEBUG", "SLEEP", "0");
  }, { config: { "enable-debug-command": "local" } }));

Deno.test("compat: SHUTDOWN argument errors and ABORT", () =>
  compat(async (t) => {
    await t.same("SHUTDOWN", "ABORT");
    await t.same("SHUTDOWN", "abort", "ABORT");
    await t.same("SHUTDOWN", "bogus");
    await t.same("SHUTDOWN", "NOSAVE", "SAVE");
    await t.same("SHUTDOWN", "ABORT", "NOW");
    await t.same("SHUTDOWN", "now", "abort");
    await t.same("SHUTDOWN", "SAVE", "SAVE", "x");
    await t.same("SHUTDOWN", "NOSAVE", "NOSAVE", "ABORT");
    // option keywords end at a NUL byte (strcasecmp)
    await t.same("SHUTDOWN", "abort\0");
    await t.same("SHUTDOWN", "abort\0junk", "ABORT");
    await t.same("SHUTDOWN", "nosave\0", "save");
    await t.same("SHUTDOWN", "ab\0ort");
  }));
