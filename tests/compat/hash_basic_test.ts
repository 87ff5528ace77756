import { compat } from "../helpers/compat.ts";

const long = (n: number, ch = "x") => ch.repeat(n);

Deno.test("compat: HSET, HSETNX, HMSET, HGET, HMGET, HDEL, HEXISTS, HLEN, HSTRLEN", () =>
  compat(async (t) => {
    await t.same("HSET", "h", "a", "1", "b", "2");
    await t.same("HSET", "h", "a", "10", "c", "3");
    await t.same("HGET", "h", "a");
    await t.same("HGET", "h", "nope");
    await t.same("HGET", "missing", "a");
    await t.same("HMGET", "h", "a", "nope", "c");
    await t.same("HMGET", "missing", "a", "b");
    await t.same("HSETNX", "h", "a", "99");
    await t.same("HSETNX", "h", "d", "4");
    await t.same("HSETNX", "fresh", "f", "v");
    await t.same("HMSET", "h", "e", "5", "a", "11");
    await t.same("HMSET", "h2", "x", "y");
    await t.same("HGETALL", "h");
    await t.same("HKEYS", "h");
    await t.same("HVALS", "h");
    await t.same("HLEN", "h");
    await t.same("HLEN", "missing");
    await t.same("HEXISTS", "h", "a");
    await t.same("HEXISTS", "h", "zz");
    await t.same("HEXISTS", "missing", "a");
    await t.same("HSTRLEN", "h", "a");
    await t.same("HSTRLEN", "h", "zz");
    await t.same("HSTRLEN", "missing", "a");
    await t.same("HSET", "h", "bin\x00\xff", "\r\n\x80");
    await t.same("HGET", "h", "bin\x00\xff");
    await t.same("HSTRLEN", "h", "bin\x00\xff");
    await t.same("HSET", "h", "", "");
    await t.same("HGET", "h", "");
    await t.same("HDEL", "h", "a", "a", "nope", "b");
    await t.same("HDEL", "missing", "a");
    await t.same("HGETALL", "h");
    await t.same("HDEL", "h2", "x");
    await t.same("EXISTS", "h2");
    await t.same("HDEL", "fresh", "f", "g");
    await t.same("EXISTS", "fresh");
    await t.same("HGETALL", "missing");
    await t.same("HKEYS", "missing");
    await t.same("HVALS", "missing");
  }));

Deno.test("compat: hash errors: arity, odd pairs, wrong type", () =>
  compat(async (t) => {
    await t.same("SET", "str", "v");
    for (
      const cmd of [
        ["HSET", "str", "a", "1"],
        ["HSETNX", "str", "a", "1"],
        ["HMSET", "str", "a", "1"],
        ["HGET", "str", "a"],
        ["HMGET", "str", "a"],
        ["HDEL", "str", "a"],
        ["HEXISTS", "str", "a"],
        ["HLEN", "str"],
        ["HSTRLEN", "str", "a"],
        ["HKEYS", "str"],
        ["HVALS", "str"],
        ["HGETALL", "str"],
        ["HINCRBY", "str", "a", "1"],
        ["HINCRBYFLOAT", "str", "a", "1"],
        ["HRANDFIELD", "str"],
        ["HRANDFIELD", "str", "2"],
        ["HSCAN", "str", "0"],
      ]
    ) await t.same(...cmd);
    await t.same("HSET", "h", "a");
    await t.same("HSET", "h", "a", "1", "b");
    await t.same("HSET", "h");
    await t.same("HMSET", "h", "a", "1", "b");
    await t.same("HMSET", "h", "a");
    await t.same("HSETNX", "h", "a");
    await t.same("HSETNX", "h", "a", "b", "c");
    await t.same("HGET", "h");
    await t.same("HGET", "h", "a", "b");
    await t.same("HMGET", "h");
    await t.same("HDEL", "h");
    await t.same("HEXISTS", "h");
    await t.same("HLEN");
    await t.same("HLEN", "a", "b");
    await t.same("HSTRLEN", "h");
    await t.same("HKEYS");
    await t.same("HVALS", "a", "b");
    await t.same("HGETALL");
    await t.same("EXISTS", "h");
  }));

