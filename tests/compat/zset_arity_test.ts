import { compat } from "../helpers/compat.ts";

/** Too few (and for fixed arities, too many) arguments for every sorted-set command. */
const CASES: string[][] = [
  ["ZADD", "z", "1"],
  ["ZINCRBY", "z", "1"],
  ["ZINCRBY", "z", "1", "a", "b"],
  ["ZREM", "z"],
  ["ZCARD"],
  ["ZCARD", "z", "x"],
  ["ZSCORE", "z"],
  ["ZSCORE", "z", "a", "b"],
  ["ZMSCORE", "z"],
  ["ZCOUNT", "z", "0"],
  ["ZCOUNT", "z", "0", "1", "2"],
  ["ZLEXCOUNT", "z", "-"],
  ["ZLEXCOUNT", "z", "-", "+", "x"],
  ["ZRANK", "z"],
  ["ZRANK", "z", "a", "b"],
  ["ZREVRANK", "z"],
  ["ZRANGE", "z", "0"],
  ["ZRANGESTORE", "d", "z", "0"],
  ["ZRANGEBYSCORE", "z", "0"],
  ["ZREVRANGEBYSCORE", "z", "0"],
  ["ZRANGEBYLEX", "z", "-"],
  ["ZREVRANGEBYLEX", "z", "+"],
  ["ZREVRANGE", "z", "0"],
  ["ZREMRANGEBYRANK", "z", "0"],
  ["ZREMRANGEBYRANK", "z", "0", "1", "2"],
  ["ZREMRANGEBYSCORE", "z", "0"],
  ["ZREMRANGEBYLEX", "z", "-", "+", "x"],
  ["ZPOPMIN"],
  ["ZPOPMAX"],
  ["ZMPOP", "1", "z"],
  ["ZRANDMEMBER"],
  ["ZUNION", "1"],
  ["ZINTER", "1"],
  ["ZDIFF", "1"],
  ["ZUNIONSTORE", "d", "1"],
  ["ZINTERSTORE", "d", "1"],
  ["ZDIFFSTORE", "d", "1"],
  ["ZINTERCARD", "1"],
  ["ZSCAN", "z"],
  ["zadd"],
  ["zrange"],
];

Deno.test("compat: wrong number of arguments for every sorted-set command", () =>
  compat(async (t) => {
    for (const c of CASES) await t.same(...c);
  }));

Deno.test("compat: COMMAND GETKEYS for the sorted-set commands with movable keys", () =>
  compat(async (t) => {
    for (
      const c of [
        ["ZUNIONSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "2"],
        ["ZINTERSTORE", "d", "1", "a"],
        ["ZDIFFSTORE", "d", "1", "a"],
        ["ZUNIONSTORE", "d", "0", "a"],
        ["ZUNIONSTORE", "d", "-1", "a"],
        ["ZUNION", "2", "a", "b"],
        ["ZUNION", "3", "a", "b"],
        ["ZUNION", "x", "a"],
        ["ZINTER", "1", "a", "WITHSCORES"],
        ["ZDIFF", "2", "a", "b"],
        ["ZINTERCARD", "1", "a", "LIMIT", "5"],
        ["ZMPOP", "2", "a", "b", "MIN"],
        ["ZMPOP", "0", "a", "MIN"],
        ["ZMPOP", "5", "a", "MIN"],
        ["ZRANGESTORE", "d", "s", "0", "1"],
        ["ZADD", "k", "1", "m"],
        ["ZRANGE", "k", "0", "1"],
      ]
    ) {
      await t.same("COMMAND", "GETKEYS", ...c);
    }
  }));
