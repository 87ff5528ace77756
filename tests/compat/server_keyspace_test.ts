import assert from "node:assert/strict";
import { compat } from "../helpers/compat.ts";

Deno.test("compat: DBSIZE, FLUSHDB, FLUSHALL and TIME", () =>
  compat(async (t) => {
    await t.same("DBSIZE");
    await t.same("SET", "a", "1");
    await t.same("SET", "b", "2");
    await t.same("DBSIZE");
    await t.same("DBSIZE", "x");
    // the flush mode ends at a NUL byte (strcasecmp)
    await t.same("FLUSHDB", "as\0ync");
    await t.same("FLUSHALL", "sy\0nc");
    await t.same("DBSIZE");
    await t.same("SELECT", "1");
    await t.same("SET", "c", "3");
    await t.same("FLUSHDB", "bogus");
    await t.same("FLUSHDB", "ASYNC", "SYNC");
    await t.same("FLUSHDB", "sync");
    await t.same("DBSIZE");
    await t.same("SET", "c", "3");
    await t.same("FLUSHDB", "async\0x");
    await t.same("DBSIZE");
    await t.same("SELECT", "0");
    await t.same("DBSIZE");
    await t.same("FLUSHDB", "ASYNC");
    await t.same("FLUSHDB");
    await t.same("SET", "a", "1");
    await t.same("SELECT", "2");
    await t.same("SET", "a", "1");
    await t.same("FLUSHALL", "nope");
    await t.same("FLUSHALL", "async", "sync");
    await t.same("FLUSHALL", "Async");
    await t.same("DBSIZE");
    await t.same("SELECT", "0");
    await t.same("DBSIZE");
    await t.same("FLUSHALL", "SYNC");
    await t.same("FLUSHALL");
    await t.sameShape("TIME");
    await t.same("TIME", "x");
    const [redis, respire] = await t.both("TIME");
    const secondsOf = (raw: string) => Number(raw.split("\r\n")[2]);
    assert.ok(Math.abs(secondsOf(redis) - secondsOf(respire)) <= 2);
  }));
