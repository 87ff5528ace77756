import { compat } from "../helpers/compat.ts";

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

Deno.test("compat: SINTER, SINTERCARD, SINTERSTORE", () =>
  compat(async (t) => {
    await t.same("SADD", "a", "1", "2", "3", "4", "5");
    await t.same("SADD", "b", "3", "4", "5", "6");
    await t.same("SADD", "c", "5", "4", "x", "y");
    await t.same("SADD", "d", "x", "y", "z");
    await t.same("SINTER", "a", "b");
    await t.same("SINTER", "a");
    await t.same("SINTER", "a", "a");
    await t.sameUnordered("SINTER", "a", "b", "c");
    await t.sameUnordered("SINTER", "c", "d");
    await t.same("SINTER", "a", "missing");
    await t.same("SINTER", "missing");
    await t.same("SINTER", "a", "d");
    await t.same("SINTERCARD", "1", "a");
    await t.same("SINTERCARD", "2", "a", "b");
    await t.same("SINTERCARD", "2", "a", "b", "LIMIT", "2");
    await t.same("SINTERCARD", "2", "a", "b", "limit", "0");
    await t.same("SINTERCARD", "2", "a", "b", "LIMIT", "100");
    await t.same("SINTERCARD", "2", "a", "b", "LIMIT", "1", "LIMIT", "3");
    await t.same("SINTERCARD", "3", "a", "b", "missing");
    await t.same("SINTERCARD", "2", "c", "d");
    for (
      const bad of [
        ["0", "a"],
        ["-1", "a"],
        ["abc", "a"],
        ["9999999999999999999999", "a"],
        ["2", "a"],
        ["3", "a", "b"],
        ["1", "a", "LIMIT", "-1"],
        ["1", "a", "LIMIT", "abc"],
        ["1", "a", "LIMIT"],
        ["1", "a", "FOO"],
        ["1", "a", "b"],
      ]
    ) await t.same("SINTERCARD", ...bad);
    for (const n of ["2", "0", "3", "abc"]) {
      await t.same("COMMAND", "GETKEYS", "SINTERCARD", n, "a", "b", "LIMIT", "1");
    }
    await t.same("SINTERSTORE", "dst", "a", "b");
    await t.same("SMEMBERS", "dst");
    await t.same("OBJECT", "ENCODING", "dst");
    await t.same("SINTERSTORE", "dst", "c", "d");
    await t.same("OBJECT", "ENCODING", "dst");
    await t.sameUnordered("SMEMBERS", "dst");
    // integers common to hashtable sets are stored as an intset
    await t.same("SINTERSTORE", "dst", "c", "a");
    await t.same("OBJECT", "ENCODING", "dst");
    await t.same("SMEMBERS", "dst");
    // an empty result deletes the destination, whatever it held
    await t.same("SET", "str", "v");
    await t.same("SINTERSTORE", "str", "a", "d");
    await t.same("EXISTS", "str");
    await t.same("SET", "str", "v");
    await t.same("EXPIRE", "str", "100");
    await t.same("SINTERSTORE", "str", "a", "b");
    await t.same("TYPE", "str");
    await t.same("TTL", "str");
    await t.same("SINTERSTORE", "dst", "a", "missing");
    await t.same("EXISTS", "dst");
    await t.same("SINTERSTORE", "a", "a", "b");
    await t.same("SMEMBERS", "a");
  }));

Deno.test("compat: SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE", () =>
  compat(async (t) => {
    await t.same("SADD", "a", "1", "2", "3", "4", "5");
    await t.same("SADD", "b", "3", "4", "5", "6");
    await t.same("SADD", "c", "5", "4", "x", "y");
    await t.same("SUNION", "a", "b");
    await t.same("SUNION", "a", "missing");
    await t.same("SUNION", "missing");
    await t.sameUnordered("SUNION", "a", "b", "c");
    await t.same("SUNIONSTORE", "u", "a", "b");
    await t.same("OBJECT", "ENCODING", "u");
    await t.same("SMEMBERS", "u");
    await t.same("SUNIONSTORE", "u", "a", "c");
    await t.same("OBJECT", "ENCODING", "u");
    await t.same("SUNIONSTORE", "u", "missing");
    await t.same("EXISTS", "u");
    await t.same("SDIFF", "a", "b");
    await t.same("SDIFF", "a", "b", "c");
    await t.same("SDIFF", "a");
    await t.same("SDIFF", "a", "a");
    await t.same("SDIFF", "a", "missing", "b");
    await t.same("SDIFF", "missing", "a");
    await t.sameUnordered("SDIFF", "c", "a");
    await t.same("SDIFFSTORE", "d", "a", "b");
    await t.same("SMEMBERS", "d");
    await t.same("SDIFFSTORE", "d", "a", "a");
    await t.same("EXISTS", "d");
    await t.same("SDIFFSTORE", "d", "c", "a");
    await t.same("OBJECT", "ENCODING", "d");
    await t.sameUnordered("SMEMBERS", "d");
    // Redis's two difference strategies leave different encodings behind: walking the first
    // set stores only the survivors, copying it first keeps its encoding
    await t.same("SADD", "first", ...range(1, 9), "a");
    await t.same("SADD", "s1", "a");
    await t.same("SADD", "s2", "1");
    await t.same("SDIFFSTORE", "walk", "first", "s1");
    await t.same("OBJECT", "ENCODING", "walk");
    await t.same("SMEMBERS", "walk");
    await t.same("SDIFFSTORE", "copy", "first", "s1", "s2");
    await t.same("OBJECT", "ENCODING", "copy");
    await t.sameUnordered("SMEMBERS", "copy");
    await t.sameUnordered("SDIFF", "first", "s1", "s2");
    await t.same("SADD", "wide", ...range(1, 40));
    await t.same("SDIFF", "wide", "s2", "first");
    await t.same("SADD", "big", ...range(1, 600));
    await t.same("SDIFFSTORE", "bd", "big", "wide");
    await t.same("OBJECT", "ENCODING", "bd");
    await t.same("SCARD", "bd");
    await t.same("SUNIONSTORE", "bu", "a", "big");
    await t.same("OBJECT", "ENCODING", "bu");
    await t.same("SCARD", "bu");
    await t.same("SINTERSTORE", "bi", "big", "wide");
    await t.same("OBJECT", "ENCODING", "bi");
    await t.same("SMEMBERS", "bi");
    await t.same("SET", "str", "v");
    await t.same("SUNIONSTORE", "str", "a");
    await t.same("SMEMBERS", "str");
    await t.same("SDIFFSTORE", "str", "a", "a");
    await t.same("EXISTS", "str");
  }));

Deno.test("compat: SINTERCARD option keywords end at a NUL byte, numbers do not", () =>
  compat(async (t) => {
    await t.same("SADD", "s1", "a", "b", "c");
    await t.same("SADD", "s2", "b", "c", "d");
    await t.same("SINTERCARD", "2", "s1", "s2", "limit\0", "1");
    await t.same("SINTERCARD", "2", "s1", "s2", "LIMIT\0junk", "0");
    await t.same("SINTERCARD", "2", "s1", "s2", "LIMIT", "1\0");
    await t.same("SINTERCARD", "2", "s1", "s2", "LI\0MIT", "1");
    await t.same("SINTERCARD", "2\0", "s1", "s2");
    await t.same("SINTERCARD", "3", "s1", "s2");
    await t.same("COMMAND", "GETKEYS", "SINTERCARD", "2", "s1", "s2", "LIMIT", "1");
  }));