Deno.test("compat: hash encodings follow hash-max-listpack-entries and -value", () =>
  compat(async (t) => {
    await t.same("HSET", "small", "a", "1", "b", "2");
    await t.same("OBJECT", "ENCODING", "small");
    await t.same("HSET", "small", "c", long(64));
    await t.same("OBJECT", "ENCODING", "small");
    await t.same("HSET", "small", "d", long(65));
    await t.same("OBJECT", "ENCODING", "small");
    // a long field name converts too, as does a long value replacing a short one
    await t.same("HSET", "f", long(65, "k"), "1");
    await t.same("OBJECT", "ENCODING", "f");
    await t.same("HSET", "g", "a", "1");
    await t.same("HSET", "g", "a", long(65));
    await t.same("OBJECT", "ENCODING", "g");
    await t.same("HSETNX", "n", "a", "1");
    await t.same("HSETNX", "n", long(65), "1");
    await t.same("OBJECT", "ENCODING", "n");
    await t.same("HINCRBY", "i", long(65), "1");
    await t.same("OBJECT", "ENCODING", "i");
    await t.same("HINCRBYFLOAT", "j", long(65), "1.5");
    await t.same("OBJECT", "ENCODING", "j");
    // converting never goes back, even once the hash is small again
    await t.same("HDEL", "small", "d", "c");
    await t.same("OBJECT", "ENCODING", "small");
    await t.sameUnordered("HGETALL", "small");

    await t.same("CONFIG", "SET", "hash-max-listpack-entries", "3");
    await t.same("HSET", "e", "a", "1", "b", "2", "c", "3");
    await t.same("OBJECT", "ENCODING", "e");
    await t.same("HGETALL", "e");
    await t.same("HSET", "e", "d", "4");
    await t.same("OBJECT", "ENCODING", "e");
    await t.sameUnordered("HGETALL", "e");
    await t.same("HSET", "e2", "a", "1", "b", "2", "c", "3", "d", "4");
    await t.same("OBJECT", "ENCODING", "e2");
    // a lowered limit applies at the next write, even an update of an existing field
    await t.same("HSET", "e3", "a", "1", "b", "2", "c", "3");
    await t.same("CONFIG", "SET", "hash-max-listpack-entries", "2");
    await t.same("HGET", "e3", "a");
    await t.same("OBJECT", "ENCODING", "e3");
    await t.same("HSET", "e3", "a", "9");
    await t.same("OBJECT", "ENCODING", "e3");
    await t.same("CONFIG", "SET", "hash-max-listpack-entries", "0");
    await t.same("HSET", "z", "a", "1");
    await t.same("OBJECT", "ENCODING", "z");
    await t.same("CONFIG", "SET", "hash-max-listpack-entries", "512");

    await t.same("CONFIG", "SET", "hash-max-listpack-value", "0");
    await t.same("HSET", "v0", "", "");
    await t.same("OBJECT", "ENCODING", "v0");
    await t.same("HSET", "v1", "a", "");
    await t.same("OBJECT", "ENCODING", "v1");
    await t.same("CONFIG", "SET", "hash-max-ziplist-value", "3");
    await t.same("HINCRBY", "v2", "f", "999");
    await t.same("OBJECT", "ENCODING", "v2");
    await t.same("HINCRBY", "v2", "f", "1");
    await t.same("OBJECT", "ENCODING", "v2");
    await t.same("CONFIG", "SET", "hash-max-listpack-value", "64");

    // listpack order is insertion order: updates keep their place, deletes close the gap
    await t.same("HSET", "o", "z", "1", "y", "2", "x", "3", "w", "4");
    await t.same("HSET", "o", "y", "20");
    await t.same("HDEL", "o", "x");
    await t.same("HSET", "o", "x", "30");
    await t.same("HGETALL", "o");
    await t.same("HKEYS", "o");
    await t.same("HVALS", "o");

    // growing past 512 fields
    const args: string[] = [];
    for (let i = 0; i < 600; i++) args.push(`f${i}`, `v${i}`);
    await t.same("HSET", "big", ...args.slice(0, 1024));
    await t.same("OBJECT", "ENCODING", "big");
    await t.same("HSET", "big", ...args.slice(1024));
    await t.same("OBJECT", "ENCODING", "big");
    await t.same("HLEN", "big");
    await t.sameUnordered("HGETALL", "big");
    await t.sameUnordered("HKEYS", "big");
    await t.sameUnordered("HVALS", "big");
    await t.same("HGET", "big", "f599");
  }));
