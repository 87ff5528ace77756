/**
 * Transactions with real clients over real sockets: ioredis MULTI/EXEC (with queued and
 * runtime errors), the WATCH optimistic-locking loop under contention from several clients,
 * node-redis in RESP2 and RESP3, and EXEC's atomicity against concurrent writers.
 */
import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { createClient } from "redis";
import { RawClient } from "../helpers/raw_client.ts";
import { startRespire } from "../helpers/servers.ts";

Deno.test("ioredis: MULTI/EXEC, runtime errors in place, EXECABORT", async () => {
  await using server = await startRespire();
  const client = new Redis({ port: server.port, host: "127.0.0.1", lazyConnect: true });
  try {
    await client.connect();
    const results = await client.multi().set("a", "1").incr("a").get("a").exec();
    assert.deepEqual(results, [[null, "OK"], [null, 2], [null, "2"]]);
    await client.set("s", "text");
    const mixed = await client.multi().incr("s").set("b", "2").exec();
    assert.ok(mixed !== null);
    assert.match(String(mixed[0][0]), /ERR value is not an integer/);
    assert.deepEqual(mixed[1], [null, "OK"]);
    // a command refused while queuing fails the whole transaction
    await assert.rejects(
      client.multi().set("c", "1").call("NOSUCHCOMMAND").exec(),
      /EXECABORT/,
    );
    assert.equal(await client.get("c"), null);
  } finally {
    client.disconnect();
  }
});

Deno.test("ioredis: WATCH-based increments from 5 clients never lose an update", async () => {
  await using server = await startRespire();
  const opts = { port: server.port, host: "127.0.0.1", lazyConnect: true };
  const clients = Array.from({ length: 5 }, () => new Redis(opts));
  try {
    await Promise.all(clients.map((c) => c.connect()));
    await clients[0].set("counter", "0");
    let retries = 0;
    const work = clients.map(async (c) => {
      for (let i = 0; i < 40; i++) {
        for (;;) {
          await c.watch("counter");
          const value = Number(await c.get("counter"));
          // give the others a chance to interleave between the read and the write
          await new Promise((r) => setTimeout(r, Math.random() * 2));
          const result = await c.multi().set("counter", String(value + 1)).exec();
          if (result !== null) break;
          retries++;
        }
      }
    });
    await Promise.all(work);
    assert.equal(await clients[0].get("counter"), "200");
    assert.ok(retries > 0, "the clients contended at least once");
  } finally {
    for (const c of clients) c.disconnect();
  }
});

Deno.test("node-redis: MULTI/EXEC and WATCH in RESP2 and RESP3", async () => {
  await using server = await startRespire();
  const url = `redis://127.0.0.1:${server.port}`;
  for (const RESP of [2, 3] as const) {
    const a = createClient({ url, RESP });
    const b = createClient({ url, RESP });
    a.on("error", () => {});
    b.on("error", () => {});
    try {
      await a.connect();
      await b.connect();
      const replies = await a.multi().set(`k${RESP}`, "1").incr(`k${RESP}`).hSet(
        `h${RESP}`,
        "f",
        "v",
      ).hGetAll(`h${RESP}`).exec();
      assert.equal(replies[0], "OK");
      assert.equal(replies[1], 2);
      assert.equal(replies[2], 1);
      assert.deepEqual({ ...(replies[3] as unknown as Record<string, string>) }, { f: "v" });
      // WATCH on a's connection, invalidated by the other client
      await a.watch(`k${RESP}`);
      await b.set(`k${RESP}`, "changed");
      await assert.rejects(a.multi().set(`k${RESP}`, "mine").exec(), /watch/i);
      assert.equal(await a.get(`k${RESP}`), "changed");
    } finally {
      a.destroy();
      b.destroy();
    }
  }
});

Deno.test("EXEC is atomic: no other client's command runs between its commands", async () => {
  await using server = await startRespire();
  const writer = await RawClient.connect(server.port);
  const txClient = await RawClient.connect(server.port);
  try {
    // a stream of INCRs from another connection, pipelined while the transactions run
    const burst = (async () => {
      for (let i = 0; i < 20; i++) {
        await writer.sendRaw("*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n".repeat(500));
        for (let j = 0; j < 500; j++) await writer.read();
      }
    })();
    for (let round = 0; round < 50; round++) {
      await txClient.call("MULTI");
      for (let i = 0; i < 20; i++) await txClient.call("GET", "n");
      const exec = await txClient.call("EXEC");
      // all 20 GETs inside one EXEC see the same value
      const values = [...exec.matchAll(/\$\d+\r\n(\d+)\r\n|\$-1\r\n/g)].map((m) => m[1] ?? "nil");
      assert.equal(values.length, 20);
      assert.equal(new Set(values).size, 1, `EXEC saw ${[...new Set(values)]}`);
    }
    await burst;
  } finally {
    writer.close();
    txClient.close();
  }
});
