import assert from "node:assert/strict";
import type { RawClient } from "../helpers/raw_client.ts";
import { compat, type Pair } from "../helpers/compat.ts";

async function fillBig(t: Pair, key: string): Promise<void> {
  const args: string[] = [];
  for (let i = 0; i < 140; i++) args.push(String(i % 7 === 0 ? -i / 3 : i * 1.5), `m${i}`);
  await t.same("ZADD", key, ...args);
}

Deno.test("compat: ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK, ZREM", () =>
  compat(async (t) => {
    await t.same("SET", "str", "x");
    for (const key of ["small", "big"]) {
      if (key === "big") await fillBig(t, key);
      await t.same(
        "ZADD",
        key,
        "1",
        "a",
        "2",
        "b",
        "2",
        "bb",
        "3.25",
        "c",
        "-inf",
        "lo",
        "inf",
        "hi",
      );
      await t.same("ZCARD", key);
      for (const m of ["a", "bb", "c", "lo", "hi", "missing", "m0", "m139"]) {
        await t.same("ZSCORE", key, m);
        await t.same("ZRANK", key, m);
        await t.same("ZREVRANK", key, m);
      }
      await t.same("ZMSCORE", key, "a", "missing", "hi", "lo", "c");
      await t.same("ZREM", key, "a", "a", "missing", "b");
      await t.same("ZREM", key, "nothing");
      await t.same("ZCARD", key);
      await t.same("ZRANGE", key, "0", "5", "WITHSCORES");
    }
    await t.same("ZADD", "gone", "1", "a", "2", "b");
    await t.same("ZREM", "gone", "a", "b", "c");
    await t.same("EXISTS", "gone");
    for (
      const cmd of [
        ["ZCARD", "nokey"],
        ["ZCARD", "str"],
        ["ZCARD"],
        ["ZCARD", "a", "b"],
        ["ZSCORE", "nokey", "a"],
        ["ZSCORE", "str", "a"],
        ["ZSCORE", "small"],
        ["ZMSCORE", "nokey", "a", "b"],
        ["ZMSCORE", "str", "a"],
        ["ZMSCORE", "small"],
        ["ZRANK", "nokey", "a"],
        ["ZRANK", "str", "a"],
        ["ZRANK", "small", "a", "WITHSCORE"],
        ["ZREVRANK", "str", "a"],
        ["ZREVRANK", "nokey", "a"],
        ["ZREM", "nokey", "a"],
        ["ZREM", "str", "a"],
        ["ZREM", "small"],
      ]
    ) {
      await t.same(...cmd);
    }
  }));

Deno.test("compat: ZPOPMIN, ZPOPMAX", () =>
  compat(async (t) => {
    await t.same("SET", "str", "x");
    for (const key of ["small", "big"]) {
      if (key === "big") await fillBig(t, key);
      await t.same("ZADD", key, "1", "a", "2", "b", "3", "c", "-inf", "lo", "inf", "hi", "2", "ba");
      await t.same("ZPOPMIN", key);
      await t.same("ZPOPMAX", key);
      await t.same("ZPOPMIN", key, "1");
      await t.same("ZPOPMAX", key, "2");
      await t.same("ZPOPMIN", key, "0");
      await t.same("ZPOPMIN", key, "3");
      await t.same("ZPOPMAX", key, "10");
      await t.same("ZCARD", key);
    }
    await t.same("ZADD", "z", "1", "a", "2", "b");
    await t.same("ZPOPMAX", "z", "100");
    await t.same("EXISTS", "z");
    await t.same("ZADD", "z", "1", "a");
    await t.same("ZPOPMIN", "z");
    await t.same("EXISTS", "z");
    for (
      const cmd of [
        ["ZPOPMIN", "nokey"],
        ["ZPOPMIN", "nokey", "2"],
        ["ZPOPMIN", "nokey", "0"],
        ["ZPOPMAX", "nokey", "-1"],
        ["ZPOPMIN", "str"],
        ["ZPOPMIN", "str", "0"],
        ["ZPOPMIN", "str", "-1"],
        ["ZPOPMIN", "str", "abc"],
        ["ZPOPMIN", "z", "abc"],
        ["ZPOPMIN", "z", "1.5"],
        ["ZPOPMIN", "z", "1", "2"],
        ["ZPOPMAX", "z", "1", "2"],
        ["ZPOPMIN"],
        ["ZPOPMIN", "z", "9223372036854775807"],
        ["ZPOPMIN", "z", "9223372036854775808"],
      ]
    ) {
      await t.same(...cmd);
    }
  }));

