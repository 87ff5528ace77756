/**
 * Pub/Sub against redis-server 7.0 over raw connections, RESP2 and RESP3: confirmations and
 * their counts, message / pmessage / smessage frames (pushes in RESP3), PUBLISH receiver
 * counts, what a subscribed RESP2 client may still run, and PUBSUB's introspection.
 */
import assert from "node:assert/strict";
import { compatConnections, Pair } from "../helpers/compat.ts";
import { RawClient } from "../helpers/raw_client.ts";
import { startRedis, startRespire } from "../helpers/servers.ts";

const withConnections = compatConnections;

/** Sends a command to both servers and compares the next `n` frames each sends back. */
async function sameFrames(p: Pair, n: number, ...args: string[]): Promise<void> {
  await Promise.all([p.redis.send(...args), p.respire.send(...args)]);
  await expectFrames(p, n, args.join(" "));
}

/** Reads `n` frames from both servers (replies or pushes) and compares them. */
async function expectFrames(p: Pair, n: number, what = "pushes"): Promise<void> {
  for (let i = 0; i < n; i++) {
    const [a, b] = await Promise.all([p.redis.read(), p.respire.read()]);
    assert.equal(b.raw, a.raw, `frame ${i + 1} of ${what} differs`);
  }
}

/**
 * Like expectFrames, ignoring the order: Redis delivers pattern matches in the order of its
 * pattern hash table, which is seeded at random on every start.
 */
async function expectFramesUnordered(p: Pair, n: number): Promise<void> {
  const a: string[] = [];
  const b: string[] = [];
  for (let i = 0; i < n; i++) {
    const [x, y] = await Promise.all([p.redis.read(), p.respire.read()]);
    a.push(x.raw);
    b.push(y.raw);
  }
  assert.deepEqual(b.sort(), a.sort(), "pushes differ");
}

Deno.test("compat: SUBSCRIBE / PSUBSCRIBE / SSUBSCRIBE confirmations and counts", () =>
  withConnections(async (open) => {
    const s = await open();
    // unsubscribing without subscriptions: one confirmation with a null name, or one per name
    await sameFrames(s, 1, "UNSUBSCRIBE");
    await sameFrames(s, 1, "PUNSUBSCRIBE");
    await sameFrames(s, 1, "SUNSUBSCRIBE");
    await sameFrames(s, 2, "UNSUBSCRIBE", "a", "b");
    await sameFrames(s, 3, "SUBSCRIBE", "a", "b", "a");
    await sameFrames(s, 2, "PSUBSCRIBE", "p*", "a");
    await sameFrames(s, 2, "SSUBSCRIBE", "s1", "s2");
    await sameFrames(s, 1, "UNSUBSCRIBE", "b");
    await sameFrames(s, 2, "PUNSUBSCRIBE", "p*", "nope");
    await sameFrames(s, 1, "SUNSUBSCRIBE", "s2");
    // without arguments: every remaining one (one of each here, so the order is fixed)
    await sameFrames(s, 1, "UNSUBSCRIBE");
    await sameFrames(s, 1, "PUNSUBSCRIBE");
    await sameFrames(s, 1, "SUNSUBSCRIBE");
    await sameFrames(s, 1, "UNSUBSCRIBE");
    await s.same("PING");
    await sameFrames(s, 1, "SUBSCRIBE", "\x00\xff binary");
    await sameFrames(s, 1, "UNSUBSCRIBE");
  }));

