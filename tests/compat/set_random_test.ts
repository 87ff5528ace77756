import { compat } from "../helpers/compat.ts";

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

Deno.test("compat: SPOP with and without count", () =>
  compat(async (t) => {
    await t.same("SPOP", "missing");
    await t.same("SPOP", "missing", "2");
    await t.same("SPOP", "missing", "0");
    await t.same("SADD", "one", "x");
    await t.same("SPOP", "one");
    await t.same("EXISTS", "one");
    await t.same("SADD", "s", "5", "3", "-1", "10", "0");
    await t.same("SPOP", "s", "0");
    await t.sameShape("SPOP", "s");
    await t.sameShape("SPOP", "s", "2");
    await t.same("SCARD", "s");
    await t.sameShape("SPOP", "s", "2");
    await t.same("EXISTS", "s");
    await t.same("SADD", "s", "5", "3", "-1", "10", "0");
    await t.same("SPOP", "s", "200");
    await t.same("SADD", "w", "b", "a", "c");
    await t.sameUnordered("SPOP", "w", "3");
    // an all-integer hashtable comes out ascending too when popped whole
    await t.same("SADD", "h", "a", ...range(1, 20));
    await t.same("SREM", "h", "a");
    await t.same("OBJECT", "ENCODING", "h");
    await t.same("SPOP", "h", "20");
    // popping most of a set rebuilds it from the members that stay, re-encoding them
    await t.same("SADD", "big", ...range(1, 600));
    await t.same("OBJECT", "ENCODING", "big");
    await t.sameShape("SPOP", "big", "550");
    await t.same("OBJECT", "ENCODING", "big");
    await t.same("SCARD", "big");
    await t.same("SADD", "big2", ...range(1, 600));
    await t.sameShape("SPOP", "big2", "10");
    await t.same("OBJECT", "ENCODING", "big2");
    await t.same("SCARD", "big2");
    await t.same("SADD", "u", "a", ...range(1, 20));
    await t.same("SREM", "u", "a");
    await t.sameShape("SPOP", "u", "5");
    await t.same("OBJECT", "ENCODING", "u");
    await t.same("SADD", "m", "x", "y", "z", ...range(1, 20));
    await t.sameShape("SPOP", "m", "22");
    await t.same("SCARD", "m");
    await t.same("SADD", "it", ...range(1, 100));
    await t.sameShape("SPOP", "it", "90");
    await t.same("OBJECT", "ENCODING", "it");
    await t.same("SCARD", "it");
    // errors
    for (const c of ["-1", "abc", "1.5", "", "9223372036854775808"]) {
      await t.same("SPOP", "it", c);
      await t.same("SPOP", "missing", c);
    }
    await t.same("SPOP", "it", "1", "2");
    await t.same("SPOP", "str", "-1");
  }));

Deno.test("compat: SRANDMEMBER with and without count", () =>
  compat(async (t) => {
    await t.same("SRANDMEMBER", "missing");
    await t.same("SRANDMEMBER", "missing", "3");
    await t.same("SRANDMEMBER", "missing", "-3");
    await t.same("SRANDMEMBER", "missing", "0");
    await t.same("SADD", "one", "x");
    await t.same("SRANDMEMBER", "one");
    await t.same("SRANDMEMBER", "one", "1");
    await t.same("SRANDMEMBER", "one", "-3");
    await t.same("SADD", "s", "5", "3", "-1", "10", "0");
    await t.same("SRANDMEMBER", "s", "0");
    await t.same("SRANDMEMBER", "s", "5");
    await t.same("SRANDMEMBER", "s", "100");
    await t.same("SRANDMEMBER", "s", "9223372036854775807");
    for (const c of ["1", "2", "4", "-1", "-4", "-20"]) await t.sameShape("SRANDMEMBER", "s", c);
    await t.sameShape("SRANDMEMBER", "s");
    await t.same("SADD", "big", ...range(1, 1000));
    for (const c of ["1", "10", "300", "999", "-50"]) {
      await t.sameShape("SRANDMEMBER", "big", c);
    }
    await t.sameUnordered("SRANDMEMBER", "big", "1000");
    await t.same("SCARD", "big");
    for (const c of ["abc", "1.5", "", "-9223372036854775808", "9223372036854775808"]) {
      await t.same("SRANDMEMBER", "s", c);
      await t.same("SRANDMEMBER", "missing", c);
    }
    await t.same("SRANDMEMBER", "s", "1", "2");
    await t.same("SRANDMEMBER", "missing", "1", "2");
  }));
