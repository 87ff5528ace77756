import { compat, type Pair } from "../helpers/compat.ts";

async function fill(t: Pair, key: string, big: boolean): Promise<void> {
  // in the skiplist fixture lex order agrees with score order: Redis answers lex ranges over
  // differing scores by walking its randomly levelled skiplist, which is not reproducible
  const low = big ? "A" : "m";
  const high = big ? "zz" : "p";
  await t.same(
    "ZADD",
    key,
    ...["1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "5", "ee", "-inf", low, "inf", high],
  );
  if (big) {
    // past the listpack limit, so the skiplist code paths answer
    const args: string[] = [];
    for (let i = 0; i < 150; i++) args.push(String(10 + i), `x${String(i).padStart(3, "0")}`);
    await t.same("ZADD", key, ...args);
    await t.same("OBJECT", "ENCODING", key);
  }
}

const RANK_RANGES = [
  ["0", "-1"],
  ["0", "0"],
  ["1", "3"],
  ["-3", "-1"],
  ["-100", "100"],
  ["5", "2"],
  ["200", "300"],
  ["-1", "-2"],
  ["-9223372036854775808", "9223372036854775807"],
];

const SCORE_RANGES = [
  ["-inf", "+inf"],
  ["1", "3"],
  ["(1", "3"],
  ["1", "(3"],
  ["(1", "(3"],
  ["(1", "(1"],
  ["5", "5"],
  ["(5", "5"],
  ["3", "1"],
  ["inf", "inf"],
  ["-inf", "-inf"],
  ["(-inf", "(inf"],
  ["12", "20"],
  ["100", "1e9"],
  ["", ""],
  ["(", "5"],
  [" 2", "4"],
  ["0x2", "0x4"],
  ["1e400", "inf"],
];

const LEX_RANGES = [
  ["-", "+"],
  ["[a", "[c"],
  ["(a", "(c"],
  ["[b", "+"],
  ["-", "(d"],
  ["[e", "[e"],
  ["(e", "[e"],
  ["[z", "[a"],
  ["+", "-"],
  ["-", "-"],
  ["+", "+"],
  ["[", "+"],
  ["(x010", "[x020"],
];

async function rangeQueries(t: Pair, key: string): Promise<void> {
  for (const [a, b] of RANK_RANGES) {
    await t.same("ZRANGE", key, a, b);
    await t.same("ZRANGE", key, a, b, "WITHSCORES");
    await t.same("ZRANGE", key, a, b, "REV", "WITHSCORES");
    await t.same("ZREVRANGE", key, a, b);
    await t.same("ZREVRANGE", key, a, b, "WITHSCORES");
  }
  for (const [a, b] of SCORE_RANGES) {
    await t.same("ZRANGEBYSCORE", key, a, b);
    await t.same("ZRANGEBYSCORE", key, a, b, "WITHSCORES");
    await t.same("ZREVRANGEBYSCORE", key, b, a, "WITHSCORES");
    await t.same("ZRANGE", key, a, b, "BYSCORE", "WITHSCORES");
    await t.same("ZRANGE", key, b, a, "BYSCORE", "REV");
    await t.same("ZCOUNT", key, a, b);
    for (const [off, cnt] of [["0", "2"], ["1", "-1"], ["2", "0"], ["-1", "2"], ["3", "100"]]) {
      await t.same("ZRANGEBYSCORE", key, a, b, "LIMIT", off, cnt);
      await t.same("ZREVRANGEBYSCORE", key, b, a, "WITHSCORES", "LIMIT", off, cnt);
    }
  }
  for (const [a, b] of LEX_RANGES) {
    await t.same("ZRANGEBYLEX", key, a, b);
    await t.same("ZREVRANGEBYLEX", key, b, a);
    await t.same("ZRANGE", key, a, b, "BYLEX");
    await t.same("ZRANGE", key, b, a, "BYLEX", "REV", "LIMIT", "1", "2");
    await t.same("ZLEXCOUNT", key, a, b);
    await t.same("ZRANGEBYLEX", key, a, b, "LIMIT", "1", "3");
    await t.same("ZREVRANGEBYLEX", key, b, a, "LIMIT", "0", "-5");
  }
}

Deno.test("compat: ZRANGE family over a listpack", () =>
  compat(async (t) => {
    await fill(t, "z", false);
    await rangeQueries(t, "z");
  }));

Deno.test("compat: ZRANGE family over a skiplist", () =>
  compat(async (t) => {
    await fill(t, "z", true);
    await rangeQueries(t, "z");
  }));

Deno.test("compat: lex ranges over equal scores, binary members", () =>
  compat(async (t) => {
    for (const big of [false, true]) {
      const key = big ? "big" : "small";
      const members = ["", "a", "aa", "ab", "b", "\x00", "\x00\x01", "\xff", "\x7f", "\x80x", "A"];
      const args: string[] = [];
      for (const m of members) args.push("0", m);
      if (big) { for (let i = 0; i < 140; i++) args.push("0", `k${i}`); }
      await t.same("ZADD", key, ...args);
      await t.same("ZRANGE", key, "0", "-1");
      for (
        const [a, b] of [
          ["-", "+"],
          ["[", "[a"],
          ["(", "(b"],
          ["[\x00", "[\x00\x01"],
          ["(\x00", "+"],
          ["[\x7f", "[\xff"],
          ["[k1", "(k2"],
          ["+\x00junk", "-"],
        ]
      ) {
        await t.same("ZRANGEBYLEX", key, a, b);
        await t.same("ZREVRANGEBYLEX", key, b, a);
        await t.same("ZLEXCOUNT", key, a, b);
      }
      await t.same("ZREMRANGEBYLEX", key, "[a", "(b");
      await t.same("ZRANGE", key, "0", "-1");
      await t.same("ZREMRANGEBYLEX", key, "-", "[\x00");
      await t.same("ZRANGE", key, "0", "-1");
    }
  }));

Deno.test("compat: lex ranges over a listpack with differing scores", () =>
  compat(async (t) => {
    await t.same("ZADD", "z", "1", "d", "2", "a", "3", "c", "4", "b", "5", "e");
    for (const [a, b] of [["-", "+"], ["[b", "[d"], ["(a", "(e"], ["[c", "+"], ["-", "[b"]]) {
      await t.same("ZRANGEBYLEX", "z", a, b);
      await t.same("ZREVRANGEBYLEX", "z", b, a);
      await t.same("ZLEXCOUNT", "z", a, b);
      await t.same("ZRANGEBYLEX", "z", a, b, "LIMIT", "1", "1");
    }
    await t.same("ZREMRANGEBYLEX", "z", "[c", "[d");
    await t.same("ZRANGE", "z", "0", "-1");
  }));

Deno.test("compat: ZRANGE family errors and options", () =>
  compat(async (t) => {
    await fill(t, "z", false);
    await t.same("SET", "str", "x");
    for (
      const cmd of [
        // option keywords end at a NUL byte (strcasecmp), numbers do not
        ["ZRANGE", "z", "0", "-1", "rev\0", "withscores\0x"],
        ["ZRANGE", "z", "0", "(5", "byscore\0", "LIMIT\0", "1", "2"],
        ["ZRANGE", "z", "0", "(5", "byscore", "LIMIT", "1\0", "2"],
        ["ZRANGE", "z", "0", "-1", "RE\0V"],
        ["ZRANGE", "z", "0", "-1", "LIMIT", "0", "1"],
        ["ZRANGE", "z", "0", "-1", "LIMIT", "0", "-1"],
        ["ZRANGE", "z", "0", "-1", "LIMIT", "5", "-1"],
        ["ZRANGE", "z", "0", "-1", "LIMIT", "0", "-2"],
        ["ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES"],
        ["ZRANGEBYLEX", "z", "-", "+", "WITHSCORES"],
        ["ZRANGEBYSCORE", "z", "1", "5", "BYLEX"],
        ["ZRANGEBYSCORE", "z", "1", "5", "REV"],
        ["ZRANGE", "z", "1", "5", "BYSCORE", "BYLEX"],
        ["ZRANGE", "z", "1", "5", "BYSCORE", "BYSCORE"],
        ["ZRANGE", "z", "1", "5", "REV", "REV"],
        ["ZRANGE", "z", "1", "5", "WITHSCORES", "WITHSCORES"],
        ["ZRANGE", "z", "1", "5", "LIMIT", "1"],
        ["ZRANGE", "z", "1", "5", "BYSCORE", "LIMIT", "1"],
        ["ZRANGE", "z", "1", "5", "BYSCORE", "LIMIT", "a", "1"],
        ["ZRANGE", "z", "1", "5", "BYSCORE", "LIMIT", "1", "b"],
        ["ZRANGE", "z", "1", "5", "BYSCORE", "LIMIT", "0", "1", "LIMIT", "1", "1"],
        ["ZRANGE", "z", "a", "b"],
        ["ZRANGE", "z", "0", "b"],
        ["ZRANGE", "z", "1.5", "2"],
        ["ZRANGE", "z", "abc", "5", "BYSCORE"],
        ["ZRANGE", "z", "5", "abc", "BYSCORE"],
        ["ZRANGE", "z", "nan", "5", "BYSCORE"],
        ["ZRANGE", "z", "1 ", "5", "BYSCORE"],
        ["ZRANGE", "z", "((1", "5", "BYSCORE"],
        ["ZRANGE", "z", "a", "b", "BYLEX"],
        ["ZRANGE", "z", "[a", "b", "BYLEX"],
        ["ZRANGE", "z", "", "+", "BYLEX"],
        ["ZRANGE", "z", "++", "-", "BYLEX"],
        ["ZRANGE", "z", "1", "5", "foo"],
        ["ZRANGE", "z", "0", "-1", "withscores", "rev"],
        ["ZRANGE", "z", "5", "1", "byscore", "rev", "limit", "1", "2", "withscores"],
        ["ZRANGE", "str", "0", "-1"],
        ["ZRANGE", "str", "a", "b"],
        ["ZRANGE", "str", "0", "1", "BYLEX"],
        ["ZRANGE", "nokey", "0", "-1"],
        ["ZRANGE", "nokey", "0", "-1", "WITHSCORES"],
        ["ZRANGE", "nokey", "a", "b"],
        ["ZRANGE", "z", "0"],
        ["ZRANGE", "z"],
        ["ZREVRANGE", "z", "0", "-1", "REV"],
        ["ZREVRANGE", "z", "0", "-1", "BYSCORE"],
        ["ZREVRANGE", "z", "0", "-1", "LIMIT", "0", "1"],
        ["ZREVRANGE", "z", "0", "-1", "WITHSCORES", "extra"],
        ["ZREVRANGE", "str", "0", "-1"],
        ["ZRANGEBYSCORE", "z", "1", "5", "LIMIT", "0"],
        ["ZRANGEBYSCORE", "z", "1", "5", "WITHSCORES", "LIMIT", "0", "1", "WITHSCORES"],
        ["ZRANGEBYSCORE", "str", "1", "5"],
        ["ZRANGEBYSCORE", "str", "x", "5"],
        ["ZRANGEBYSCORE", "z", "1"],
        ["ZREVRANGEBYSCORE", "z", "1", "5"],
        ["ZREVRANGEBYSCORE", "z", "5", "1", "BYSCORE"],
        ["ZRANGEBYLEX", "z", "[a", "[z", "LIMIT", "0", "1", "BYLEX"],
        ["ZRANGEBYLEX", "str", "-", "+"],
        ["ZREVRANGEBYLEX", "z", "+", "-", "REV"],
        ["ZREVRANGEBYLEX", "z", "-", "+"],
        ["ZCOUNT", "z", "a", "5"],
        ["ZCOUNT", "str", "1", "5"],
        ["ZCOUNT", "str", "x", "5"],
        ["ZCOUNT", "nokey", "1", "5"],
        ["ZCOUNT", "z", "1"],
        ["ZLEXCOUNT", "z", "a", "+"],
        ["ZLEXCOUNT", "str", "-", "+"],
        ["ZLEXCOUNT", "str", "x", "+"],
        ["ZLEXCOUNT", "nokey", "-", "+"],
      ]
    ) {
      await t.same(...cmd);
    }
  }));

Deno.test("compat: ZRANGESTORE", () =>
  compat(async (t) => {
    await fill(t, "z", false);
    await t.same("SET", "str", "x");
    await t.same("ZRANGESTORE", "d", "z", "0", "-1");
    await t.same("ZRANGE", "d", "0", "-1", "WITHSCORES");
    await t.same("ZRANGESTORE", "d", "z", "1", "3", "REV");
    await t.same("ZRANGE", "d", "0", "-1", "WITHSCORES");
    await t.same("ZRANGESTORE", "d", "z", "5", "1", "BYSCORE", "REV", "LIMIT", "1", "2");
    await t.same("ZRANGE", "d", "0", "-1", "WITHSCORES");
    await t.same("ZRANGESTORE", "d", "z", "[b", "+", "BYLEX", "LIMIT", "0", "3");
    await t.same("ZRANGE", "d", "0", "-1", "WITHSCORES");
    await t.same("ZRANGESTORE", "d", "z", "100", "200");
    await t.same("EXISTS", "d");
    await t.same("ZRANGESTORE", "d", "z", "0", "-1");
    await t.same("ZRANGESTORE", "d", "nokey", "0", "-1");
    await t.same("EXISTS", "d");
    await t.same("ZRANGESTORE", "str", "z", "0", "1");
    await t.same("TYPE", "str");
    await t.same("SET", "str", "x", "EX", "100");
    await t.same("ZRANGESTORE", "str", "z", "0", "1");
    await t.same("TTL", "str");
    await t.same("SET", "str", "x");
    await t.same("ZRANGESTORE", "d", "str", "0", "1");
    await t.same("ZRANGESTORE", "d", "z", "0", "1", "WITHSCORES");
    await t.same("ZRANGESTORE", "d", "z", "0", "1", "LIMIT", "0", "1");
    await t.same("ZRANGESTORE", "d", "z", "a", "1");
    await t.same("ZRANGESTORE", "z", "z", "0", "2");
    await t.same("ZRANGE", "z", "0", "-1", "WITHSCORES");
    await t.same("ZRANGESTORE", "d", "z", "0");
  }));

Deno.test("compat: ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX", () =>
  compat(async (t) => {
    await t.same("SET", "str", "x");
    for (const big of [false, true]) {
      for (
        const cmd of [
          ["ZREMRANGEBYRANK", "z", "0", "0"],
          ["ZREMRANGEBYRANK", "z", "-2", "-1"],
          ["ZREMRANGEBYRANK", "z", "5", "2"],
          ["ZREMRANGEBYRANK", "z", "100", "200"],
          ["ZREMRANGEBYRANK", "z", "1", "3"],
          ["ZREMRANGEBYSCORE", "z", "(1", "3"],
          ["ZREMRANGEBYSCORE", "z", "5", "5"],
          ["ZREMRANGEBYSCORE", "z", "20", "30"],
          ["ZREMRANGEBYSCORE", "z", "inf", "inf"],
          ["ZREMRANGEBYSCORE", "z", "3", "1"],
          ["ZREMRANGEBYLEX", "z", "[x000", "(x050"],
          ["ZREMRANGEBYLEX", "z", "(x100", "+"],
        ]
      ) {
        await t.same("DEL", "z");
        await fill(t, "z", big);
        await t.same(...cmd);
        await t.same("ZRANGE", "z", "0", "-1", "WITHSCORES");
        await t.same("ZCARD", "z");
      }
    }
    await fill(t, "z", false);
    await t.same("ZREMRANGEBYRANK", "z", "0", "-1");
    await t.same("EXISTS", "z");
    await fill(t, "z", true);
    await t.same("ZREMRANGEBYSCORE", "z", "-inf", "inf");
    await t.same("EXISTS", "z");
    await fill(t, "z", false);
    for (
      const cmd of [
        ["ZREMRANGEBYRANK", "z", "a", "1"],
        ["ZREMRANGEBYRANK", "z", "0", "1.5"],
        ["ZREMRANGEBYRANK", "str", "0", "1"],
        ["ZREMRANGEBYRANK", "str", "a", "1"],
        ["ZREMRANGEBYRANK", "nokey", "0", "1"],
        ["ZREMRANGEBYSCORE", "z", "a", "1"],
        ["ZREMRANGEBYSCORE", "str", "0", "1"],
        ["ZREMRANGEBYSCORE", "nokey", "a", "1"],
        ["ZREMRANGEBYLEX", "z", "a", "1"],
        ["ZREMRANGEBYLEX", "str", "-", "+"],
        ["ZREMRANGEBYLEX", "nokey", "-", "+"],
        ["ZREMRANGEBYLEX", "z", "-"],
        ["ZREMRANGEBYRANK", "z", "0", "1", "2"],
      ]
    ) {
      await t.same(...cmd);
    }
  }));
