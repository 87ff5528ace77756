/**
 * CLIENT PAUSE / UNPAUSE against redis-server 7.0: argument errors, and which commands of
 * other clients wait (WRITE: writes, commands that may replicate such as PUBLISH, and a
 * transaction that queues or runs writes; ALL: everything, CLIENT UNPAUSE included), in
 * arrival order, until the timeout or UNPAUSE.
 */
import assert from "node:assert/strict";
import { compat, Pair } from "../helpers/compat.ts";
import { RawClient } from "../helpers/raw_client.ts";
import { startRedis, startRespire } from "../helpers/servers.ts";

Deno.test("compat: CLIENT PAUSE / UNPAUSE arguments", () =>
  compat(async (t) => {
    await t.same("CLIENT", "PAUSE");
    await t.same("CLIENT", "PAUSE", "x");
    await t.same("CLIENT", "PAUSE", "-1");
    await t.same("CLIENT", "PAUSE", "1.5");
    await t.same("CLIENT", "PAUSE", "99999999999999999999");
    await t.same("CLIENT", "PAUSE", "100", "foo");
    await t.same("CLIENT", "PAUSE", "x", "foo");
    await t.same("CLIENT", "PAUSE", "100", "write", "extra");
    await t.same("CLIENT", "UNPAUSE", "x");
    await t.same("CLIENT", "PAUSE", "0");
    await t.same("CLIENT", "PAUSE", "0", "write");
    await t.same("CLIENT", "PAUSE", "0", "ALL");
    // the mode ends at a NUL byte (strcasecmp), the timeout does not
    await t.same("CLIENT", "PAUSE", "0", "write\0");
    await t.same("CLIENT", "PAUSE", "0", "all\0junk");
    await t.same("CLIENT", "PAUSE", "0", "wr\0ite");
    await t.same("CLIENT", "PAUSE", "0\0", "write");
    await t.same("CLIENT", "UNPAUSE");
    await t.same("PING");
  }));

/** Sends to both servers without waiting for the replies. */
async function send(p: Pair, ...args: string[]): Promise<void> {
  await Promise.all([p.redis.send(...args), p.respire.send(...args)]);
}

/** Reads the next reply of both servers and compares them. */
async function expectSame(p: Pair): Promise<void> {
  const [a, b] = await Promise.all([p.redis.read(), p.respire.read()]);
  assert.equal(b.raw, a.raw);
}

/** True when neither server has replied within `ms`. */
async function silentFor(p: Pair, ms: number): Promise<boolean> {
  const probe = (c: RawClient) => c.read(ms).then(() => false, () => true);
  const [a, b] = await Promise.all([probe(p.redis), probe(p.respire)]);
  assert.equal(b, a, "one server answered during the pause, the other did not");
  return a;
}

Deno.test("compat: CLIENT PAUSE holds back other clients' commands", async () => {
  await using redis = await startRedis();
  await using respire = await startRespire();
  const pairs: Pair[] = [];
  const open = async () => {
    const p = new Pair(await RawClient.connect(redis.port), await RawClient.connect(respire.port));
    pairs.push(p);
    return p;
  };
  try {
    const admin = await open();
    const a = await open();
    const b = await open();
    // WRITE: reads go through, writes and PUBLISH wait
    await admin.same("CLIENT", "PAUSE", "1000", "WRITE");
    await a.same("GET", "k");
    await a.same("MULTI");
    await a.same("GET", "k");
    await b.same("PING");
    await send(a, "SET", "k", "1");
    await send(b, "PUBLISH", "ch", "x");
    assert.ok(await silentFor(a, 150));
    assert.ok(await silentFor(b, 10));
    await expectSame(a); // +QUEUED once the pause is over
    await expectSame(b);
    await a.same("EXEC");
    // ALL: everything waits, CLIENT UNPAUSE and the pausing client's commands included
    await admin.same("CLIENT", "PAUSE", "1000", "ALL");
    await send(a, "GET", "k");
    await send(b, "PING");
    await send(admin, "CLIENT", "UNPAUSE");
    assert.ok(await silentFor(a, 150));
    assert.ok(await silentFor(b, 10));
    assert.ok(await silentFor(admin, 10));
    await expectSame(a);
    await expectSame(b);
    await expectSame(admin);
    // a pause only ever extends and strengthens: WRITE after ALL still holds back reads
    await admin.same("CLIENT", "PAUSE", "800", "ALL");
    await send(admin, "CLIENT", "PAUSE", "10", "WRITE");
    await send(a, "GET", "k");
    assert.ok(await silentFor(a, 150));
    await expectSame(admin);
    await expectSame(a);
    // UNPAUSE from a client that is not held back (WRITE mode) ends the pause at once
    await admin.same("CLIENT", "PAUSE", "10000", "WRITE");
    await send(a, "SET", "k", "2");
    assert.ok(await silentFor(a, 100));
    await admin.same("CLIENT", "UNPAUSE");
    await expectSame(a);
    await a.same("GET", "k");
  } finally {
    for (const p of pairs) {
      p.redis.close();
      p.respire.close();
    }
  }
});

Deno.test("compat: keys do not expire in the background during CLIENT PAUSE", () =>
  compat(async (t) => {
    await t.same("SET", "k", "v", "PX", "100");
    await t.same("CLIENT", "PAUSE", "1500", "WRITE");
    await new Promise((r) => setTimeout(r, 400));
    await t.same("DBSIZE");
    await new Promise((r) => setTimeout(r, 1600));
    await t.same("DBSIZE");
  }));
