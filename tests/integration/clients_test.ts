/**
 * Real client libraries and redis-cli against respire over real sockets.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { Redis } from "ioredis";
import { createClient, RESP_TYPES } from "redis";
import { startRedis, startRespire } from "../helpers/servers.ts";

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

Deno.test("ioredis: strings, counters, expiry, binary data, pipelines", async () => {
  await using server = await startRespire();
  const client = new Redis({ port: server.port, host: "127.0.0.1", lazyConnect: true });
  try {
    await client.connect();
    assert.equal(await client.ping(), "PONG");
    assert.equal(await client.set("greeting", "hello"), "OK");
    assert.equal(await client.get("greeting"), "hello");
    assert.equal(await client.incrby("counter", 5), 5);
    assert.deepEqual(await client.mget("greeting", "counter", "missing"), ["hello", "5", null]);
    assert.equal(await client.expire("greeting", 100), 1);
    const ttl = await client.ttl("greeting");
    assert.ok(ttl > 90 && ttl <= 100, `ttl ${ttl}`);
    const key = Buffer.concat([Buffer.from("bin:"), ALL_BYTES]);
    await client.set(key, ALL_BYTES);
    assert.deepEqual(await client.getBuffer(key), ALL_BYTES);
    const results = await client.pipeline().set("a", "1").incr("a").get("a").del("a").exec();
    assert.deepEqual(results, [[null, "OK"], [null, 2], [null, "2"], [null, 1]]);
    await assert.rejects(client.lpush("counter", "x"), /WRONGTYPE/);
  } finally {
    client.disconnect();
  }
});

Deno.test("node-redis: RESP2 and RESP3 clients", async () => {
  await using server = await startRespire();
  for (const RESP of [2, 3] as const) {
    const client = createClient({ url: `redis://127.0.0.1:${server.port}`, RESP });
    client.on("error", () => {});
    try {
      await client.connect();
      assert.equal(await client.ping(), "PONG");
      assert.equal(await client.set(`k${RESP}`, "v"), "OK");
      assert.equal(await client.get(`k${RESP}`), "v");
      assert.equal(await client.get("nothing"), null);
      assert.equal(await client.exists([`k${RESP}`, "nothing"]), 1);
      await client.hSet(`h${RESP}`, { a: "1", b: "2" });
      assert.deepEqual({ ...(await client.hGetAll(`h${RESP}`)) }, { a: "1", b: "2" });
      const bin = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
      await client.set(`bin${RESP}`, ALL_BYTES);
      assert.deepEqual(await bin.get(`bin${RESP}`), ALL_BYTES);
    } finally {
      client.destroy();
    }
  }
});

async function redisCli(port: number, args: string[], stdin?: string): Promise<string> {
  const child = new Deno.Command("redis-cli", {
    args: ["-p", String(port), ...args],
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const out = await child.output();
  return new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
}

Deno.test("redis-cli: one-shot commands, raw output, piped input", async () => {
  await using server = await startRespire();
  assert.equal(await redisCli(server.port, ["SET", "k", "v"]), "OK\n");
  assert.equal(await redisCli(server.port, ["GET", "k"]), "v\n");
  assert.equal(await redisCli(server.port, ["--no-raw", "GET", "k"]), '"v"\n');
  assert.equal(await redisCli(server.port, ["INCR", "n"]), "1\n");
  assert.equal(await redisCli(server.port, ["--no-raw", "INCR", "n"]), "(integer) 2\n");
  assert.equal(await redisCli(server.port, ["--no-raw", "GET", "none"]), "(nil)\n");
  assert.match(await redisCli(server.port, ["--no-raw", "LPUSH", "k", "x"]), /WRONGTYPE/);
  assert.equal(await redisCli(server.port, [], "SET a 1\nGET a\n"), "OK\n1\n");
  assert.equal(
    await redisCli(server.port, ["-3", "HELLO", "3"]).then((s) => s.includes("proto")),
    true,
  );
});

/** Runs interactive redis-cli on a pty, typing the lines; returns the hints it drew. */
async function interactiveHints(port: number, lines: string[]): Promise<string[]> {
  const script = new URL("../helpers/pty_session.py", import.meta.url).pathname;
  const out = await new Deno.Command("python3", {
    args: [script, String(port), ...lines],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const screen: string = JSON.parse(new TextDecoder().decode(out.stdout));
  // redis-cli draws a hint in grey (ESC[0;90;49m ... ESC[0m) after the typed text
  const hint = new RegExp(
    String.fromCharCode(27) + "\\[0;90;49m(.*?)" + String.fromCharCode(27) + "\\[0m",
    "g",
  );
  return [...screen.matchAll(hint)].map((m) => m[1]);
}

Deno.test("redis-cli: interactive hints (built from COMMAND DOCS) match real Redis", async () => {
  const lines = [
    "SET k v EX 10",
    "GET k",
    "EXPIRE k 5 NX",
    "CONFIG GET maxmemory",
    "CLIENT SETNAME x",
  ];
  await using respire = await startRespire();
  await using redis = await startRedis();
  const [ours, theirs] = [
    await interactiveHints(respire.port, lines),
    await interactiveHints(redis.port, lines),
  ];
  assert.ok(theirs.length > 10, `redis-cli drew hints against redis-server: ${theirs.length}`);
  assert.deepEqual(ours, theirs);
});
