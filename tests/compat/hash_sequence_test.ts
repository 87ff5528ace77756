/**
 * Random hash command sequences over a few keys and fields, so that collisions, conversions,
 * wrong types and emptied keys happen often; every reply is compared with Redis's.
 */
import { compat } from "../helpers/compat.ts";
import { seededRandom } from "../../src/engine/random.ts";

const KEYS = ["h1", "h2", "h3", "str"];
const FIELDS = ["a", "b", "c", "d", "e", "1", "", "long-field-name"];
const VALUES = ["1", "-7", "x", "", "3.5", "9223372036854775807", "0.1", "vvvvvvvvvvvv"];
const INCRS = ["1", "-1", "100", "abc", "9223372036854775807", "-9223372036854775808"];
const FLOAT_INCRS = ["0.1", "-2.5", "1e3", "abc", "inf", "0x10", "5e-18"];

Deno.test("compat: random hash command sequences", () =>
  compat(async (t) => {
    const rand = seededRandom(20240611);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const fields = (n: number) => Array.from({ length: n }, () => pick(FIELDS));
    await t.same("SET", "str", "plain");
    for (let step = 0; step < 1500; step++) {
      const key = pick(KEYS);
      switch (Math.floor(rand() * 17)) {
        case 0:
        case 1: {
          const args: string[] = [];
          const n = 1 + Math.floor(rand() * 3);
          for (let i = 0; i < n; i++) args.push(pick(FIELDS), pick(VALUES));
          await t.same(pick(["HSET", "HMSET"]), key, ...args);
          break;
        }
        case 2:
          await t.same("HSETNX", key, pick(FIELDS), pick(VALUES));
          break;
        case 3:
          await t.same("HDEL", key, ...fields(1 + Math.floor(rand() * 3)));
          break;
        case 4:
          await t.same("HGET", key, pick(FIELDS));
          break;
        case 5:
          await t.same("HMGET", key, ...fields(1 + Math.floor(rand() * 3)));
          break;
        case 6:
          await t.same(pick(["HLEN", "TYPE", "EXISTS"]), key);
          break;
        case 7:
          await t.same(pick(["HEXISTS", "HSTRLEN"]), key, pick(FIELDS));
          break;
        case 8:
          await t.sameUnordered(pick(["HGETALL", "HKEYS", "HVALS"]), key);
          break;
        case 9:
          await t.same("HINCRBY", key, pick(FIELDS), pick(INCRS));
          break;
        case 10:
          await t.same("HINCRBYFLOAT", key, pick(FIELDS), pick(FLOAT_INCRS));
          break;
        case 11:
          await t.sameShape("HRANDFIELD", key, ...pick([[], ["2"], ["-3"], ["2", "WITHVALUES"]]));
          break;
        case 12:
          await t.sameUnordered("HRANDFIELD", key, "50", ...pick([[], ["WITHVALUES"]]));
          break;
        case 13:
          await t.sameUnordered("HSCAN", key, "0", "COUNT", "100");
          break;
        case 14:
          await t.same("OBJECT", "ENCODING", key);
          break;
        case 15:
          await t.same("DEL", key);
          break;
        case 16:
          await t.same(pick(["HSET", "HGET", "HDEL", "HINCRBY"]), key);
          break;
      }
    }
  }, { config: { "hash-max-listpack-entries": "4", "hash-max-listpack-value": "10" } }));
