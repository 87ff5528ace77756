/**
 * Random list command sequences against real Redis 7.0: a few keys (one of them a string, for
 * WRONGTYPE) and a few values, so that pivots, repeats, emptied keys and out-of-range indexes
 * come up all the time. Every reply must be byte-identical, and so must the keyspace hit/miss
 * counters at the end.
 */
import assert from "node:assert/strict";
import { compat, type Pair } from "../helpers/compat.ts";
import { seededRandom } from "../../src/engine/random.ts";

const KEYS = ["l1", "l2", "l3", "str"];
const VALUES = ["a", "b", "c", "", "\x00\xff"];
const INDEXES = ["0", "1", "-1", "2", "-3", "5", "-10", "100", "x"];

function generator(seed: number) {
  const rand = seededRandom(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const values = () => Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(VALUES));
  const end = () => pick(["LEFT", "RIGHT", "left", "UP"]);
  const commands: (() => string[])[] = [
    () => [pick(["LPUSH", "RPUSH"]), pick(KEYS), ...values()],
    () => [pick(["LPUSH", "RPUSH"]), pick(KEYS), ...values()],
    () => [pick(["LPUSHX", "RPUSHX"]), pick(KEYS), ...values()],
    () => [pick(["LPOP", "RPOP"]), pick(KEYS)],
    () => [pick(["LPOP", "RPOP"]), pick(KEYS), pick(["0", "1", "2", "10", "-1"])],
    () => ["LLEN", pick(KEYS)],
    () => ["LRANGE", pick(KEYS), pick(INDEXES), pick(INDEXES)],
    () => ["LINDEX", pick(KEYS), pick(INDEXES)],
    () => ["LSET", pick(KEYS), pick(INDEXES), pick(VALUES)],
    () => ["LINSERT", pick(KEYS), pick(["BEFORE", "AFTER", "after", "x"]), pick(VALUES), "new"],
    () => ["LREM", pick(KEYS), pick(["0", "1", "-1", "2", "-2"]), pick(VALUES)],
    () => ["LTRIM", pick(KEYS), pick(INDEXES), pick(INDEXES)],
    () => {
      const opts: string[] = [];
      if (rand() < 0.5) opts.push("RANK", pick(["1", "2", "-1", "-2", "0"]));
      if (rand() < 0.5) opts.push("COUNT", pick(["0", "1", "2"]));
      if (rand() < 0.3) opts.push("MAXLEN", pick(["0", "1", "3"]));
      return ["LPOS", pick(KEYS), pick(VALUES), ...opts];
    },
    () => ["LMOVE", pick(KEYS), pick(KEYS), end(), end()],
    () => ["RPOPLPUSH", pick(KEYS), pick(KEYS)],
    () => {
      const n = 1 + Math.floor(rand() * 3);
      const keys = Array.from({ length: n }, () => pick(KEYS));
      const count = rand() < 0.5 ? ["COUNT", pick(["1", "2", "5"])] : [];
      return ["LMPOP", String(n), ...keys, end(), ...count];
    },
    // blocking forms that find data or fail at once never wait: a missing source is avoided
    () => ["BLPOP", "str", pick(KEYS), "0.01"],
    () => ["EXISTS", ...KEYS],
    () => ["TYPE", pick(KEYS)],
  ];
  return () => pick(commands)();
}

async function run(t: Pair, seed: number, steps: number): Promise<void> {
  const next = generator(seed);
  await t.same("SET", "str", "not a list");
  for (let i = 0; i < steps; i++) await t.same(...next());
  for (const key of KEYS) {
    await t.same("TYPE", key);
    if (key !== "str") await t.same("LRANGE", key, "0", "-1");
  }
  const [a, b] = await t.both("INFO", "stats");
  const counters = (info: string) =>
    ["keyspace_hits", "keyspace_misses"].map((f) => new RegExp(`${f}:(\\d+)`).exec(info)?.[1]);
  assert.deepEqual(counters(b), counters(a), "keyspace hit/miss counters differ");
}

Deno.test("compat: random list command sequences match Redis", () =>
  compat(async (t) => {
    for (let seed = 1; seed <= 4; seed++) {
      await t.same("FLUSHALL");
      await t.same("CONFIG", "RESETSTAT");
      await run(t, seed, 300);
    }
  }));