Deno.test("compat: PUBLISH / SPUBLISH delivery, frames and receiver counts", () =>
  withConnections(async (open) => {
    const sub = await open();
    const psub = await open();
    const ssub = await open();
    const pub = await open();
    await sameFrames(sub, 2, "SUBSCRIBE", "news", "other");
    await sameFrames(psub, 2, "PSUBSCRIBE", "n*", "[nm]ews");
    await sameFrames(ssub, 1, "SSUBSCRIBE", "news");
    await pub.same("PUBLISH", "news", "hello");
    await expectFrames(sub, 1);
    await expectFramesUnordered(psub, 2);
    await pub.same("PUBLISH", "other", "\x00binary\r\n");
    await expectFrames(sub, 1);
    await pub.same("PUBLISH", "nothing-listens", "x");
    await expectFrames(psub, 1);
    await pub.same("PUBLISH", "zzz", "x");
    await pub.same("SPUBLISH", "news", "sharded");
    await expectFrames(ssub, 1);
    await pub.same("SPUBLISH", "zzz", "x");
    // a subscriber on both kinds of subscription to the same channel gets both frames
    await sameFrames(sub, 1, "PSUBSCRIBE", "news");
    await pub.same("PUBLISH", "news", "twice");
    await expectFrames(sub, 2);
    await expectFramesUnordered(psub, 2);
    // order is kept across many messages
    for (let i = 0; i < 50; i++) await pub.same("PUBLISH", "other", `m${i}`);
    await expectFrames(sub, 50);
    // after unsubscribing nothing more arrives (the next frame is the PING reply)
    await sameFrames(sub, 2, "UNSUBSCRIBE", "news", "other");
    await sameFrames(sub, 1, "PUNSUBSCRIBE");
    await pub.same("PUBLISH", "other", "late");
    await sub.same("PING");
  }));

Deno.test("compat: what a subscribed client may run (RESP2 restrictions, RESP3 freedom)", () =>
  withConnections(async (open, proto) => {
    const s = await open();
    await sameFrames(s, 1, "SUBSCRIBE", "ch");
    await s.same("PING");
    await s.same("PING", "hello");
    await s.same("GET", "k");
    await s.same("SET", "k", "v");
    await s.same("CLIENT", "GETNAME");
    await s.same("CONFIG", "GET", "maxmemory");
    await s.same("PUBSUB", "NUMSUB", "ch");
    await s.same("MULTI");
    await s.same("EXEC");
    await s.same("NOSUCH");
    await s.same("GET");
    await sameFrames(s, 1, "SSUBSCRIBE", "sh");
    await sameFrames(s, 1, "UNSUBSCRIBE");
    // still subscribed to a shard channel: still restricted in RESP2
    await s.same("GET", "k");
    await sameFrames(s, 1, "SUNSUBSCRIBE");
    await s.same("GET", "k");
    if (proto === 3) {
      // a RESP3 subscriber publishing to itself: the push comes before the reply
      await sameFrames(s, 1, "SUBSCRIBE", "self");
      await sameFrames(s, 2, "PUBLISH", "self", "me");
      // and it is delivered even with replies switched off
      await Promise.all([
        s.redis.send("CLIENT", "REPLY", "OFF"),
        s.respire.send("CLIENT", "REPLY", "OFF"),
      ]);
      await sameFrames(s, 1, "PUBLISH", "self", "silent");
      await s.same("CLIENT", "REPLY", "ON");
    }
    // RESET leaves subscribed mode without confirmations
    await sameFrames(s, 1, "SUBSCRIBE", "again");
    await s.same("RESET");
    await s.same("GET", "k");
  }));