Deno.test("compat: ZMPOP", () =>
  compat(async (t) => {
    await t.same("SET", "str", "x");
    await t.same("ZADD", "z1", "1", "a", "2", "b", "3", "c");
    await fillBig(t, "z2");
    for (
      const cmd of [
        ["ZMPOP", "1", "z1", "MIN"],
        ["ZMPOP", "1", "z1", "max", "COUNT", "1"],
        ["ZMPOP", "2", "nokey", "z1", "MIN", "COUNT", "5"],
        ["EXISTS", "z1"],
        ["ZMPOP", "2", "z1", "z2", "MAX", "count", "3"],
        ["ZMPOP", "3", "nokey", "z1", "z2", "MIN", "COUNT", "2"],
        ["ZMPOP", "1", "nokey", "MIN"],
        ["ZMPOP", "2", "nokey", "str", "MIN"],
        ["ZMPOP", "2", "str", "z2", "MIN"],
        ["ZMPOP", "2", "z2", "str", "MIN"],
        ["ZMPOP", "0", "z2", "MIN"],
        ["ZMPOP", "-1", "z2", "MIN"],
        ["ZMPOP", "abc", "z2", "MIN"],
        ["ZMPOP", "1", "z2", "MIN", "COUNT", "0"],
        ["ZMPOP", "1", "z2", "MIN", "COUNT", "-1"],
        ["ZMPOP", "1", "z2", "MIN", "COUNT", "abc"],
        ["ZMPOP", "1", "z2", "MIN", "COUNT"],
        ["ZMPOP", "1", "z2", "MIN", "COUNT", "1", "COUNT", "2"],
        ["ZMPOP", "1", "z2", "MIN", "foo"],
        ["ZMPOP", "1", "z2", "LEFT"],
        ["ZMPOP", "2", "z2", "MIN"],
        ["ZMPOP", "5", "z2", "MIN"],
        ["ZMPOP", "1", "z2"],
        ["ZMPOP", "1"],
        ["ZMPOP", "1", "z2", "MAX", "COUNT", "1000"],
        ["EXISTS", "z2"],
      ]
    ) {
      await t.same(...cmd);
    }
  }));

