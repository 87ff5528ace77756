/**
 * BZPOPMIN, BZPOPMAX and BZMPOP with several clients: the same scripted scenario runs against
 * redis-server 7.0 and respire, and the replies every client receives must be equal. Covers
 * FIFO wake-up order across keys, waking by ZADD, by MULTI/EXEC (after the whole
 * transaction) and by stores, timeouts, CLIENT UNBLOCK, a client disconnecting while
 * blocked, keys created with the wrong type, and blocking commands inside MULTI.
 */
import assert from "node:assert/strict";
import { RawClient } from "../helpers/raw_client.ts";
import { startRedis, startRespire } from "../helpers/servers.ts";
import { compat } from "../helpers/compat.ts";

async function connect(port: number, proto: 2 | 3): Promise<RawClient> {
  const c = await RawClient.connect(port);
  if (proto === 3) await c.call("HELLO", "3");
  return c;
}

/** Waits until CLIENT LIST shows n blocked clients (flag b). */
async function waitBlocked(admin: RawClient, n: number): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const list = await admin.call("CLIENT", "LIST");
    const blocked = list.split("\n").filter((line) => /flags=\S*b/.test(line)).length;
    if (blocked === n) return;
    if (Date.now() > deadline) throw new Error(`expected ${n} blocked clients, have ${blocked}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function scenario(port: number, proto: 2 | 3): Promise<string[]> {
  const out: string[] = [];
  const admin = await connect(port, proto);
  const [c1, c2, c3] = await Promise.all([1, 2, 3].map(() => connect(port, proto)));
  const log = async (c: RawClient) => out.push((await c.read()).raw);
  const call = async (c: RawClient, ...args: string[]) => out.push(await c.call(...args));
  try {
    await call(admin, "FLUSHALL");
    // three clients on overlapping keys: served oldest first, each from the first ready key
    await c1.send("BZPOPMIN", "k1", "k2", "0");
    await waitBlocked(admin, 1);
    await c2.send("BZPOPMAX", "k2", "0");
    await waitBlocked(admin, 2);
    await c3.send("BZMPOP", "0", "2", "k3", "k2", "MIN", "COUNT", "2");
    await waitBlocked(admin, 3);
    await call(admin, "ZADD", "k2", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
    await log(c1);
    await log(c2);
    await log(c3);
    await call(admin, "ZRANGE", "k2", "0", "-1", "WITHSCORES");

    // timeouts
    await call(c1, "BZPOPMIN", "nokey", "0.05");
    await call(c1, "BZPOPMAX", "nokey", "other", "0.01");
    await call(c1, "BZMPOP", "0.05", "1", "nokey", "MAX", "COUNT", "3");

    // woken once the transaction completes, seeing its final state
    await c1.send("BZPOPMIN", "k4", "0");
    await waitBlocked(admin, 1);
    await call(admin, "MULTI");
    await call(admin, "ZADD", "k4", "1", "x");
    await call(admin, "ZADD", "k4", "0", "w", "5", "y");
    await call(admin, "ZREM", "k4", "w");
    await call(admin, "EXEC");
    await log(c1);
    await call(admin, "ZRANGE", "k4", "0", "-1");

    // a client that disconnects leaves the queue
    await c2.send("BZPOPMIN", "k5", "0");
    await waitBlocked(admin, 1);
    c2.close();
    await waitBlocked(admin, 0);
    await c3.send("BZPOPMIN", "k5", "0");
    await waitBlocked(admin, 1);
    await call(admin, "ZADD", "k5", "1", "m", "2", "n");
    await log(c3);

    // a key created with another type does not serve; the sorted set created later does
    await c1.send("BZPOPMIN", "k7", "0");
    await waitBlocked(admin, 1);
    await call(admin, "SET", "k7", "x");
    await call(admin, "DEL", "k7");
    await call(admin, "ZADD", "k7", "5", "q");
    await log(c1);

    // keys created by stores wake waiters too
    await c1.send("BZPOPMAX", "k8", "0");
    await waitBlocked(admin, 1);
    await call(admin, "ZUNIONSTORE", "k8", "1", "k2");
    await log(c1);
    await c1.send("BZMPOP", "0", "1", "k9", "MIN", "COUNT", "10");
    await waitBlocked(admin, 1);
    await call(admin, "ZRANGESTORE", "k9", "k4", "0", "-1");
    await log(c1);

    // FIFO on one key across clients blocked on different key lists
    await c1.send("BZPOPMIN", "k10", "k11", "0");
    await waitBlocked(admin, 1);
    await c3.send("BZPOPMIN", "k11", "0");
    await waitBlocked(admin, 2);
    await call(admin, "ZADD", "k11", "1", "a", "2", "b", "3", "c");
    await log(c1);
    await log(c3);

    // one push satisfies only as many waiters as it has elements
    await c1.send("BZPOPMIN", "k12", "0");
    await waitBlocked(admin, 1);
    await c3.send("BZPOPMIN", "k12", "0");
    await waitBlocked(admin, 2);
    await call(admin, "ZADD", "k12", "1", "only");
    await log(c1);
    await call(admin, "ZADD", "k12", "2", "second");
    await log(c3);

    // blocking commands inside MULTI answer at once
    await call(c1, "MULTI");
    await call(c1, "BZPOPMIN", "nokey", "0");
    await call(c1, "BZMPOP", "0", "1", "nokey", "MIN");
    await call(c1, "BZPOPMAX", "k11", "0");
    await call(c1, "EXEC");

    // errors and immediate pops
    await call(c1, "SET", "str", "v");
    await call(c1, "ZADD", "k11", "7", "z", "8", "zz");
    for (
      const cmd of [
        ["BZPOPMIN", "str", "0"],
        ["BZPOPMIN", "nokey", "str", "0"],
        ["BZPOPMIN", "k11", "-1"],
        ["BZPOPMIN", "k11", "x"],
        ["BZPOPMIN", "str", "x"],
        ["BZPOPMIN", "k11", "inf"],
        ["BZPOPMIN", "k11", "1e400"],
        ["BZPOPMIN", "k11", " 1"],
        ["BZPOPMIN", "k11"],
        ["BZPOPMAX", "nokey", "k11", "0"],
        ["BZMPOP", "abc", "1", "k11", "MIN"],
        ["BZMPOP", "0", "abc", "k11", "MIN"],
        ["BZMPOP", "0", "0", "k11", "MIN"],
        ["BZMPOP", "x", "1", "k11", "foo"],
        ["BZMPOP", "x", "1", "k11", "MIN", "COUNT", "0"],
        ["BZMPOP", "-1", "1", "k11", "MIN"],
        ["BZMPOP", "x", "1", "str", "MIN"],
        ["BZMPOP", "0", "2", "str", "k11", "MIN"],
        ["BZMPOP", "0", "1", "k11", "MIN", "COUNT", "5", "COUNT", "1"],
        ["BZMPOP", "0", "1", "k11"],
        ["ZADD", "k13", "1", "a", "2", "b", "3", "c"],
        ["BZMPOP", "0", "2", "nokey", "k13", "MAX", "COUNT", "2"],
        ["BZPOPMIN", "k13", "0"],
        ["EXISTS", "k13"],
      ]
    ) {
      await call(c1, ...cmd);
    }
  } finally {
    for (const c of [admin, c1, c2, c3]) c.close();
  }
  return out;
}

/** CLIENT UNBLOCK on sorted-set waits, as a timeout and as an error. */
async function unblockScenario(port: number, proto: 2 | 3): Promise<string[]> {
  const out: string[] = [];
  const admin = await connect(port, proto);
  const c1 = await connect(port, proto);
  const log = async (c: RawClient) => out.push((await c.read()).raw);
  const call = async (c: RawClient, ...args: string[]) => out.push(await c.call(...args));
  try {
    // CLIENT UNBLOCK, as a timeout and as an error
    const id = (await c1.call("CLIENT", "ID")).slice(1, -2);
    await c1.send("BZPOPMIN", "k6", "0");
    await waitBlocked(admin, 1);
    await call(admin, "CLIENT", "UNBLOCK", id);
    await log(c1);
    await c1.send("BZMPOP", "0", "1", "k6", "MAX");
    await waitBlocked(admin, 1);
    await call(admin, "CLIENT", "UNBLOCK", id, "ERROR");
    await log(c1);

    await call(admin, "CLIENT", "UNBLOCK", id);
  } finally {
    admin.close();
    c1.close();
  }
  return out;
}

Deno.test("compat: BZPOPMIN, BZPOPMAX, BZMPOP with several clients", async () => {
  await using redis = await startRedis();
  await using respire = await startRespire();
  for (const proto of [2, 3] as const) {
    const expected = await scenario(redis.port, proto);
    const actual = await scenario(respire.port, proto);
    assert.deepEqual(actual, expected, `RESP${proto}`);
  }
});

Deno.test("compat: blocking sorted-set pops answer at once when data is there", () =>
  compat(async (t) => {
    await t.same("ZADD", "z", "1", "a", "2", "b", "3", "c");
    await t.same("BZPOPMIN", "nokey", "z", "0");
    await t.same("BZPOPMAX", "z", "0.5");
    await t.same("BZMPOP", "1", "1", "z", "MIN", "COUNT", "9");
    await t.same("EXISTS", "z");
    await t.same("BZPOPMIN", "z", "0.01");
    await t.same("BZMPOP", "0.01", "2", "z", "y", "MAX");
  }));

Deno.test("compat: CLIENT UNBLOCK ends sorted-set waits", async () => {
  await using redis = await startRedis();
  await using respire = await startRespire();
  for (const proto of [2, 3] as const) {
    const expected = await unblockScenario(redis.port, proto);
    const actual = await unblockScenario(respire.port, proto);
    assert.deepEqual(actual, expected, `RESP${proto}`);
  }
});
