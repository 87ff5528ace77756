/**
 * Random set command sequences over a few keys and members, so that collisions, intset
 * conversions, wrong types and emptied keys happen often; every reply is compared with
 * Redis's (as multisets where Redis does not define an order, by shape where it is random).
 */
import { compat } from "../helpers/compat.ts";
import { seededRandom } from "../../src/engine/random.ts";

const KEYS = ["s1", "s2", "s3", "str"];
const MEMBERS = ["1", "2", "3", "-5", "10", "a", "b", "", "007", "9223372036854775808"];

Deno.test("compat: random set command sequences", () =>
  compat(async (t) => {
    const rand = seededRandom(7151);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const members = (n: number) => Array.from({ length: n }, () => pick(MEMBERS));
    const keys = (n: number) => Array.from({ length: n }, () => pick(KEYS));
    await t.same("SET", "str", "plain");
    for (let step = 0; step < 1500; step++) {
      const key = pick(KEYS);
      switch (Math.floor(rand() * 17)) {
        case 0:
        case 1:
          await t.same("SADD", key, ...members(1 + Math.floor(rand() * 4)));
          break;
        case 2:
          await t.same("SREM", key, ...members(1 + Math.floor(rand() * 3)));
          break;
        case 3:
          await t.same("SISMEMBER", key, pick(MEMBERS));
          break;
        case 4:
          await t.same("SMISMEMBER", key, ...members(1 + Math.floor(rand() * 3)));
          break;
        case 5:
          await t.same(pick(["SCARD", "TYPE", "EXISTS"]), key);
          break;
        case 6:
          await t.sameUnordered("SMEMBERS", key);
          break;
        case 7:
          await t.same("SMOVE", key, pick(KEYS), pick(MEMBERS));
          break;
        case 8:
          await t.sameUnordered(
            pick(["SINTER", "SUNION", "SDIFF"]),
            ...keys(1 + Math.floor(rand() * 3)),
          );
          break;
        case 9:
          await t.same(
            pick(["SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"]),
            key,
            ...keys(1 + Math.floor(rand() * 3)),
          );
          break;
        case 10: {
          const n = 1 + Math.floor(rand() * 3);
          await t.same("SINTERCARD", String(n), ...keys(n), ...pick([[], ["LIMIT", "1"]]));
          break;
        }
        case 11:
          await t.sameShape("SRANDMEMBER", key, ...pick([[], ["2"], ["-3"], ["1"]]));
          break;
        case 12:
          await t.sameUnordered("SRANDMEMBER", key, "50");
          break;
        case 13:
          // popping everything is deterministic in content
          await t.sameUnordered("SPOP", key, "50");
          break;
        case 14:
          await t.same("OBJECT", "ENCODING", key);
          break;
        case 15:
          await t.sameUnordered("SSCAN", key, "0", "COUNT", "100");
          break;
        case 16:
          await t.same(pick(["SADD", "SREM", "SISMEMBER", "SMOVE", "SINTERCARD"]), key);
          break;
      }
    }
  }, { config: { "set-max-intset-entries": "4" } }));
