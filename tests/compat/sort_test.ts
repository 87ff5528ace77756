import { compat } from "../helpers/compat.ts";

Deno.test("compat: SORT and SORT_RO on lists: numeric, ALPHA, DESC, LIMIT, errors", () =>
  compat(async (t) => {
    await t.same("RPUSH", "l", "3", "10", "1", "2.5", "-4", "1e1", "0x10", " 7", "");
    await t.same("SORT", "l");
    await t.same("SORT", "l", "DESC");
    await t.same("SORT", "l", "ALPHA");
    await t.same("SORT", "l", "alpha", "desc");
    await t.same("SORT_RO", "l", "ASC");
    for (
      const [a, b] of [["0", "3"], ["2", "-1"], ["-5", "2"], ["20", "5"], ["8", "5"], ["1", "0"]]
    ) {
      await t.same("SORT", "l", "LIMIT", a, b);
      await t.same("SORT", "l", "LIMIT", a, b, "DESC");
      await t.same("SORT", "l", "BY", "nosort", "LIMIT", a, b);
      await t.same("SORT", "l", "BY", "nosort", "LIMIT", a, b, "DESC");
    }
    await t.same("SORT", "l", "BY", "nosort");
    await t.same("SORT", "l", "BY", "nosort", "DESC");
    await t.same("RPUSH", "bad", "1", "abc");
    await t.same("SORT", "bad");
    await t.same("SORT", "bad", "ALPHA");
    for (const w of ["inf", "-inf", "+3", "-0", "0x1p3", "1e-300", "\t5", "7\x00junk", "nan"]) {
      await t.same("DEL", "w");
      await t.same("RPUSH", "w", "2", w);
      await t.same("SORT", "w");
    }
    for (const w of ["5abc", "1 ", " ", "abc", "0x"]) {
      await t.same("DEL", "w");
      await t.same("RPUSH", "w", "2", w);
      await t.same("SORT", "w");
    }
    await t.same("RPUSH", "dup", "b", "a", "b", "a", "c");
    await t.same("SORT", "dup", "ALPHA");
    await t.same("SORT", "missing");
    await t.same("SORT", "missing", "ALPHA", "LIMIT", "0", "1");
    await t.same("SET", "str", "x");
    await t.same("SORT", "str");
    await t.same("SORT_RO", "str", "ALPHA");
    await t.same("HSET", "hash", "a", "1");
    await t.same("SORT", "hash");
    for (
      const bad of [
        ["LIMIT", "1"],
        ["LIMIT", "a", "1"],
        ["LIMIT", "1", "b"],
        ["BY"],
        ["GET"],
        ["STORE"],
        ["FOO"],
        ["ASC", "DESC", "nope"],
      ]
    ) {
      await t.same("SORT", "l", ...bad);
      await t.same("SORT", "str", ...bad);
    }
    await t.same("SORT_RO", "l", "STORE", "dst");
    await t.same("SORT");
    await t.same("SORT_RO");
    // out-of-range weights last: Redis tests strtod's errno without clearing it first, so
    // after an ERANGE its numeric sorts fail until some other call resets errno
    await t.same("DEL", "w");
    await t.same("RPUSH", "w", "2", "1e400");
    await t.same("SORT", "w");
  }));

Deno.test("compat: SORT BY and GET patterns, hash fields, #, missing keys", () =>
  compat(async (t) => {
    await t.same("RPUSH", "ids", "1", "2", "3", "4", "5");
    const strings = [
      ["w_1", "50"],
      ["w_2", "10"],
      ["w_3", "30"],
      ["w_5", "30"],
      ["name_1", "one"],
      ["name_2", "two"],
      ["name_4", "four"],
      ["a_1", "x"],
      ["a_2", "x"],
    ];
    for (const [k, v] of strings) await t.same("SET", k, v);
    await t.same("HSET", "h_1", "score", "9", "label", "L1");
    await t.same("HSET", "h_2", "score", "3", "label", "L2");
    await t.same("HSET", "h_3", "score", "abc");
    await t.same("HSET", "h_4", "score", "7");
    await t.same("SORT", "ids", "BY", "w_*");
    await t.same("SORT", "ids", "BY", "w_*", "DESC");
    await t.same("SORT", "ids", "BY", "w_*", "LIMIT", "1", "2");
    await t.same("SORT", "ids", "BY", "w_*", "GET", "#", "GET", "name_*", "GET", "h_*->label");
    await t.same("SORT", "ids", "BY", "h_*->score");
    await t.same("SORT", "ids", "BY", "h_*->score", "ALPHA");
    await t.same("SORT", "ids", "BY", "h_*->score", "ALPHA", "DESC");
    await t.same("SORT", "ids", "BY", "name_*", "ALPHA");
    await t.same("SORT", "ids", "BY", "name_*", "ALPHA", "DESC", "GET", "name_*");
    // equal ALPHA weights keep the list's order
    await t.same("SORT", "ids", "BY", "a_*", "ALPHA");
    await t.same("SORT", "ids", "BY", "a_*", "ALPHA", "DESC");
    await t.same("SORT", "ids", "BY", "h_*->label", "ALPHA", "LIMIT", "0", "3");
    await t.same("SORT", "ids", "GET", "name_*");
    await t.same("SORT", "ids", "GET", "nostar");
    await t.same("SORT", "ids", "GET", "h_*->");
    await t.same("SORT", "ids", "GET", "h_*->nofield");
    await t.same("SORT", "ids", "GET", "h_*", "GET", "w_*->x");
    await t.same("SORT", "ids", "GET", "*_1");
    await t.same("SORT", "ids", "GET", "#", "LIMIT", "3", "10");
    await t.same("SORT", "ids", "BY", "w_*", "GET", "#", "GET", "#");
    await t.same("SORT", "ids", "BY", "h_*->score");
    await t.same("SORT", "ids", "BY", "name_*");
    await t.same("HSET", "h_5", "score", "1");
    await t.same("DEL", "h_3");
    await t.same("SORT", "ids", "BY", "h_*->score", "GET", "h_*->score");
    await t.same("SORT", "ids", "BY", "nosort", "GET", "name_*", "DESC");
    await t.same("SORT_RO", "ids", "BY", "w_*", "GET", "name_*");
  }));

