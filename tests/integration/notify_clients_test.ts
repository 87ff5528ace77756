/**
 * Keyspace notifications with real clients over real sockets: ioredis (RESP2) pattern
 * subscribers, node-redis in RESP3, events from active expiry with nobody touching the keys,
 * notify-keyspace-events from the config file and changed at runtime.
 */
import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { createClient } from "redis";
import { startRespire } from "../helpers/servers.ts";
import { until } from "../helpers/wait.ts";

Deno.test("ioredis: keyspace and keyevent channels, classes changed at runtime", async () => {
  await using server = await startRespire();
  const opts = { port: server.port, host: "127.0.0.1", lazyConnect: true };
  const sub = new Redis(opts);
  const cmd = new Redis(opts);
  try {
    await sub.connect();
    await cmd.connect();
    const got: string[] = [];
    sub.on("pmessage", (_p: string, channel: string, message: string) => {
      got.push(`${channel} ${message}`);
    });
    await sub.psubscribe("__key*__:*");
    // off by default
    await cmd.set("quiet", "1");
    assert.equal(await cmd.config("SET", "notify-keyspace-events", "KEA"), "OK");
    assert.deepEqual(await cmd.config("GET", "notify-keyspace-events"), [
      "notify-keyspace-events",
      "AKE",
    ]);
    await cmd.set("k", "v");
    await cmd.lpush("l", "a", "b");
    await cmd.hset("h", "f", "v");
    await cmd.zadd("z", 1, "m");
    await cmd.rename("k", "k2");
    await cmd.del("k2", "l");
    await until(() => got.length === 16);
    assert.deepEqual(got, [
      "__keyspace@0__:k set",
      "__keyevent@0__:set k",
      "__keyspace@0__:l lpush",
      "__keyevent@0__:lpush l",
      "__keyspace@0__:h hset",
      "__keyevent@0__:hset h",
      "__keyspace@0__:z zadd",
      "__keyevent@0__:zadd z",
      "__keyspace@0__:k rename_from",
      "__keyevent@0__:rename_from k",
      "__keyspace@0__:k2 rename_to",
      "__keyevent@0__:rename_to k2",
      "__keyspace@0__:k2 del",
      "__keyevent@0__:del k2",
      "__keyspace@0__:l del",
      "__keyevent@0__:del l",
    ]);
    got.length = 0;
    // only keyevent, only lists
    await cmd.config("SET", "notify-keyspace-events", "El");
    await cmd.set("ignored", "1");
    await cmd.rpush("l2", "x");
    await until(() => got.length === 1);
    assert.deepEqual(got, ["__keyevent@0__:rpush l2"]);
  } finally {
    sub.disconnect();
    cmd.disconnect();
  }
});

Deno.test("node-redis RESP3: expired events from active expiry arrive without any access", async () => {
  await using server = await startRespire({ config: { "notify-keyspace-events": "Ex" } });
  const url = `redis://127.0.0.1:${server.port}`;
  const sub = createClient({ url, RESP: 3 });
  const cmd = createClient({ url, RESP: 3 });
  await sub.connect();
  await cmd.connect();
  try {
    const expired: string[] = [];
    await sub.subscribe("__keyevent@0__:expired", (key) => expired.push(key));
    // RESP3 lets the subscriber run commands meanwhile
    assert.equal(await sub.ping(), "PONG");
    for (let i = 0; i < 20; i++) await cmd.set(`temp:${i}`, "v", { PX: 20 + i });
    await cmd.set("lasting", "v", { EX: 100 });
    await until(() => expired.length === 20);
    assert.deepEqual([...expired].sort(), Array.from({ length: 20 }, (_, i) => `temp:${i}`).sort());
    assert.equal(await cmd.dbSize(), 1);
  } finally {
    await sub.quit();
    await cmd.quit();
  }
});

Deno.test("new-key and keymiss events are opt-in (n, m)", async () => {
  await using server = await startRespire({ config: { "notify-keyspace-events": "KEA" } });
  const opts = { port: server.port, host: "127.0.0.1", lazyConnect: true };
  const sub = new Redis(opts);
  const cmd = new Redis(opts);
  try {
    await sub.connect();
    await cmd.connect();
    const got: string[] = [];
    sub.on("pmessage", (_p: string, channel: string, message: string) => {
      got.push(`${channel} ${message}`);
    });
    await sub.psubscribe("__keyevent@*__:*");
    await cmd.get("nothing");
    await cmd.set("a", "1");
    await cmd.config("SET", "notify-keyspace-events", "KEAnm");
    await cmd.get("nothing");
    await cmd.set("b", "1");
    await cmd.set("b", "2");
    await until(() => got.length === 5);
    assert.deepEqual(got, [
      "__keyevent@0__:set a",
      "__keyevent@0__:keymiss nothing",
      "__keyevent@0__:new b",
      "__keyevent@0__:set b",
      "__keyevent@0__:set b",
    ]);
  } finally {
    sub.disconnect();
    cmd.disconnect();
  }
});
