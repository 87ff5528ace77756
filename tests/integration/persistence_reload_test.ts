/**
 * DEBUG RELOAD (save, flush, load back) and its MERGE / NOFLUSH / NOSAVE options, and the
 * SAVE / BGSAVE / LASTSAVE replies, compared byte for byte with redis-server, each server
 * working in its own data directory.
 */
import { Pair } from "../helpers/compat.ts";
import { RawClient } from "../helpers/raw_client.ts";
import { redisIn, respireIn, tempDir } from "./persistence_helpers.ts";

async function withPair(body: (t: Pair) => Promise<void>): Promise<void> {
  const dirs = [tempDir(), tempDir()];
  await using redis = await redisIn(dirs[0]);
  await using respire = await respireIn(dirs[1]);
  const t = new Pair(await RawClient.connect(redis.port), await RawClient.connect(respire.port));
  try {
    await body(t);
  } finally {
    t.redis.close();
    t.respire.close();
    for (const d of dirs) Deno.removeSync(d, { recursive: true });
  }
}

async function waitIdle(t: Pair): Promise<void> {
  for (const c of [t.redis, t.respire]) {
    for (;;) {
      const raw = await c.call("INFO", "persistence");
      if (raw.includes("rdb_bgsave_in_progress:0")) break;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

Deno.test("persistence: DEBUG RELOAD and its options behave as in redis-server", () =>
  withPair(async (t) => {
    await t.same("SET", "a", "1");
    await t.same("HSET", "h", "f", "v", "n", "12");
    await t.same("RPUSH", "l", "1", "two", "3");
    await t.same("SADD", "s", "x", "7");
    await t.same("ZADD", "z", "1.5", "m", "-2", "n");
    await t.same("SET", "t", "v", "PX", "100000");
    await t.same("DEBUG", "RELOAD");
    await t.same("DBSIZE");
    await t.same("GET", "a");
    await t.same("HGETALL", "h");
    await t.same("LRANGE", "l", "0", "-1");
    await t.sameUnordered("SMEMBERS", "s");
    await t.same("ZRANGE", "z", "0", "-1", "WITHSCORES");
    await t.sameShape("PTTL", "t");
    await t.same("OBJECT", "ENCODING", "h");
    await t.same("DEBUG", "RELOAD", "BOGUS");
    await t.same("DEBUG", "reload", "nosave", "extra");
    // NOSAVE: the file on disk replaces memory
    await t.same("SET", "b", "2");
    await t.same("DEBUG", "RELOAD", "NOSAVE");
    await t.same("EXISTS", "b");
    await t.same("DBSIZE");
    // NOSAVE NOFLUSH MERGE: the file is added to memory, its keys win
    await t.same("SET", "c", "3");
    await t.same("SET", "a", "changed");
    await t.same("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE");
    await t.same("GET", "c");
    await t.same("GET", "a");
    await t.same("DBSIZE");
  }));

Deno.test("persistence: SAVE, BGSAVE and LASTSAVE replies as in redis-server", () =>
  withPair(async (t) => {
    await t.same("SET", "k", "v");
    await t.same("SAVE");
    await t.same("SAVE", "extra");
    await t.same("BGSAVE", "NOW");
    await t.same("BGSAVE", "SCHEDULE", "extra");
    await t.same("BGSAVE");
    await waitIdle(t);
    await t.same("BGSAVE", "SCHEDULE");
    await waitIdle(t);
    await t.sameShape("LASTSAVE");
    await t.same("LASTSAVE", "extra");
    await t.same("COMMAND", "INFO", "save", "bgsave", "lastsave", "dump", "restore");
  }));
