/**
 * The keyspace commands on every value type. Each section needs the family that creates the
 * type and is skipped (visibly, as "ignored") until that family is registered.
 */
import { registry } from "../../src/commands/registry.ts";
import "../../src/commands/mod.ts";
import { compat, type Pair } from "../helpers/compat.ts";

interface TypeCase {
  label: string;
  type: string;
  /** Builds key with n elements. */
  create: (t: Pair, key: string, n: number) => Promise<void>;
  /** Reads the whole value, compared unordered. */
  read: string[];
  /** A write that changes the value, to prove COPY made a deep copy. */
  mutate: string[];
}

const CASES: TypeCase[] = [
  {
    label: "list",
    type: "list",
    create: async (t, key, n) => {
      for (let i = 0; i < n; i++) await t.same("RPUSH", key, `item${i}`);
    },
    read: ["LRANGE", "$", "0", "-1"],
    mutate: ["RPUSH", "$", "extra"],
  },
  {
    label: "hash",
    type: "hash",
    create: async (t, key, n) => {
      for (let i = 0; i < n; i++) await t.same("HSET", key, `f${i}`, `v${i}`);
    },
    read: ["HGETALL", "$"],
    mutate: ["HSET", "$", "extra", "x"],
  },
  {
    label: "set of strings",
    type: "set",
    create: async (t, key, n) => {
      for (let i = 0; i < n; i++) await t.same("SADD", key, `m${i}`);
    },
    read: ["SMEMBERS", "$"],
    mutate: ["SADD", "$", "extra"],
  },
  {
    label: "set of integers",
    type: "set",
    create: async (t, key, n) => {
      for (let i = 0; i < n; i++) await t.same("SADD", key, String(i));
    },
    read: ["SMEMBERS", "$"],
    mutate: ["SADD", "$", "12345"],
  },
  {
    label: "zset",
    type: "zset",
    create: async (t, key, n) => {
      for (let i = 0; i < n; i++) await t.same("ZADD", key, String(i), `m${i}`);
    },
    read: ["ZRANGE", "$", "0", "-1", "WITHSCORES"],
    mutate: ["ZADD", "$", "99999", "extra"],
  },
];

const creator: Record<string, string> = {
  list: "rpush",
  hash: "hset",
  set: "sadd",
  zset: "zadd",
};

function withKey(args: string[], key: string): string[] {
  return args.map((a) => a === "$" ? key : a);
}

for (const tc of CASES) {
  const missing = [creator[tc.type], tc.read[0], tc.mutate[0]]
    .filter((name) => !registry.commands.has(name.toLowerCase()));
  Deno.test({
    name: `compat: keyspace commands on ${tc.label} values`,
    ignore: missing.length > 0,
    fn: () =>
      compat(async (t) => {
        for (const n of [3, 300]) {
          await t.same("FLUSHALL");
          await tc.create(t, "v", n);
          await t.same("TYPE", "v");
          await t.same("OBJECT", "ENCODING", "v");
          await t.same("OBJECT", "REFCOUNT", "v");
          await t.same("EXISTS", "v");
          await t.same("EXPIRE", "v", "100");
          await t.same("COPY", "v", "c");
          await t.same("TYPE", "c");
          await t.same("OBJECT", "ENCODING", "c");
          await t.same("TTL", "c");
          await t.sameUnordered(...withKey(tc.read, "c"));
          await t.same(...withKey(tc.mutate, "c"));
          await t.sameUnordered(...withKey(tc.read, "v"));
          await t.sameUnordered(...withKey(tc.read, "c"));
          await t.same("SET", "s", "string");
          await t.sameUnordered("SCAN", "0", "TYPE", tc.type, "COUNT", "100");
          await t.sameUnordered("SCAN", "0", "TYPE", "string", "COUNT", "100");
          await t.same("RENAME", "c", "r");
          await t.same("TYPE", "r");
          await t.same("OBJECT", "ENCODING", "r");
          await t.same("MOVE", "r", "3");
          await t.same("COPY", "v", "s", "DB", "3");
          await t.same("COPY", "v", "s", "REPLACE");
          await t.same("TYPE", "s");
          await t.same("SELECT", "3");
          await t.same("TYPE", "r");
          await t.sameUnordered(...withKey(tc.read, "r"));
          await t.same("SELECT", "0");
          await t.same("DEL", "v", "s", "r");
          await t.same("TYPE", "v");
        }
      }),
  });
}
