/**
 * MONITOR over real sockets: redis-cli in monitor mode against respire and against
 * redis-server 7.0, fed the same commands by another client; the printed lines must match
 * once timestamps and client ports are masked. Also the raw line format (escaping of
 * non-printable bytes, database index after SELECT, redaction) and several monitors at once.
 */
import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { RawClient } from "../helpers/raw_client.ts";
import { startRedis, startRespire } from "../helpers/servers.ts";

/** redis-cli MONITOR as a child process; `lines(n)` waits for n output lines. */
function monitorCli(port: number) {
  const child = new Deno.Command("redis-cli", {
    args: ["-p", String(port), "monitor"],
    stdout: "piped",
    stderr: "null",
    stdin: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  return {
    async lines(n: number, timeoutMs = 5000): Promise<string[]> {
      const deadline = Date.now() + timeoutMs;
      while (text.split("\n").length - 1 < n) {
        if (Date.now() > deadline) throw new Error(`monitor printed only:\n${text}`);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const r = await Promise.race([
          reader.read(),
          new Promise<null>((res) => (timer = setTimeout(() => res(null), 200))),
        ]);
        clearTimeout(timer);
        if (r === null) continue;
        if (r.done) break;
        text += r.value;
      }
      return text.split("\n").slice(0, n);
    },
    async close(): Promise<void> {
      try {
        child.kill("SIGKILL");
      } catch { /* gone */ }
      await reader.cancel().catch(() => {});
      await child.status;
    },
  };
}

const COMMANDS: string[][] = [
  ["SET", "greeting", "hello world"],
  ["SET", "bin", 'a\x00b\x01\xff"q"\\ \t\r\n'],
  ["GET", "greeting"],
  ["NOSUCH", "x"],
  ["GET"],
  ["SELECT", "3"],
  ["INCR", "n"],
  ["MULTI"],
  ["INCR", "n"],
  ["EXEC"],
  ["AUTH", "secret"],
  ["CONFIG", "GET", "maxmemory"],
  ["PUBLISH", "ch", "msg"],
  ["SELECT", "0"],
  ["PING"],
];

/** Feeds COMMANDS to a server while redis-cli monitors it; returns the masked lines. */
async function monitored(port: number): Promise<string[]> {
  const monitor = monitorCli(port);
  try {
    assert.deepEqual(await monitor.lines(1), ["OK"]);
    const c = await RawClient.connect(port);
    try {
      for (const args of COMMANDS) await c.call(...args);
    } finally {
      c.close();
    }
    // the last command is PING: everything before it has been printed once it shows up
    const lines = await monitor.lines(13);
    assert.match(lines[lines.length - 1], /"PING"$/);
    return lines.map((l) =>
      l.replace(/^\d{10}\.\d{6} /, "TIME ").replace(/127\.0\.0\.1:\d+/, "ADDR")
    );
  } finally {
    await monitor.close();
  }
}

Deno.test("monitor: redis-cli MONITOR prints the same lines as against redis-server", async () => {
  await using respire = await startRespire();
  await using redis = await startRedis();
  const ours = await monitored(respire.port);
  const theirs = await monitored(redis.port);
  assert.deepEqual(ours, theirs);
  assert.equal(ours[2], 'TIME [0 ADDR] "SET" "bin" "a\\x00b\\x01\\xff\\"q\\"\\\\ \\t\\r\\n"');
});

Deno.test("monitor: raw line format, several monitors, RESET and disconnect", async () => {
  await using server = await startRespire();
  const m1 = await RawClient.connect(server.port);
  const m2 = await RawClient.connect(server.port);
  const client = new Redis({ port: server.port, host: "127.0.0.1", lazyConnect: true });
  try {
    await client.connect();
    assert.equal(await m1.call("MONITOR"), "+OK\r\n");
    assert.equal(await m2.call("MONITOR"), "+OK\r\n");
    await client.set("k", "v");
    for (const m of [m1, m2]) {
      const { raw } = await m.read();
      assert.match(raw, /^\+\d{10}\.\d{6} \[0 127\.0\.0\.1:\d+\] "set" "k" "v"\r\n$/);
    }
    // a monitor may still run commands that do not touch the keyspace, and sees them itself
    assert.equal(await m1.call("GET", "k"), "-ERR Replica can't interact with the keyspace\r\n");
    assert.equal(await m1.call("PING"), "+PONG\r\n");
    assert.match((await m1.read()).raw, /"PING"\r\n$/);
    assert.match((await m2.read()).raw, /"PING"\r\n$/);
    // RESET ends monitor mode
    assert.equal(await m2.call("RESET"), "+RESET\r\n");
    assert.match((await m1.read()).raw, /"RESET"\r\n$/);
    await client.set("k", "w");
    assert.match((await m1.read()).raw, /"set" "k" "w"\r\n$/);
    await assert.rejects(m2.read(300), /timed out/);
    assert.equal(await m2.call("GET", "k"), "$1\r\nw\r\n");
    // a closed monitor is simply forgotten
    m1.close();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(await client.set("k", "x"), "OK");
  } finally {
    client.disconnect();
    m1.close();
    m2.close();
  }
});

Deno.test("monitor: a blocking command is shown when it is called, not when it is served", async () => {
  await using server = await startRespire();
  const monitor = await RawClient.connect(server.port);
  const waiter = await RawClient.connect(server.port);
  const pusher = await RawClient.connect(server.port);
  try {
    assert.equal(await monitor.call("MONITOR"), "+OK\r\n");
    await waiter.send("BLPOP", "jobs", "5");
    assert.match((await monitor.read(1000)).raw, /"BLPOP" "jobs" "5"\r\n$/);
    assert.equal(await pusher.call("RPUSH", "jobs", "j1"), ":1\r\n");
    assert.match((await monitor.read(1000)).raw, /"RPUSH" "jobs" "j1"\r\n$/);
    assert.equal((await waiter.read()).raw, "*2\r\n$4\r\njobs\r\n$2\r\nj1\r\n");
    // nothing more: the served BLPOP is not shown a second time
    await assert.rejects(monitor.read(200), /timed out/);
  } finally {
    monitor.close();
    waiter.close();
    pusher.close();
  }
});

Deno.test("monitor: CLIENT REPLY OFF silences the MONITOR stream too, as in Redis", async () => {
  await using respire = await startRespire();
  await using redis = await startRedis();
  const results: string[][] = [];
  for (const port of [redis.port, respire.port]) {
    const monitor = await RawClient.connect(port);
    const other = await RawClient.connect(port);
    try {
      assert.equal(await monitor.call("MONITOR"), "+OK\r\n");
      await monitor.send("CLIENT", "REPLY", "OFF");
      await other.call("SET", "a", "1");
      await monitor.send("CLIENT", "REPLY", "ON");
      const frames = [(await monitor.read()).raw, (await monitor.read()).raw];
      await other.call("SET", "a", "2");
      frames.push((await monitor.read()).raw);
      results.push(
        frames.map((f) => f.replace(/^\+\d+\.\d+ /, "+TIME ").replace(/:\d+\]/, ":PORT]")),
      );
    } finally {
      monitor.close();
      other.close();
    }
  }
  assert.deepEqual(results[1], results[0]);
  assert.deepEqual(results[0], [
    "+OK\r\n",
    '+TIME [0 127.0.0.1:PORT] "CLIENT" "REPLY" "ON"\r\n',
    '+TIME [0 127.0.0.1:PORT] "SET" "a" "2"\r\n',
  ]);
});
