/**
 * Blocking list commands over real sockets with several raw clients. Every scenario runs
 * against real redis-server 7.0 and against respire; both transcripts (every raw reply, in
 * the order the test reads them) must be equal, and the test also states what they must be.
 */
import assert from "node:assert/strict";
import { RawClient } from "../helpers/raw_client.ts";
import { startRedis, startRespire, type TestServer } from "../helpers/servers.ts";

/** Time for a command sent on one connection to reach the server before the next one. */
const SETTLE_MS = 60;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Scenario {
  readonly transcript: string[] = [];
  private readonly clients: RawClient[] = [];
  constructor(readonly port: number) {}

  async client(): Promise<RawClient> {
    const c = await RawClient.connect(this.port);
    this.clients.push(c);
    return c;
  }

  /** Sends a blocking command and waits until the server surely has it. */
  async block(c: RawClient, ...args: string[]): Promise<void> {
    await c.send(...args);
    await sleep(SETTLE_MS);
  }

  /** Reads one reply of c into the transcript, labelled. */
  async read(label: string, c: RawClient, timeoutMs = 5000): Promise<string> {
    const { raw } = await c.read(timeoutMs);
    this.transcript.push(`${label}: ${raw}`);
    return raw;
  }

  async call(label: string, c: RawClient, ...args: string[]): Promise<string> {
    const raw = await c.call(...args);
    this.transcript.push(`${label}: ${raw}`);
    return raw;
  }

  async id(c: RawClient): Promise<string> {
    return (await c.call("CLIENT", "ID")).slice(1, -2);
  }

  close(): void {
    for (const c of this.clients) c.close();
  }
}

type Body = (s: Scenario) => Promise<void>;

async function onBoth(
  redis: TestServer,
  respire: TestServer,
  body: Body,
): Promise<string[]> {
  const transcripts: string[][] = [];
  for (const server of [redis, respire]) {
    const s = new Scenario(server.port);
    try {
      const admin = await s.client();
      await admin.call("FLUSHALL");
      await body(s);
    } finally {
      s.close();
    }
    transcripts.push(s.transcript);
    // let the server notice the closed connections before the next scenario
    await sleep(SETTLE_MS);
  }
  assert.deepEqual(transcripts[1], transcripts[0], "respire's transcript differs from Redis's");
  return transcripts[1];
}

const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;
const pair = (k: string, v: string) => `*2\r\n${bulk(k)}${bulk(v)}`;

