/**
 * The non-blocking list commands against real Redis 7.0: every option, reply shape and error
 * path, in RESP2 and RESP3.
 */
import { compat } from "../helpers/compat.ts";

Deno.test("compat: list commands, replies and errors", () =>
  compat(async (t) => {
    // pushes
    await t.same("LPUSH", "l", "a", "b", "c");
    await t.same("RPUSH", "l", "d", "e");
    await t.same("LPUSHX", "l", "x", "y");
    await t.same("RPUSHX", "l", "z");
    await t.same("LPUSHX", "nokey", "a");
    await t.same("RPUSHX", "nokey", "a", "b");
    await t.same("EXISTS", "nokey");
    await t.same("LRANGE", "l", "0", "-1");
    await t.same("LLEN", "l");
    await t.same("LLEN", "nokey");
    await t.same("OBJECT", "ENCODING", "l");
    await t.same("TYPE", "l");
    await t.same("RPUSH", "bin", "\x00\xff\r\n", "", "\x80");
    await t.same("LRANGE", "bin", "0", "-1");

    // LRANGE
    for (
      const [s, e] of [
        ["0", "0"],
        ["-3", "-1"],
        ["5", "2"],
        ["-100", "100"],
        ["100", "200"],
        ["-1", "-100"],
        ["2", "-2"],
        ["-9223372036854775808", "9223372036854775807"],
      ]
    ) {
      await t.same("LRANGE", "l", s, e);
    }
    await t.same("LRANGE", "nokey", "0", "-1");
    await t.same("LRANGE", "l", "a", "1");
    await t.same("LRANGE", "l", "0", "1.5");
    await t.same("LRANGE", "nokey", "x", "1");
    await t.same("LRANGE", "l", "0", "9223372036854775808");

    // LINDEX
    for (const i of ["0", "-1", "3", "-9", "9", "100", "-100"]) await t.same("LINDEX", "l", i);
    await t.same("LINDEX", "nokey", "0");
    await t.same("LINDEX", "nokey", "abc");
    await t.same("LINDEX", "l", "abc");

    // LSET
    await t.same("LSET", "l", "0", "first");
    await t.same("LSET", "l", "-1", "last");
    await t.same("LSET", "l", "100", "x");
    await t.same("LSET", "l", "-100", "x");
    await t.same("LSET", "l", "abc", "x");
    await t.same("LSET", "nokey", "0", "x");
    await t.same("LSET", "nokey", "abc", "x");
    await t.same("LRANGE", "l", "0", "-1");

    // LINSERT
    await t.same("LINSERT", "l", "BEFORE", "a", "before-a");
    await t.same("LINSERT", "l", "after", "a", "after-a");
    await t.same("LINSERT", "l", "AFTER", "last", "tail");
    await t.same("LINSERT", "l", "before", "first", "head");
    await t.same("LINSERT", "l", "before", "missing", "x");
    await t.same("LINSERT", "l", "middle", "a", "x");
    await t.same("LINSERT", "nokey", "before", "a", "x");
    await t.same("LINSERT", "nokey", "middle", "a", "x");
    await t.same("LINSERT", "l", "BEFORE\x00junk", "a", "nul");
    await t.same("LRANGE", "l", "0", "-1");

    // LREM
    await t.same("RPUSH", "r", "a", "b", "a", "c", "a", "b", "a");
    await t.same("LREM", "r", "2", "a");
    await t.same("LRANGE", "r", "0", "-1");
    await t.same("LREM", "r", "-1", "b");
    await t.same("LRANGE", "r", "0", "-1");
    await t.same("LREM", "r", "0", "a");
    await t.same("LRANGE", "r", "0", "-1");
    await t.same("LREM", "r", "0", "zzz");
    await t.same("LREM", "r", "0", "c");
    await t.same("LREM", "r", "-9223372036854775808", "b");
    await t.same("EXISTS", "r");
    await t.same("LREM", "nokey", "0", "a");
    await t.same("LREM", "nokey", "abc", "a");
    await t.same("LREM", "l", "abc", "a");

    // LTRIM
    await t.same("RPUSH", "t", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    await t.same("LTRIM", "t", "1", "-2");
    await t.same("LRANGE", "t", "0", "-1");
    await t.same("LTRIM", "t", "-3", "100");
    await t.same("LRANGE", "t", "0", "-1");
    await t.same("LTRIM", "t", "0", "0");
    await t.same("LRANGE", "t", "0", "-1");
    await t.same("LTRIM", "t", "5", "1");
    await t.same("EXISTS", "t");
    await t.same("LTRIM", "nokey", "0", "1");
    await t.same("LTRIM", "nokey", "a", "1");
    await t.same("LTRIM", "l", "0", "b");

    // LPOS
    await t.same("RPUSH", "p", "a", "b", "c", "a", "b", "c", "a");
    for (
      const opts of [
        [],
        ["RANK", "2"],
        ["RANK", "-1"],
        ["RANK", "-2"],
        ["RANK", "4"],
        ["COUNT", "0"],
        ["COUNT", "2"],
        ["RANK", "-1", "COUNT", "0"],
        ["RANK", "2", "COUNT", "5"],
        ["MAXLEN", "3"],
        ["MAXLEN", "3", "COUNT", "0"],
        ["RANK", "-1", "MAXLEN", "1"],
        ["rank", "-9223372036854775808"],
        ["RANK", "-9223372036854775808", "COUNT", "1"],
        ["RANK", "-9223372036854775807", "COUNT", "1"],
        ["RANK", "9223372036854775807"],
        ["COUNT", "1", "COUNT", "3"],
      ]
    ) {
      await t.same("LPOS", "p", "a", ...opts);
    }
    await t.same("LPOS", "p", "zzz");
    await t.same("LPOS", "p", "zzz", "COUNT", "0");
    await t.same("LPOS", "nokey", "a");
    await t.same("LPOS", "nokey", "a", "COUNT", "1");
    await t.same("LPOS", "nokey", "a", "RANK", "0");
    await t.same("LPOS", "p", "a", "RANK", "0");
    await t.same("LPOS", "p", "a", "RANK", "abc");
    await t.same("LPOS", "p", "a", "RANK", "9223372036854775808");
    await t.same("LPOS", "p", "a", "COUNT", "-1");
    await t.same("LPOS", "p", "a", "COUNT", "abc");
    await t.same("LPOS", "p", "a", "MAXLEN", "-1");
    await t.same("LPOS", "p", "a", "MAXLEN", "x");
    await t.same("LPOS", "p", "a", "RANK");
    await t.same("LPOS", "p", "a", "FOO", "1");
    await t.same("LPOS", "p", "a", "COUNT", "-1", "RANK", "0");

    // LPOP / RPOP
    await t.same("RPUSH", "q", "1", "2", "3", "4", "5", "6");
    await t.same("LPOP", "q");
    await t.same("RPOP", "q");
    await t.same("LPOP", "q", "2");
    await t.same("RPOP", "q", "1");
    await t.same("LPOP", "q", "0");
    await t.same("RPOP", "q", "10");
    await t.same("EXISTS", "q");
    await t.same("LPOP", "nokey");
    await t.same("RPOP", "nokey");
    await t.same("LPOP", "nokey", "0");
    await t.same("RPOP", "nokey", "3");
    await t.same("LPOP", "nokey", "-1");
    await t.same("LPOP", "l", "-1");
    await t.same("LPOP", "l", "abc");
    await t.same("LPOP", "l", "1", "2");
    await t.same("RPOP", "l", "9223372036854775807");
    await t.same("EXISTS", "l");

    // LMOVE / RPOPLPUSH
    await t.same("RPUSH", "src", "a", "b", "c");
    await t.same("LMOVE", "src", "dst", "LEFT", "RIGHT");
    await t.same("LMOVE", "src", "dst", "right", "left");
    await t.same("LRANGE", "dst", "0", "-1");
    await t.same("RPOPLPUSH", "src", "dst");
    await t.same("EXISTS", "src");
    await t.same("LRANGE", "dst", "0", "-1");
    await t.same("LMOVE", "dst", "dst", "LEFT", "RIGHT");
    await t.same("RPOPLPUSH", "dst", "dst");
    await t.same("LRANGE", "dst", "0", "-1");
    await t.same("RPUSH", "one", "x");
    await t.same("LMOVE", "one", "one", "LEFT", "LEFT");
    await t.same("LRANGE", "one", "0", "-1");
    await t.same("LMOVE", "nokey", "dst", "LEFT", "LEFT");
    await t.same("RPOPLPUSH", "nokey", "dst");
    await t.same("LMOVE", "dst", "x", "UP", "LEFT");
    await t.same("LMOVE", "dst", "x", "LEFT", "DOWN");
    await t.same("LMOVE", "nokey", "x", "UP", "LEFT");
    await t.same("LMOVE", "dst", "x", "LEFT\x00junk", "RIGHT");
    await t.same("LRANGE", "x", "0", "-1");

    // LMPOP
    await t.same("RPUSH", "m1", "a", "b", "c", "d");
    await t.same("LMPOP", "2", "nokey", "m1", "LEFT");
    await t.same("LMPOP", "2", "nokey", "m1", "RIGHT", "COUNT", "2");
    await t.same("LMPOP", "1", "m1", "left", "count", "10");
    await t.same("EXISTS", "m1");
    await t.same("LMPOP", "2", "nokey", "m1", "LEFT");
    await t.same("LMPOP", "0", "m1", "LEFT");
    await t.same("LMPOP", "-1", "m1", "LEFT");
    await t.same("LMPOP", "abc", "m1", "LEFT");
    await t.same("LMPOP", "3", "m1", "LEFT");
    await t.same("LMPOP", "1", "m1", "MIDDLE");
    await t.same("LMPOP", "1", "m1", "LEFT", "COUNT", "0");
    await t.same("LMPOP", "1", "m1", "LEFT", "COUNT", "-5");
    await t.same("LMPOP", "1", "m1", "LEFT", "COUNT", "x");
    await t.same("LMPOP", "1", "m1", "LEFT", "COUNT", "1", "COUNT", "2");
    await t.same("LMPOP", "1", "m1", "LEFT", "COUNT");
    await t.same("LMPOP", "1", "m1", "LEFT", "FOO");
    await t.same("LMPOP", "9223372036854775807", "m1", "LEFT");
    await t.same("LMPOP", "1", "m1");

    // arity
    for (
      const cmd of [
        ["LPUSH", "k"],
        ["RPUSHX", "k"],
        ["LPOP"],
        ["LLEN"],
        ["LLEN", "a", "b"],
        ["LRANGE", "k", "0"],
        ["LINDEX", "k"],
        ["LSET", "k", "0"],
        ["LINSERT", "k", "before", "a"],
        ["LREM", "k", "0"],
        ["LTRIM", "k", "0"],
        ["LPOS", "k"],
        ["LMOVE", "a", "b", "LEFT"],
        ["RPOPLPUSH", "a"],
        ["LMPOP", "1", "k"],
      ]
    ) {
      await t.same(...cmd);
    }
  }));

Deno.test("compat: list commands against a key of another type", () =>
  compat(async (t) => {
    await t.same("SET", "s", "string");
    await t.same("RPUSH", "l", "a", "b", "c", "d", "e");
    for (
      const cmd of [
        ["LPUSH", "s", "a"],
        ["RPUSH", "s", "a"],
        ["LPUSHX", "s", "a"],
        ["RPUSHX", "s", "a"],
        ["LPOP", "s"],
        ["RPOP", "s", "2"],
        ["LPOP", "s", "0"],
        ["LPOP", "s", "-1"],
        ["LLEN", "s"],
        ["LRANGE", "s", "0", "-1"],
        ["LRANGE", "s", "x", "-1"],
        ["LINDEX", "s", "0"],
        ["LINDEX", "s", "x"],
        ["LSET", "s", "0", "x"],
        ["LSET", "s", "x", "x"],
        ["LINSERT", "s", "before", "a", "b"],
        ["LINSERT", "s", "nowhere", "a", "b"],
        ["LREM", "s", "0", "a"],
        ["LTRIM", "s", "0", "1"],
        ["LPOS", "s", "a"],
        ["LPOS", "s", "a", "RANK", "0"],
        ["LMOVE", "s", "l", "LEFT", "LEFT"],
        ["LMOVE", "l", "s", "LEFT", "LEFT"],
        ["LMOVE", "nokey", "s", "LEFT", "LEFT"],
        ["RPOPLPUSH", "s", "l"],
        ["RPOPLPUSH", "l", "s"],
        ["LMPOP", "2", "nokey", "s", "LEFT"],
        ["LMPOP", "2", "l", "s", "LEFT"],
        ["BLPOP", "s", "0"],
        ["BLPOP", "nokey", "s", "0"],
        ["BRPOP", "l", "s", "0"],
        ["BLMOVE", "s", "l", "LEFT", "LEFT", "0"],
        ["BLMOVE", "l", "s", "LEFT", "LEFT", "0"],
        ["BRPOPLPUSH", "s", "l", "0"],
        ["BLMPOP", "0", "2", "nokey", "s", "LEFT"],
      ]
    ) {
      await t.same(...cmd);
    }
    await t.same("LRANGE", "l", "0", "-1");
    await t.same("GET", "s");
  }));

Deno.test("compat: blocking list commands that need not wait, and their argument errors", () =>
  compat(async (t) => {
    await t.same("RPUSH", "a", "1", "2", "3", "4");
    await t.same("RPUSH", "b", "x", "y");
    await t.same("BLPOP", "nokey", "a", "b", "0");
    await t.same("BRPOP", "b", "a", "0.5");
    await t.same("BLPOP", "b", "b", "1");
    await t.same("EXISTS", "b");
    await t.same("BLMOVE", "a", "d", "LEFT", "RIGHT", "0");
    await t.same("BLMOVE", "a", "d", "right", "left", "1.5");
    await t.same("BRPOPLPUSH", "d", "a", "0");
    await t.same("LRANGE", "a", "0", "-1");
    await t.same("LRANGE", "d", "0", "-1");
    await t.same("BLMPOP", "0", "2", "nokey", "a", "LEFT");
    await t.same("BLMPOP", "0", "2", "nokey", "a", "RIGHT", "COUNT", "10");
    await t.same("EXISTS", "a");
    // timeout texts
    for (
      const timeout of [
        "abc",
        "",
        "-1",
        "-0.5",
        "nan",
        "inf",
        "-inf",
        "+inf",
        "1e400",
        "1e-5000",
        " 1",
        "1 ",
        "1e",
        "0x",
        "9223372036854775807",
        "1e16",
        "1e4933",
        // the timeout is read over its whole length: a NUL byte makes it "not a float"
        "1\0",
        "1\0x",
        "0\0",
      ]
    ) {
      await t.same("BLPOP", "d", timeout);
      await t.same("BRPOPLPUSH", "d", "x", timeout);
    }
    await t.same("BLMOVE", "d", "x", "UP", "LEFT", "abc");
    await t.same("BLMOVE", "d", "x", "LEFT", "DOWN", "abc");
    await t.same("BLMOVE", "d", "x", "LEFT", "LEFT", "abc");
    await t.same("BLMPOP", "abc", "1", "k", "LEFT");
    await t.same("BLMPOP", "abc", "0", "k", "LEFT");
    await t.same("BLMPOP", "-1", "1", "k", "LEFT", "COUNT", "0");
    await t.same("BLMPOP", "-1", "2", "k", "LEFT");
    await t.same("BLMPOP", "-1", "1", "k", "MIDDLE");
    await t.same("BLMPOP", "0", "1", "k", "LEFT", "COUNT", "1", "FOO");
    await t.same("BLMPOP", "-1", "1", "k", "LEFT");
    await t.same("BLPOP", "k");
    await t.same("BLMOVE", "a", "b", "LEFT", "LEFT");
    await t.same("BRPOPLPUSH", "a", "b");
    await t.same("BLMPOP", "0", "1", "k");
    // option keywords end at a NUL byte (strcasecmp), numbers do not
    await t.same("RPUSH", "nul", "a", "b", "c", "d");
    await t.same("BLMPOP", "0", "1", "nul", "left\0x", "count\0", "2");
    await t.same("LMPOP", "1", "nul", "RIGHT\0", "COUNT", "1\0");
    await t.same("LMPOP", "1\0", "nul", "RIGHT");
    await t.same("LMPOP", "1", "nul", "RI\0GHT");
    await t.same("BLMOVE", "nul", "nul2", "right\0", "left\0x", "0");
    await t.same("LPOS", "nul", "b", "rank\0", "1", "maxlen\0", "0");
    await t.same("LRANGE", "nul", "0", "-1");
    await t.same("LRANGE", "nul2", "0", "-1");
  }));

Deno.test("compat: CLIENT UNBLOCK replies and errors", () =>
  compat(async (t) => {
    await t.same("CLIENT", "UNBLOCK", "999999");
    await t.same("CLIENT", "UNBLOCK", "999999", "TIMEOUT");
    await t.same("CLIENT", "UNBLOCK", "999999", "error");
    await t.same("CLIENT", "UNBLOCK", "abc");
    await t.same("CLIENT", "UNBLOCK", "abc", "foo");
    await t.same("CLIENT", "UNBLOCK", "1", "foo");
    await t.same("CLIENT", "UNBLOCK", "-1", "ERROR\x00x");
    await t.same("CLIENT", "UNBLOCK", "1", "timeout", "x");
    await t.same("CLIENT", "Unblock", "1", "timeout", "x");
    await t.same("CLIENT", "UNBLOCK");
  }));
