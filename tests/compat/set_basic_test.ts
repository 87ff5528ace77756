import assert from "node:assert/strict";
import { compat } from "../helpers/compat.ts";

Deno.test("compat: SADD, SREM, SMEMBERS, SISMEMBER, SMISMEMBER, SCARD", () =>
  compat(async (t) => {
    await t.same("SADD", "s", "5", "3", "-1", "10", "0", "3");
    await t.same("SMEMBERS", "s");
    await t.same("SADD", "s", "9223372036854775807", "-9223372036854775808");
    await t.same("SMEMBERS", "s");
    await t.same("SCARD", "s");
    await t.same("SCARD", "missing");
    await t.same("SISMEMBER", "s", "10");
    await t.same("SISMEMBER", "s", "010");
    await t.same("SISMEMBER", "s", "abc");
    await t.same("SISMEMBER", "missing", "1");
    await t.same("SMISMEMBER", "s", "0", "1", "-1", "x", "-0", "+3");
    await t.same("SMISMEMBER", "missing", "a", "b");
    await t.same("SREM", "s", "3", "3", "nope", "x", "10");
    await t.same("SREM", "missing", "a");
    await t.same("SMEMBERS", "s");
    await t.same("SMEMBERS", "missing");
    await t.same("SADD", "t", "a");
    await t.same("SREM", "t", "a");
    await t.same("EXISTS", "t");
    await t.same("SADD", "b", "\x00\xff", "", "\r\n");
    await t.sameUnordered("SMEMBERS", "b");
    await t.same("SISMEMBER", "b", "");
    await t.same("SMISMEMBER", "b", "\x00\xff", "\x00");
  }));

Deno.test("compat: set errors: arity and wrong type", () =>
  compat(async (t) => {
    await t.same("SET", "str", "v");
    await t.same("SADD", "s", "1");
    for (
      const cmd of [
        ["SADD", "str", "a"],
        ["SREM", "str", "a"],
        ["SMEMBERS", "str"],
        ["SISMEMBER", "str", "a"],
        ["SMISMEMBER", "str", "a"],
        ["SCARD", "str"],
        ["SPOP", "str"],
        ["SPOP", "str", "1"],
        ["SPOP", "str", "0"],
        ["SRANDMEMBER", "str"],
        ["SRANDMEMBER", "str", "1"],
        ["SRANDMEMBER", "str", "0"],
        ["SMOVE", "str", "s", "1"],
        ["SMOVE", "s", "str", "1"],
        ["SMOVE", "s", "str", "nope"],
        ["SMOVE", "str", "missing", "1"],
        ["SINTER", "s", "str"],
        ["SINTER", "missing", "str"],
        ["SINTERCARD", "2", "s", "str"],
        ["SINTERCARD", "2", "missing", "str"],
        ["SINTERSTORE", "d", "s", "str"],
        ["SUNION", "missing", "str"],
        ["SUNIONSTORE", "d", "s", "str"],
        ["SDIFF", "missing", "str"],
        ["SDIFF", "s", "str"],
        ["SDIFFSTORE", "d", "s", "str"],
        ["SSCAN", "str", "0"],
      ]
    ) await t.same(...cmd);
    // a missing source wins over a destination of the wrong type
    await t.same("SMOVE", "missing", "str", "1");
    await t.same("EXISTS", "d");
    for (
      const cmd of [
        ["SADD", "s"],
        ["SREM", "s"],
        ["SMEMBERS"],
        ["SMEMBERS", "a", "b"],
        ["SISMEMBER", "s"],
        ["SISMEMBER", "s", "a", "b"],
        ["SMISMEMBER", "s"],
        ["SCARD"],
        ["SPOP"],
        ["SRANDMEMBER"],
        ["SMOVE", "a", "b"],
        ["SINTER"],
        ["SINTERCARD", "1"],
        ["SINTERSTORE", "d"],
        ["SUNION"],
        ["SUNIONSTORE", "d"],
        ["SDIFF"],
        ["SDIFFSTORE", "d"],
        ["SSCAN", "s"],
      ]
    ) await t.same(...cmd);
  }));