Deno.test("blocking: list waits against Redis 7.0", async (t) => {
  await using redis = await startRedis();
  await using respire = await startRespire();
  const scenario = (name: string, body: Body, check: (log: string[]) => void) =>
    t.step(name, async () => check(await onBoth(redis, respire, body)));

  await scenario(
    "several clients on several keys are woken FIFO per key, each by its first ready key",
    async (s) => {
      const [a, b, c, d, pusher] = await Promise.all([1, 2, 3, 4, 5].map(() => s.client()));
      await s.block(a, "BLPOP", "k1", "k2", "0");
      await s.block(b, "BLPOP", "k2", "0");
      await s.block(c, "BRPOP", "k1", "0");
      await s.block(d, "BLPOP", "k2", "k1", "0");
      // the reply is the length right after the push: waiters are served afterwards
      await s.call("rpush k2", pusher, "RPUSH", "k2", "x", "y");
      await s.read("a", a);
      await s.read("b", b);
      await s.call("rpush k1", pusher, "RPUSH", "k1", "1", "2", "3");
      await s.read("c", c);
      await s.read("d", d);
      await s.call("left", pusher, "LRANGE", "k1", "0", "-1");
      await s.call("k2 gone", pusher, "EXISTS", "k2");
    },
    (log) => {
      assert.deepEqual(log, [
        "rpush k2: :2\r\n",
        `a: ${pair("k2", "x")}`,
        `b: ${pair("k2", "y")}`,
        "rpush k1: :3\r\n",
        `c: ${pair("k1", "3")}`,
        `d: ${pair("k1", "1")}`,
        `left: *1\r\n${bulk("2")}`,
        "k2 gone: :0\r\n",
      ]);
    },
  );

  await scenario(
    "waiters are served after the pushing command, before the pusher's next command",
    async (s) => {
      const [a, pusher] = await Promise.all([s.client(), s.client()]);
      await s.block(a, "BLPOP", "k", "0");
      // one write: LPUSH and LPOP arrive together, the waiter still wins the element
      await pusher.sendRaw(
        "*3\r\n$5\r\nLPUSH\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$4\r\nLPOP\r\n$1\r\nk\r\n",
      );
      await s.read("lpush", pusher);
      await s.read("lpop", pusher);
      await s.read("a", a);
    },
    (log) => assert.deepEqual(log, ["lpush: :1\r\n", "lpop: $-1\r\n", `a: ${pair("k", "v")}`]),
  );

  await scenario(
    "a transaction wakes waiters once it has completed, in the order its keys became ready",
    async (s) => {
      const [a, b, pusher] = await Promise.all([s.client(), s.client(), s.client()]);
      await s.block(a, "BLPOP", "k1", "k2", "0");
      await s.block(b, "BLPOP", "k1", "0");
      await s.call("multi", pusher, "MULTI");
      await s.call("q1", pusher, "RPUSH", "k2", "x");
      await s.call("q2", pusher, "RPUSH", "k1", "y", "z");
      await s.call("q3", pusher, "LPOP", "k1");
      await s.call("exec", pusher, "EXEC");
      await s.read("a", a);
      await s.read("b", b);
    },
    (log) => {
      assert.equal(log[4], "exec: *3\r\n:1\r\n:2\r\n$1\r\ny\r\n");
      assert.deepEqual(log.slice(5), [`a: ${pair("k2", "x")}`, `b: ${pair("k1", "z")}`]);
    },
  );

  await scenario(
    "blocking commands inside MULTI answer at once",
    async (s) => {
      const c = await s.client();
      await s.call("multi", c, "MULTI");
      for (const cmd of [["BLPOP", "k", "0"], ["BLMOVE", "k", "d", "LEFT", "LEFT", "0"]]) {
        await s.call(cmd[0], c, ...cmd);
      }
      await s.call("brpoplpush", c, "BRPOPLPUSH", "k", "d", "0");
      await s.call("blmpop", c, "BLMPOP", "0", "1", "k", "LEFT");
      await s.call("exec", c, "EXEC");
    },
    (log) => assert.equal(log.at(-1), "exec: *4\r\n*-1\r\n$-1\r\n$-1\r\n*-1\r\n"),
  );

  await scenario(
    "fractional timeouts end with a null array",
    async (s) => {
      const c = await s.client();
      const started = performance.now();
      await s.call("blpop", c, "BLPOP", "k", "0.15");
      const waited = performance.now() - started;
      assert.ok(waited >= 140 && waited < 2000, `waited ${waited} ms`);
      await s.call("blmove", c, "BLMOVE", "k", "d", "LEFT", "LEFT", "0.01");
      await s.call("brpoplpush", c, "BRPOPLPUSH", "k", "d", "0.01");
      await s.call("blmpop", c, "BLMPOP", "0.01", "2", "k", "j", "RIGHT", "COUNT", "3");
      await s.call("hello", c, "HELLO", "3").then(() => s.transcript.pop());
      await s.call("blpop3", c, "BLPOP", "k", "0.01");
      await s.call("blmove3", c, "BLMOVE", "k", "d", "LEFT", "LEFT", "0.01");
    },
    (log) =>
      assert.deepEqual(log, [
        "blpop: *-1\r\n",
        "blmove: *-1\r\n",
        "brpoplpush: *-1\r\n",
        "blmpop: *-1\r\n",
        "blpop3: _\r\n",
        "blmove3: _\r\n",
      ]),
  );

  await scenario(
    "CLIENT UNBLOCK ends a wait as a timeout or with an error",
    async (s) => {
      const [a, b, admin] = await Promise.all([s.client(), s.client(), s.client()]);
      const idA = await s.id(a);
      const idB = await s.id(b);
      await s.block(a, "BLPOP", "k", "0");
      await s.block(b, "BLMOVE", "k", "d", "LEFT", "LEFT", "0");
      await s.call("unblock a", admin, "CLIENT", "UNBLOCK", idA);
      await s.read("a", a);
      await s.call("unblock b", admin, "CLIENT", "UNBLOCK", idB, "ERROR");
      await s.read("b", b);
      await s.call("again", admin, "CLIENT", "UNBLOCK", idB, "TIMEOUT");
      // the unblocked clients work normally afterwards
      await s.call("a ping", a, "PING");
      await s.call("push", admin, "RPUSH", "k", "v");
      await s.call("b pops", b, "BLPOP", "k", "0");
    },
    (log) =>
      assert.deepEqual(log, [
        "unblock a: :1\r\n",
        "a: *-1\r\n",
        "unblock b: :1\r\n",
        "b: -UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n",
        "again: :0\r\n",
        "a ping: +PONG\r\n",
        "push: :1\r\n",
        `b pops: ${pair("k", "v")}`,
      ]),
  );

  await scenario(
    "a client that disconnects while blocked leaves the queue: the next waiter gets the push",
    async (s) => {
      const [gone, next, pusher] = await Promise.all([s.client(), s.client(), s.client()]);
      await s.block(gone, "BRPOP", "k", "0");
      await s.block(next, "BRPOP", "k", "0");
      gone.close();
      await sleep(SETTLE_MS);
      await s.call("push", pusher, "LPUSH", "k", "v");
      await s.read("next", next);
      await s.call("len", pusher, "LLEN", "k");
      await s.call("clients", pusher, "INFO", "clients").then((raw) => {
        s.transcript.pop();
        s.transcript.push(`blocked: ${/blocked_clients:(\d+)/.exec(raw)?.[1]}`);
      });
    },
    (log) =>
      assert.deepEqual(log, [
        "push: :1\r\n",
        `next: ${pair("k", "v")}`,
        "len: :0\r\n",
        "blocked: 0",
      ]),
  );

  await scenario(
    "BLMOVE hands its element on to the clients waiting on its destination",
    async (s) => {
      const [mover, reader, pusher] = await Promise.all([s.client(), s.client(), s.client()]);
      await s.block(mover, "BLMOVE", "src", "dst", "RIGHT", "LEFT", "0");
      await s.block(reader, "BLPOP", "dst", "0");
      await s.call("push", pusher, "RPUSH", "src", "a", "b");
      await s.read("mover", mover);
      await s.read("reader", reader);
      await s.call("src", pusher, "LRANGE", "src", "0", "-1");
      await s.call("dst", pusher, "EXISTS", "dst");
    },
    (log) =>
      assert.deepEqual(log, [
        "push: :2\r\n",
        `mover: ${bulk("b")}`,
        `reader: ${pair("dst", "b")}`,
        `src: *1\r\n${bulk("a")}`,
        "dst: :0\r\n",
      ]),
  );

  await scenario(
    "a destination of the wrong type fails the mover and the element goes to the next waiter",
    async (s) => {
      const [mover, popper, pusher] = await Promise.all([s.client(), s.client(), s.client()]);
      await s.block(mover, "BRPOPLPUSH", "src", "dst", "0");
      await s.block(popper, "BLPOP", "src", "0");
      await s.call("set", pusher, "SET", "dst", "string");
      await s.call("push", pusher, "LPUSH", "src", "e");
      await s.read("mover", mover);
      await s.read("popper", popper);
      await s.call("dst", pusher, "GET", "dst");
    },
    (log) =>
      assert.deepEqual(log, [
        "set: +OK\r\n",
        "push: :1\r\n",
        "mover: -WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        `popper: ${pair("src", "e")}`,
        `dst: ${bulk("string")}`,
      ]),
  );

  await scenario(
    "BLMPOP takes up to COUNT; a waiter's database and the value's type must match",
    async (s) => {
      const [a, other, pusher] = await Promise.all([s.client(), s.client(), s.client()]);
      await s.call("select", other, "SELECT", "1");
      await s.block(other, "BLPOP", "k", "0");
      await s.block(a, "BLMPOP", "0", "2", "j", "k", "RIGHT", "COUNT", "2");
      // a string at j wakes nobody; then a list at k serves the db-0 waiter only
      await s.call("set", pusher, "SET", "j", "x");
      await s.call("push", pusher, "RPUSH", "k", "1", "2", "3");
      await s.read("a", a);
      await s.call("left", pusher, "LRANGE", "k", "0", "-1");
      const list = await pusher.call("CLIENT", "LIST");
      const otherId = /id=(\d+) [^\n]*db=1 /.exec(list)?.[1] ?? "";
      await s.call("still blocked", pusher, "CLIENT", "UNBLOCK", otherId);
      await s.read("other", other);
    },
    (log) =>
      assert.deepEqual(log, [
        "select: +OK\r\n",
        "set: +OK\r\n",
        "push: :3\r\n",
        `a: *2\r\n${bulk("k")}*2\r\n${bulk("3")}${bulk("2")}`,
        `left: *1\r\n${bulk("1")}`,
        "still blocked: :1\r\n",
        "other: *-1\r\n",
      ]),
  );

  await scenario(
    "SWAPDB wakes the clients whose keys it filled",
    async (s) => {
      const [a, admin] = await Promise.all([s.client(), s.client()]);
      await s.block(a, "BRPOP", "k", "0");
      await s.call("select", admin, "SELECT", "1");
      await s.call("push", admin, "RPUSH", "k", "x", "y");
      await s.call("swap", admin, "SWAPDB", "0", "1");
      await s.read("a", a);
      await s.call("db1", admin, "EXISTS", "k");
      await s.call("db0", a, "LRANGE", "k", "0", "-1");
    },
    (log) =>
      assert.deepEqual(log, [
        "select: +OK\r\n",
        "push: :2\r\n",
        "swap: +OK\r\n",
        `a: ${pair("k", "y")}`,
        "db1: :0\r\n",
        `db0: *1\r\n${bulk("x")}`,
      ]),
  );

  await scenario(
    "commands pipelined behind a blocking one run after it is served",
    async (s) => {
      const [a, pusher] = await Promise.all([s.client(), s.client()]);
      await a.sendRaw("*3\r\n$5\r\nBLPOP\r\n$1\r\nk\r\n$1\r\n0\r\n*1\r\n$4\r\nPING\r\n");
      await sleep(SETTLE_MS);
      await s.call("list", pusher, "CLIENT", "LIST").then((raw) => {
        s.transcript.pop();
        s.transcript.push(`flags: ${/flags=(\w+) [^\n]*cmd=blpop/.exec(raw)?.[1]}`);
      });
      await s.call("push", pusher, "RPUSH", "k", "v");
      await s.read("a", a);
      await s.read("a ping", a);
    },
    (log) =>
      assert.deepEqual(log, [
        "flags: b",
        "push: :1\r\n",
        `a: ${pair("k", "v")}`,
        "a ping: +PONG\r\n",
      ]),
  );
});