Deno.test("compat: PUBSUB CHANNELS / NUMSUB / NUMPAT / SHARDCHANNELS / SHARDNUMSUB / HELP", () =>
  withConnections(async (open) => {
    const s1 = await open();
    const s2 = await open();
    const q = await open();
    await q.same("PUBSUB", "CHANNELS");
    await q.same("PUBSUB", "NUMPAT");
    await q.same("PUBSUB", "NUMSUB");
    await q.same("PUBSUB", "NUMSUB", "a", "b");
    await q.same("PUBSUB", "SHARDNUMSUB");
    await sameFrames(s1, 3, "SUBSCRIBE", "news.1", "news.2", "sport");
    await sameFrames(s2, 1, "SUBSCRIBE", "news.1");
    await sameFrames(s1, 2, "PSUBSCRIBE", "n*", "s*");
    await sameFrames(s2, 2, "PSUBSCRIBE", "n*", "x");
    await sameFrames(s2, 2, "SSUBSCRIBE", "shard.a", "shard.b");
    await q.sameUnordered("PUBSUB", "CHANNELS");
    await q.sameUnordered("PUBSUB", "CHANNELS", "news.*");
    await q.same("PUBSUB", "CHANNELS", "nomatch*");
    await q.same("PUBSUB", "NUMSUB", "news.1", "news.2", "sport", "none", "n*");
    await q.same("PUBSUB", "NUMPAT");
    await q.sameUnordered("PUBSUB", "SHARDCHANNELS");
    await q.same("PUBSUB", "SHARDCHANNELS", "*.b");
    await q.same("PUBSUB", "SHARDNUMSUB", "shard.a", "news.1");
    await q.same("PUBSUB", "HELP");
    await q.same("PUBSUB", "CHANNELS", "a", "b");
    await q.same("PUBSUB", "SHARDCHANNELS", "a", "b");
    await q.same("PUBSUB", "NUMPAT", "x");
    await q.same("PUBSUB", "HELP", "x");
    await q.same("PUBSUB", "NOSUCH");
    await q.same("PUBSUB");
    await q.same("PUBLISH", "a");
    await q.same("SUBSCRIBE");
    // a disconnected subscriber disappears from the counts
    s2.redis.close();
    s2.respire.close();
    await new Promise((r) => setTimeout(r, 100));
    await q.same("PUBSUB", "NUMSUB", "news.1");
    await q.same("PUBSUB", "NUMPAT");
    await q.same("PUBSUB", "SHARDCHANNELS");
    await q.same("PUBLISH", "news.1", "x");
  }));

Deno.test("compat: idle timeout spares subscribers and MONITOR clients", async () => {
  await using redis = await startRedis(["--timeout", "1"]);
  await using respire = await startRespire({ config: { timeout: "1" } });
  const open = async () =>
    new Pair(await RawClient.connect(redis.port), await RawClient.connect(respire.port));
  const sub = await open();
  const monitor = await open();
  const idle = await open();
  try {
    await sameFrames(sub, 1, "SUBSCRIBE", "ch");
    await monitor.same("MONITOR");
    await idle.same("PING");
    await new Promise((r) => setTimeout(r, 2600));
    const closed = async (c: RawClient) => await c.waitClosed(500);
    assert.deepEqual(
      await Promise.all([closed(idle.redis), closed(idle.respire)]),
      [true, true],
      "the idle client is closed by both",
    );
    await sub.same("PING");
    assert.match((await monitor.respire.read()).raw, /"PING"/);
    assert.match((await monitor.redis.read()).raw, /"PING"/);
  } finally {
    for (const p of [sub, monitor, idle]) {
      p.redis.close();
      p.respire.close();
    }
  }
});

Deno.test("compat: subscription confirmations and messages reach a client with CLIENT REPLY OFF", () =>
  withConnections(async (open) => {
    const s = await open();
    const pub = await open();
    await s.same("GET", "k");
    // replies are dropped, confirmations and messages are not (pipelined in one batch)
    await Promise.all([
      s.redis.sendRaw(
        "*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$3\r\nOFF\r\n" +
          "*2\r\n$9\r\nSUBSCRIBE\r\n$2\r\nch\r\n*1\r\n$4\r\nPING\r\n",
      ),
      s.respire.sendRaw(
        "*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$3\r\nOFF\r\n" +
          "*2\r\n$9\r\nSUBSCRIBE\r\n$2\r\nch\r\n*1\r\n$4\r\nPING\r\n",
      ),
    ]);
    await expectFrames(s, 1, "SUBSCRIBE under REPLY OFF");
    await pub.same("PUBLISH", "ch", "hello");
    await expectFrames(s, 1, "message under REPLY OFF");
    await sameFrames(s, 1, "UNSUBSCRIBE", "ch");
    await s.same("CLIENT", "REPLY", "ON");
    // SKIP drops only the next command's reply
    await Promise.all([
      s.redis.send("CLIENT", "REPLY", "SKIP"),
      s.respire.send("CLIENT", "REPLY", "SKIP"),
    ]);
    await sameFrames(s, 1, "SUBSCRIBE", "other");
    await sameFrames(s, 1, "UNSUBSCRIBE");
    await s.same("PING");
  }));