Deno.test("compat: SORT on sets and sorted sets, and STORE", () =>
  compat(async (t) => {
    await t.same("SADD", "s", "5", "-2", "30", "4");
    await t.same("SORT", "s");
    await t.same("SORT", "s", "DESC", "LIMIT", "1", "2");
    await t.same("SORT", "s", "ALPHA");
    // an intset iterates in order, so an unsorted set reply is deterministic here
    await t.same("SORT", "s", "BY", "nosort");
    await t.same("SORT", "s", "BY", "nosort", "DESC", "LIMIT", "1", "2");
    await t.same("SADD", "words", "pear", "apple", "fig", "10", "9");
    await t.same("SORT", "words", "ALPHA");
    await t.same("SORT", "words");
    await t.same("SORT", "words", "BY", "nosort", "STORE", "dst");
    await t.same("LRANGE", "dst", "0", "-1");
    await t.same("ZADD", "z", "3", "c", "1", "a", "2", "b", "2", "bb");
    await t.same("OBJECT", "ENCODING", "z");
    await t.same("SORT", "z", "BY", "nosort");
    await t.same("OBJECT", "ENCODING", "z");
    await t.same("ZADD", "z2", "3", "c", "1", "a", "2", "b");
    await t.same("SORT_RO", "z2", "ALPHA");
    await t.same("OBJECT", "ENCODING", "z2");
    await t.same("SORT", "z", "BY", "nosort", "DESC");
    for (const [a, b] of [["1", "2"], ["0", "-1"], ["3", "5"], ["9", "1"], ["-3", "2"]]) {
      await t.same("SORT", "z", "BY", "nosort", "LIMIT", a, b);
      await t.same("SORT", "z", "BY", "nosort", "LIMIT", a, b, "DESC");
    }
    await t.same("SORT", "z", "ALPHA", "DESC");
    await t.same("SORT", "z");
    await t.same("ZADD", "nums", "5", "10", "1", "20", "3", "3");
    await t.same("SORT", "nums");
    await t.same("SORT", "nums", "BY", "nosort");
    // STORE: a list result, an empty result deleting the destination, GET with blanks
    await t.same("SET", "dst2", "string");
    await t.same("EXPIRE", "dst2", "100");
    await t.same("SORT", "s", "STORE", "dst2");
    await t.same("TYPE", "dst2");
    await t.same("TTL", "dst2");
    await t.same("LRANGE", "dst2", "0", "-1");
    await t.same("SORT", "s", "GET", "nothing_*", "GET", "#", "STORE", "dst2");
    await t.same("LRANGE", "dst2", "0", "-1");
    await t.same("SORT", "missing", "STORE", "dst2");
    await t.same("EXISTS", "dst2");
    await t.same("SORT", "s", "LIMIT", "10", "1", "STORE", "dst2");
    await t.same("SORT", "words", "ALPHA", "STORE", "a", "STORE", "b");
    await t.same("EXISTS", "a");
    await t.same("LRANGE", "b", "0", "-1");
    await t.same("SORT", "s", "STORE", "s");
    await t.same("TYPE", "s");
    await t.same("COMMAND", "GETKEYS", "SORT", "k", "STORE", "x", "LIMIT", "1", "2", "STORE", "y");
    await t.same("COMMAND", "GETKEYS", "SORT", "k", "GET", "STORE", "x");
    await t.same("COMMAND", "GETKEYS", "SORT_RO", "k", "BY", "w_*");
  }));

Deno.test("compat: SORT option keywords end at a NUL byte, numbers do not", () =>
  compat(async (t) => {
    await t.same("RPUSH", "l", "b", "c", "a");
    await t.same("SORT", "l", "alpha\0", "desc\0x", "limit\0", "0", "2");
    await t.same("SORT", "l", "ALPHA", "LIMIT", "0\0", "2");
    await t.same("SORT", "l", "AL\0PHA");
    await t.same("SORT", "l", "alpha", "store\0", "dst");
    await t.same("LRANGE", "dst", "0", "-1");
    await t.same("SORT_RO", "l", "alpha", "store\0", "dst");
  }));
