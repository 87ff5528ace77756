/**
 * Pub/Sub with real clients over real sockets: ioredis (RESP2) subscribers with channels and
 * patterns, node-redis in RESP2 and RESP3 (push frames), and redis-cli in SUBSCRIBE mode.
 */
import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { createClient } from "redis";
import { startRespire } from "../helpers/servers.ts";
import { until } from "../helpers/wait.ts";

Deno.test("ioredis: SUBSCRIBE / PSUBSCRIBE / SSUBSCRIBE, messages in order, UNSUBSCRIBE", async () => {
  await using server = await startRespire();
  const opts = { port: server.port, host: "127.0.0.1", lazyConnect: true };
  const sub = new Redis(opts);
  const pub = new Redis(opts);
  try {
    await sub.connect();
    await pub.connect();
    const got: string[] = [];
    sub.on("message", (ch: string, msg: string) => got.push(`message ${ch} ${msg}`));
    sub.on(
      "pmessage",
      (p: string, ch: string, msg: string) => got.push(`pmessage ${p} ${ch} ${msg}`),
    );
    sub.on("smessage", (ch: string, msg: string) => got.push(`smessage ${ch} ${msg}`));
    assert.equal(await sub.subscribe("news", "sport"), 2);
    assert.equal(await sub.psubscribe("weather.*"), 3);
    assert.equal(await sub.ssubscribe("shard"), 1);
    assert.equal(await pub.publish("news", "first"), 1);
    assert.equal(await pub.publish("weather.rome", "sunny"), 1);
    assert.equal(await pub.publish("nobody", "x"), 0);
    assert.equal(await pub.spublish("shard", "s1"), 1);
    for (let i = 0; i < 100; i++) await pub.publish("sport", `goal ${i}`);
    await until(() => got.length === 103);
    assert.deepEqual(got.slice(0, 4), [
      "message news first",
      "pmessage weather.* weather.rome sunny",
      "smessage shard s1",
      "message sport goal 0",
    ]);
    assert.deepEqual(
      got.slice(3),
      Array.from({ length: 100 }, (_, i) => `message sport goal ${i}`),
    );
    assert.deepEqual(await pub.pubsub("NUMSUB", "news", "sport"), ["news", 1, "sport", 1]);
    assert.equal(await pub.pubsub("NUMPAT"), 1);
    await sub.unsubscribe("news");
    assert.equal(await pub.publish("news", "gone"), 0);
    // (ioredis waits forever on a bare UNSUBSCRIBE while patterns remain, with Redis too)
    await sub.unsubscribe("sport");
    await sub.punsubscribe("weather.*");
    await sub.sunsubscribe("shard");
    // out of subscribed mode: ordinary commands work again
    assert.equal(await sub.set("k", "v"), "OK");
  } finally {
    sub.disconnect();
    pub.disconnect();
  }
});

Deno.test("node-redis: subscribers in RESP2 and RESP3", async () => {
  await using server = await startRespire();
  const url = `redis://127.0.0.1:${server.port}`;
  for (const RESP of [2, 3] as const) {
    const sub = createClient({ url, RESP });
    const pub = createClient({ url, RESP });
    sub.on("error", () => {});
    pub.on("error", () => {});
    try {
      await sub.connect();
      await pub.connect();
      const got: string[] = [];
      await sub.subscribe("chat", (msg, ch) => got.push(`${ch}:${msg}`));
      await sub.pSubscribe("room.*", (msg, ch) => got.push(`p ${ch}:${msg}`));
      assert.equal(await pub.publish("chat", "hi"), 1);
      assert.equal(await pub.publish("room.1", "hey"), 1);
      await until(() => got.length === 2);
      assert.deepEqual(got, ["chat:hi", "p room.1:hey"]);
      if (RESP === 3) {
        // RESP3: the subscribed connection keeps running ordinary commands
        assert.equal(await sub.set("k", "v"), "OK");
        assert.equal(await sub.get("k"), "v");
      }
      await sub.unsubscribe("chat");
      await sub.pUnsubscribe();
      assert.equal(await pub.publish("chat", "late"), 0);
    } finally {
      sub.destroy();
      pub.destroy();
    }
  }
});

Deno.test("redis-cli: SUBSCRIBE prints the confirmation and the messages", async () => {
  await using server = await startRespire();
  const child = new Deno.Command("redis-cli", {
    args: ["-p", String(server.port), "SUBSCRIBE", "alerts"],
    stdout: "piped",
    stderr: "null",
    stdin: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const pub = new Redis({ port: server.port, host: "127.0.0.1", lazyConnect: true });
  try {
    await pub.connect();
    // wait for the subscription, then publish
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const r = await reader.read();
        if (r.done) throw new Error(`redis-cli ended:\n${text}`);
        text += r.value;
      }
    };
    await readUntil("alerts\n1\n");
    assert.equal(await pub.publish("alerts", "disk full"), 1);
    assert.equal(await pub.publish("alerts", "disk fine"), 1);
    await readUntil("disk fine\n");
    // redis-cli's raw output (stdout is not a terminal): one line per element
    assert.equal(
      text,
      "subscribe\nalerts\n1\nmessage\nalerts\ndisk full\nmessage\nalerts\ndisk fine\n",
    );
  } finally {
    pub.disconnect();
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
    await reader.cancel().catch(() => {});
    await child.status;
  }
});
