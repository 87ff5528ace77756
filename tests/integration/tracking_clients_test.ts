/**
 * Client-side caching with real clients over real sockets: node-redis's own client-side cache
 * (RESP3 CLIENT TRACKING, invalidation pushes), ioredis in RESP2 with REDIRECT to a
 * connection subscribed to `__redis__:invalidate`, BCAST to many clients, and the
 * tracking-table-max-keys limit.
 */
import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { createClient } from "redis";
import { RawClient } from "../helpers/raw_client.ts";
import { startRespire } from "../helpers/servers.ts";
import { until } from "../helpers/wait.ts";

Deno.test("node-redis client-side cache: hits until another client writes, then fresh values", async () => {
  await using server = await startRespire();
  const url = `redis://127.0.0.1:${server.port}`;
  const cached = createClient({ url, RESP: 3, clientSideCache: { ttl: 0, maxEntries: 0 } });
  const writer = createClient({ url });
  await cached.connect();
  await writer.connect();
  try {
    await writer.set("user:1", "alice");
    await writer.hSet("profile:1", { name: "alice", age: "30" });
    assert.equal(await cached.get("user:1"), "alice");
    assert.deepEqual(await cached.hGetAll("profile:1"), { name: "alice", age: "30" });
    // served from the local cache: the server sees no command
    const served = (await writer.info("stats")).match(/total_commands_processed:(\d+)/)![1];
    for (let i = 0; i < 10; i++) assert.equal(await cached.get("user:1"), "alice");
    const after = (await writer.info("stats")).match(/total_commands_processed:(\d+)/)![1];
    assert.equal(Number(after), Number(served) + 1); // only the second INFO
    const csc = cached.clientSideCache!;
    assert.equal(csc.stats().hitCount, 10);

    await writer.set("user:1", "bob");
    await until(() => csc.size() < 2);
    assert.equal(await cached.get("user:1"), "bob");
    await writer.hSet("profile:1", "age", "31");
    await until(() => csc.size() < 2);
    assert.deepEqual(await cached.hGetAll("profile:1"), { name: "alice", age: "31" });

    // FLUSHALL: the server tells the client to drop everything
    assert.equal(csc.size(), 2);
    await writer.flushAll();
    await until(() => csc.size() === 0);
    assert.equal(await cached.get("user:1"), null);

    // the cache's own writes invalidate its copies too
    await cached.set("own", "1");
    assert.equal(await cached.get("own"), "1");
    await cached.set("own", "2");
    await until(() => csc.size() === 1 && csc.stats().evictionCount > 0);
    assert.equal(await cached.get("own"), "2");

    const info = await writer.sendCommand(["CLIENT", "LIST"]);
    assert.match(String(info), /flags=t /);
  } finally {
    await cached.quit();
    await writer.quit();
  }
});

Deno.test("ioredis RESP2: REDIRECT to a __redis__:invalidate subscriber", async () => {
  await using server = await startRespire();
  const opts = { port: server.port, host: "127.0.0.1", lazyConnect: true };
  const data = new Redis(opts);
  const inval = new Redis(opts);
  const writer = new Redis(opts);
  try {
    await data.connect();
    await inval.connect();
    await writer.connect();
    const got: string[] = [];
    inval.on("message", (channel: string, message: unknown) => {
      got.push(`${channel} ${JSON.stringify(message)}`);
    });
    const id = Number(await inval.call("CLIENT", "ID"));
    await inval.subscribe("__redis__:invalidate");
    assert.equal(await data.call("CLIENT", "TRACKING", "ON", "REDIRECT", String(id)), "OK");
    assert.equal(await data.call("CLIENT", "GETREDIR"), id);
    await data.get("a");
    await data.mget("b", "c");
    await writer.set("a", "1");
    await writer.mset("b", "1", "c", "2", "d", "3");
    await until(() => got.length === 3);
    // the message is an array of keys (ioredis hands over a one-key array as the key)
    assert.deepEqual(got, [
      '__redis__:invalidate "a"',
      '__redis__:invalidate "b"',
      '__redis__:invalidate "c"',
    ]);
    // a key is reported once per read
    await writer.set("a", "2");
    await data.get("a");
    await writer.flushdb();
    await until(() => got.length === 4);
    // the flush message carries a null instead of keys (ioredis turns it into "")
    assert.equal(got[3], `__redis__:invalidate ""`);
    await writer.set("a", "3");
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(got.length, 4);
    assert.deepEqual(await data.call("CLIENT", "TRACKINGINFO"), [
      "flags",
      ["on"],
      "redirect",
      id,
      "prefixes",
      [],
    ]);
  } finally {
    data.disconnect();
    inval.disconnect();
    writer.disconnect();
  }
});

Deno.test("BCAST: 20 RESP3 clients hear about every change under their prefixes", async () => {
  await using server = await startRespire();
  const clients: RawClient[] = [];
  try {
    for (let i = 0; i < 20; i++) {
      const c = await RawClient.connect(server.port);
      await c.call("HELLO", "3");
      const prefix = i % 2 === 0 ? "even:" : "odd:";
      assert.equal(await c.call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", prefix), "+OK\r\n");
      clients.push(c);
    }
    const writer = await RawClient.connect(server.port);
    for (let n = 0; n < 50; n++) {
      await writer.call("SET", `${n % 2 === 0 ? "even" : "odd"}:${n}`, String(n));
    }
    writer.close();
    for (let i = 0; i < clients.length; i++) {
      const keys: string[] = [];
      while (keys.length < 25) {
        const { reply } = await clients[i].read();
        assert.equal(reply.type, "push");
        const items = (reply as { items: { type: string; items?: { value: string }[] }[] })
          .items;
        for (const k of items[1].items!) keys.push(String(k.value));
      }
      const parity = i % 2 === 0 ? 0 : 1;
      const expected = Array.from({ length: 25 }, (_, j) => j * 2 + parity)
        .map((n) => `${parity === 0 ? "even" : "odd"}:${n}`);
      assert.deepEqual(keys, expected);
    }
  } finally {
    for (const c of clients) c.close();
  }
});

Deno.test("tracking-table-max-keys: the table is held to its size by invalidating keys", async () => {
  await using server = await startRespire({ config: { "tracking-table-max-keys": "10" } });
  const c = await RawClient.connect(server.port);
  const info = await RawClient.connect(server.port);
  try {
    await c.call("HELLO", "3");
    await c.call("CLIENT", "TRACKING", "on");
    for (let i = 0; i < 30; i++) await c.send("GET", `k${i}`);
    await c.send("PING");
    // the GETs' replies, with an invalidation for each key pushed out of the table
    let pushes = 0;
    let replies = 0;
    for (;;) {
      const { raw } = await c.read();
      if (raw === "+PONG\r\n") break;
      if (raw.startsWith(">2\r\n$10\r\ninvalidate\r\n")) pushes++;
      else replies++;
    }
    assert.equal(replies, 30);
    assert.equal(pushes, 20);
    const stats = await info.call("INFO", "stats");
    assert.match(stats, /tracking_total_keys:10\r\n/);
    assert.match(stats, /tracking_total_items:10\r\n/);
    assert.match(await info.call("INFO", "clients"), /tracking_clients:1\r\n/);
  } finally {
    c.close();
    info.close();
  }
});