Deno.test("compat: set encodings: intset limits, conversion, sorted intset order", () =>
  compat(async (t) => {
    await t.same("SADD", "i", "3", "1", "2");
    await t.same("OBJECT", "ENCODING", "i");
    await t.same("SADD", "i", "9223372036854775808");
    await t.same("OBJECT", "ENCODING", "i");
    await t.same("SADD", "lead", "1", "01");
    await t.same("OBJECT", "ENCODING", "lead");
    await t.same("SADD", "neg0", "-0");
    await t.same("OBJECT", "ENCODING", "neg0");
    await t.same("SADD", "plus", "+1");
    await t.same("OBJECT", "ENCODING", "plus");
    await t.same("SADD", "mixed", "a", "1");
    await t.same("OBJECT", "ENCODING", "mixed");
    // conversion is one way: removing the non-integer keeps the hashtable
    await t.same("SREM", "mixed", "a");
    await t.same("OBJECT", "ENCODING", "mixed");

    await t.same("CONFIG", "SET", "set-max-intset-entries", "3");
    await t.same("SADD", "v", "1", "2", "3");
    await t.same("OBJECT", "ENCODING", "v");
    await t.same("SADD", "v", "4");
    await t.same("OBJECT", "ENCODING", "v");
    await t.same("SREM", "v", "4", "3");
    await t.same("OBJECT", "ENCODING", "v");
    await t.same("CONFIG", "SET", "set-max-intset-entries", "0");
    await t.same("SADD", "w", "1");
    await t.same("OBJECT", "ENCODING", "w");
    await t.same("CONFIG", "SET", "set-max-intset-entries", "512");

    const nums: string[] = [];
    for (let i = 0; i < 512; i++) nums.push(String((i * 7919) % 100003 - 50000));
    await t.same("SADD", "n", ...nums);
    await t.same("OBJECT", "ENCODING", "n");
    await t.same("SMEMBERS", "n");
    await t.same("SSCAN", "n", "0");
    await t.same("SADD", "n", "123456789");
    await t.same("OBJECT", "ENCODING", "n");
    await t.sameUnordered("SMEMBERS", "n");
    await t.same("SCARD", "n");
  }));

Deno.test("compat: SMOVE", () =>
  compat(async (t) => {
    await t.same("SADD", "a", "1", "2", "x");
    await t.same("SADD", "b", "3");
    await t.same("SMOVE", "a", "b", "1");
    await t.same("SMEMBERS", "b");
    await t.same("SMOVE", "a", "b", "nope");
    await t.same("SMOVE", "a", "b", "3");
    await t.same("SMOVE", "a", "a", "2");
    await t.same("SMOVE", "a", "a", "nope");
    await t.same("SMOVE", "missing", "b", "1");
    await t.same("SMOVE", "a", "fresh", "x");
    await t.same("OBJECT", "ENCODING", "fresh");
    await t.same("SMOVE", "a", "fresh2", "2");
    await t.same("OBJECT", "ENCODING", "fresh2");
    await t.same("EXISTS", "a");
    await t.same("SMOVE", "b", "fresh", "3");
    await t.same("OBJECT", "ENCODING", "fresh");
    await t.sameUnordered("SMEMBERS", "fresh");
    await t.same("SADD", "c", "1");
    await t.same("SMOVE", "b", "c", "1");
    await t.same("SMEMBERS", "c");
    await t.same("EXISTS", "b");
  }));

Deno.test("compat: hash and set commands count keyspace hits and misses as Redis does", () =>
  compat(async (t) => {
    const commands = [
      ["HSET", "h", "a", "1"],
      ["HGET", "h", "a"],
      ["HGET", "no", "a"],
      ["HMGET", "h", "a"],
      ["HEXISTS", "no", "a"],
      ["HLEN", "h"],
      ["HSTRLEN", "no", "a"],
      ["HKEYS", "h"],
      ["HVALS", "no"],
      ["HGETALL", "h"],
      ["HINCRBY", "h", "n", "1"],
      ["HINCRBYFLOAT", "h", "f", "1"],
      ["HRANDFIELD", "h"],
      ["HRANDFIELD", "no", "2"],
      ["HSCAN", "h", "0"],
      ["HSCAN", "no", "0"],
      ["HDEL", "h", "x"],
      ["HSETNX", "h", "a", "2"],
      ["SADD", "s", "1", "2"],
      ["SADD", "t", "2", "3"],
      ["SREM", "s", "9"],
      ["SMEMBERS", "s"],
      ["SISMEMBER", "no", "1"],
      ["SMISMEMBER", "s", "1"],
      ["SCARD", "s"],
      ["SRANDMEMBER", "s"],
      ["SRANDMEMBER", "no", "2"],
      ["SPOP", "no"],
      ["SMOVE", "s", "t", "9"],
      ["SINTER", "s", "t", "no"],
      ["SINTERCARD", "2", "s", "t"],
      ["SINTERSTORE", "d", "s", "t"],
      ["SUNION", "s", "no"],
      ["SUNIONSTORE", "d", "s", "t"],
      ["SDIFF", "s", "t"],
      ["SDIFFSTORE", "d", "no", "t"],
      ["SSCAN", "s", "0"],
    ];
    const counters = (info: string) =>
      info.split("\r\n").filter((l) => l.startsWith("keyspace_")).join(" ");
    for (const cmd of commands) {
      await t.both(...cmd);
      const [redis, respire] = await t.both("INFO", "stats");
      assert.equal(counters(respire), counters(redis), `after ${cmd.join(" ")}`);
    }
  }, { bothProtocols: false }));