Deno.test("compat: sorted-set option keywords end at a NUL byte, numbers do not", () =>
  compat(async (t) => {
    await t.same("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "6", "f");
    for (
      const cmd of [
        ["ZMPOP", "1", "z", "min\0x"],
        ["ZMPOP", "1", "z", "MAX", "COUNT\0", "1"],
        ["ZMPOP", "1", "z", "MAX\0", "count\0junk", "2"],
        ["ZMPOP", "1", "z", "M\0AX"],
        ["ZMPOP", "1", "z", "\0MAX"],
        ["ZMPOP", "1\0", "z", "MAX"],
        ["ZMPOP", "1", "z", "MAX", "COUNT", "1\0"],
        ["BZMPOP", "0", "1", "z", "min\0x"],
        ["BZMPOP", "1\0", "1", "z", "min"],
        ["ZRANDMEMBER", "z", "2", "withscores\0"],
        ["ZRANDMEMBER", "z", "2", "withscores\0junk"],
        ["ZRANDMEMBER", "z", "2", "withscore\0s"],
        ["EXISTS", "z"],
      ]
    ) {
      if (cmd[0] === "ZRANDMEMBER") await t.sameShape(...cmd);
      else await t.same(...cmd);
    }
  }));

Deno.test("compat: ZRANDMEMBER", () =>
  compat(async (t) => {
    await t.same("SET", "str", "x");
    await t.same("ZADD", "one", "5", "only");
    await t.same("ZRANDMEMBER", "one");
    await t.same("ZRANDMEMBER", "one", "1", "WITHSCORES");
    await t.same("ZRANDMEMBER", "one", "-3", "WITHSCORES");
    await t.same("ZRANDMEMBER", "one", "5");
    await t.same("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
    await fillBig(t, "big");
    for (const key of ["z", "big"]) {
      await t.sameShape("ZRANDMEMBER", key);
      for (const count of ["1", "2", "3", "4", "5", "6", "100", "200", "-1", "-5", "-20", "0"]) {
        await t.sameShape("ZRANDMEMBER", key, count);
        await t.sameShape("ZRANDMEMBER", key, count, "WITHSCORES");
        await t.sameShape("ZRANDMEMBER", key, count, "withscores");
      }
    }
    // a count at least the size gives the whole set, highest score first
    await t.same("ZRANDMEMBER", "z", "5", "WITHSCORES");
    await t.same("ZRANDMEMBER", "big", "140");
    await t.same("ZRANDMEMBER", "big", "1000", "WITHSCORES");
    for (
      const cmd of [
        ["ZRANDMEMBER", "nokey"],
        ["ZRANDMEMBER", "nokey", "5"],
        ["ZRANDMEMBER", "nokey", "-5", "WITHSCORES"],
        ["ZRANDMEMBER", "nokey", "abc"],
        ["ZRANDMEMBER", "str"],
        ["ZRANDMEMBER", "str", "0"],
        ["ZRANDMEMBER", "str", "abc"],
        ["ZRANDMEMBER", "str", "1", "foo"],
        ["ZRANDMEMBER", "z", "1", "foo"],
        ["ZRANDMEMBER", "z", "1", "WITHSCORES", "foo"],
        ["ZRANDMEMBER", "z", "1.5"],
        ["ZRANDMEMBER", "z", "-9223372036854775808"],
        ["ZRANDMEMBER", "z", "-9223372036854775808", "foo"],
        ["ZRANDMEMBER", "z", "9223372036854775808"],
        ["ZRANDMEMBER", "z", "4611686018427387904", "WITHSCORES"],
        ["ZRANDMEMBER", "z", "-4611686018427387904", "WITHSCORES"],
        ["ZRANDMEMBER", "nokey", "4611686018427387904", "WITHSCORES"],
        ["ZRANDMEMBER", "z", "0", "WITHSCORES"],
        ["ZRANDMEMBER"],
      ]
    ) {
      await t.same(...cmd);
    }
  }));

Deno.test("compat: keyspace hits and misses of the sorted-set commands", () =>
  compat(async (t) => {
    const counters = async (client: RawClient): Promise<string> => {
      const raw = await client.call("INFO", "stats");
      const hits = /keyspace_hits:(\d+)/.exec(raw)?.[1];
      const misses = /keyspace_misses:(\d+)/.exec(raw)?.[1];
      return `${hits}/${misses}`;
    };
    const probes = [
      ["ZADD", "z", "1", "a", "2", "b", "3", "c"],
      ["ZADD", "missing", "XX", "1", "a"],
      ["ZINCRBY", "z", "1", "a"],
      ["ZREM", "missing", "a"],
      ["ZCARD", "z"],
      ["ZCARD", "missing"],
      ["ZSCORE", "z", "a"],
      ["ZMSCORE", "missing", "a"],
      ["ZRANK", "z", "a"],
      ["ZREVRANK", "missing", "a"],
      ["ZCOUNT", "z", "0", "5"],
      ["ZLEXCOUNT", "missing", "-", "+"],
      ["ZRANGE", "z", "0", "-1"],
      ["ZRANGE", "missing", "0", "-1"],
      ["ZRANGEBYSCORE", "z", "0", "5"],
      ["ZREVRANGEBYLEX", "z", "+", "-"],
      ["ZRANGESTORE", "dst", "z", "0", "-1"],
      ["ZRANGESTORE", "dst", "missing", "0", "-1"],
      ["ZREMRANGEBYRANK", "missing", "0", "1"],
      ["ZRANDMEMBER", "z"],
      ["ZRANDMEMBER", "missing", "2"],
      ["ZSCAN", "z", "0"],
      ["ZSCAN", "missing", "0"],
      ["ZUNION", "2", "z", "missing"],
      ["ZINTERCARD", "2", "z", "missing"],
      ["ZUNIONSTORE", "dst", "2", "z", "missing"],
      ["ZDIFFSTORE", "dst", "2", "z", "missing"],
      ["ZPOPMIN", "missing"],
      ["ZPOPMAX", "z"],
      ["ZMPOP", "2", "missing", "z", "MIN"],
      ["ZREMRANGEBYSCORE", "z", "-inf", "inf"],
    ];
    for (const p of probes) {
      const before = [await counters(t.redis), await counters(t.respire)];
      await t.sameShape(...p);
      const after = [await counters(t.redis), await counters(t.respire)];
      assert.equal(
        `${before[1]} -> ${after[1]}`,
        `${before[0]} -> ${after[0]}`,
        `hits/misses after ${p.join(" ")}`,
      );
    }
  }));
