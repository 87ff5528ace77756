/**
 * Propagation without sockets: commands run through dispatch on a engine that never listens,
 * and a consumer records the operations each execution unit produced. Redis 7.0's own
 * rewrites are checked against redis-engine in tests/integration/propagation_aof_test.ts;
 * here every rewrite, the unit boundaries and the MULTI/EXEC wrapping are pinned down with a
 * controlled clock.
 */
import assert from "node:assert/strict";
import { Config } from "../../src/config/config.ts";
import { Client } from "../../src/engine/client.ts";
import { ManualClock } from "../../src/engine/clock.ts";
import { execute } from "../../src/engine/dispatch.ts";
import { Engine } from "../../src/engine/engine.ts";

const T0 = 1_700_000_000_000;

/** A engine without listeners, a consumer that records units, and a client to drive it. */
function harness(listening = true) {
  const clock = new ManualClock(T0);
  const config = new Config();
  // no save points: FLUSHALL would write a dump.rdb into the working directory
  config.set("save", "");
  const engine = new Engine({ config, clock, seed: 7 });
  const ops: string[] = [];
  const units: string[][] = [];
  const consumer = {
    listening,
    feed(db: number, args: readonly string[]) {
      ops.push(`${db}:${args.join(" ")}`);
    },
    unitEndedOutsideCommand() {
      units.push(ops.splice(0));
    },
  };
  engine.propagation.addConsumer(consumer);
  const client = (): Client => {
    const c = new Client(engine, "127.0.0.1:1", "127.0.0.1:6379", 9);
    engine.addClient(c);
    return c;
  };
  const c = client();
  /** Runs one command; returns what it propagated (the ops fed since the last call). */
  const run = (...args: string[]): string[] => {
    const pending = execute(c, args);
    assert.equal(pending, undefined, `${args[0]} did not complete at once`);
    c.w.reset();
    return ops.splice(0);
  };
  return { engine, clock, consumer, client, c, run, ops, units };
}

Deno.test("propagation: writes as received, reads and no-ops not at all", () => {
  const { run } = harness();
  assert.deepEqual(run("SET", "k", "v"), ["0:SET k v"]);
  assert.deepEqual(run("GET", "k"), []);
  assert.deepEqual(run("SET", "k", "w", "NX"), []);
  assert.deepEqual(run("DEL", "missing"), []);
  assert.deepEqual(run("sadd", "s", "a"), ["0:sadd s a"]);
  assert.deepEqual(run("SADD", "s", "a"), []);
  // an error changes nothing
  assert.deepEqual(run("INCR", "s"), []);
  assert.deepEqual(run("SELECT", "2"), []);
  assert.deepEqual(run("SET", "k", "v"), ["2:SET k v"]);
});

Deno.test("propagation: every command Redis rewrites is propagated as it rewrites it", () => {
  const { run } = harness();
  const at = (ms: number) => String(T0 + ms);
  const cases: [string[], string[]][] = [
    [["SET", "a", "1", "EX", "10"], [`0:SET a 1 PXAT ${at(10_000)}`]],
    [["SET", "a", "1", "PX", "10", "GET"], [`0:SET a 1 PXAT ${at(10)}`]],
    [["SET", "a", "2", "GET", "KEEPTTL", "get"], ["0:SET a 2 KEEPTTL"]],
    [["SETEX", "b", "5", "v"], [`0:SET b v PXAT ${at(5000)}`]],
    [["PSETEX", "b", "5", "v"], [`0:SET b v PXAT ${at(5)}`]],
    [["EXPIRE", "b", "100", "GT"], [`0:PEXPIREAT b ${at(100_000)} GT`]],
    [["PEXPIRE", "b", "100"], [`0:PEXPIREAT b ${at(100)}`]],
    [["EXPIREAT", "b", String(T0 / 1000 + 50)], [`0:PEXPIREAT b ${at(50_000)}`]],
    [["PEXPIREAT", "b", at(60_000)], [`0:PEXPIREAT b ${at(60_000)}`]],
    [["GETEX", "b", "EX", "7"], [`0:PEXPIREAT b ${at(7000)}`]],
    [["GETEX", "b", "PERSIST"], ["0:PERSIST b"]],
    [["GETEX", "b", "PERSIST"], []],
    [["GETEX", "b", "PXAT", "1"], ["0:DEL b"]],
    [["SET", "c", "1"], ["0:SET c 1"]],
    [["EXPIRE", "c", "-1"], ["0:DEL c"]],
    [["GETSET", "g", "1"], ["0:SET g 1"]],
    [["GETDEL", "g"], ["0:DEL g"]],
    [["INCRBYFLOAT", "f", "1.5"], ["0:SET f 1.5 KEEPTTL"]],
    [["HINCRBYFLOAT", "h", "x", "2.25"], ["0:HSET h x 2.25"]],
    [["SADD", "one", "m"], ["0:SADD one m"]],
    [["SPOP", "one"], ["0:SREM one m"]],
    [["SADD", "all", "a", "b"], ["0:SADD all a b"]],
    [["SPOP", "all", "9"], ["0:DEL all"]],
    [["RPUSH", "l", "a", "b", "c"], ["0:RPUSH l a b c"]],
    [["BLPOP", "l", "0"], ["0:LPOP l"]],
    [["BRPOP", "l", "0"], ["0:RPOP l"]],
    [["RPUSH", "l", "a", "b"], ["0:RPUSH l a b"]],
    [["LMPOP", "1", "l", "RIGHT", "COUNT", "5"], ["0:RPOP l 3"]],
    [["RPUSH", "l", "a", "b"], ["0:RPUSH l a b"]],
    [["BLMPOP", "0", "1", "l", "LEFT"], ["0:LPOP l 1"]],
    [["BLMOVE", "l", "m", "right", "Left", "0"], ["0:LMOVE l m right Left"]],
    [["BRPOPLPUSH", "m", "l", "0"], ["0:RPOPLPUSH m l"]],
    [["ZADD", "z", "1", "a", "2", "b", "3", "c"], ["0:ZADD z 1 a 2 b 3 c"]],
    [["BZPOPMAX", "z", "0"], ["0:ZPOPMAX z"]],
    [["ZMPOP", "1", "z", "MIN", "COUNT", "9"], ["0:ZPOPMIN z 2"]],
    [["ZADD", "z", "1", "a"], ["0:ZADD z 1 a"]],
    [["BZMPOP", "0", "1", "z", "MAX"], ["0:ZPOPMAX z 1"]],
    [["FLUSHDB"], ["0:FLUSHDB"]],
    [["FLUSHALL"], ["0:FLUSHALL"]],
  ];
  for (const [command, expected] of cases) {
    assert.deepEqual(run(...command), expected, command.join(" "));
  }
});

Deno.test("propagation: SPOP with a count is one SREM per member, in a transaction", () => {
  const { run } = harness();
  run("SADD", "s", "1", "2", "3", "4", "5", "6", "7", "8");
  const ops = run("SPOP", "s", "3");
  assert.equal(ops.length, 5);
  assert.equal(ops[0], "0:MULTI");
  assert.equal(ops[4], "0:EXEC");
  for (const op of ops.slice(1, 4)) assert.match(op, /^0:SREM s [1-8]$/);
});

Deno.test("propagation: RESTORE with a relative TTL becomes absolute (ABSTTL)", () => {
  const { run, c, engine } = harness();
  run("SET", "src", "v");
  execute(c, ["DUMP", "src"]);
  const reply = String.fromCharCode(...c.w.bytes());
  c.w.reset();
  const payload = reply.slice(reply.indexOf("\r\n") + 2, -2);
  assert.deepEqual(run("RESTORE", "r", "5000", payload), [
    `0:RESTORE r ${T0 + 5000} ${payload} ABSTTL`,
  ]);
  assert.deepEqual(run("RESTORE", "r2", "0", payload), [`0:RESTORE r2 0 ${payload}`]);
  assert.equal(engine.dbs[0].size, 3);
});

Deno.test("propagation: lazy expiry is a DEL in the same unit, in a transaction with a write", () => {
  const { run, clock } = harness();
  run("SET", "e", "1", "PX", "10");
  run("SET", "r", "1", "PX", "10");
  clock.advance(20);
  assert.deepEqual(run("SET", "e", "2"), ["0:MULTI", "0:DEL e", "0:SET e 2", "0:EXEC"]);
  assert.deepEqual(run("GET", "r"), ["0:DEL r"]);
});

Deno.test("propagation: SCAN and RANDOMKEY propagate their expirations without a transaction", () => {
  const { run, clock, engine } = harness();
  run("SET", "a", "1", "PX", "10");
  run("SET", "b", "1", "PX", "10");
  clock.advance(20);
  assert.deepEqual(run("SCAN", "0").sort(), ["0:DEL a", "0:DEL b"]);
  assert.equal(engine.dbs[0].size, 0);
});

Deno.test("propagation: lazyfree-lazy-expire propagates expirations as UNLINK", () => {
  const { run, clock } = harness();
  run("CONFIG", "SET", "lazyfree-lazy-expire", "yes");
  run("SET", "a", "1", "PX", "10");
  clock.advance(20);
  assert.deepEqual(run("GET", "a"), ["0:UNLINK a"]);
});

Deno.test("propagation: EXEC wraps more than one operation, and nothing for one", () => {
  const { run } = harness();
  run("MULTI");
  run("SET", "a", "1");
  run("INCR", "a");
  run("GET", "a");
  assert.deepEqual(run("EXEC"), ["0:MULTI", "0:SET a 1", "0:INCR a", "0:EXEC"]);
  run("MULTI");
  run("SET", "a", "1");
  run("GET", "a");
  assert.deepEqual(run("EXEC"), ["0:SET a 1"]);
  run("MULTI");
  run("SET", "a", "2");
  run("SELECT", "4");
  run("SET", "a", "3");
  // MULTI takes the first operation's database and EXEC the last one's, as in Redis
  assert.deepEqual(run("EXEC"), ["0:MULTI", "0:SET a 2", "4:SET a 3", "4:EXEC"]);
});

Deno.test("propagation: the timer's expirations and served blocked clients are units of their own", async () => {
  const { engine, clock, client, c, run, units, ops } = harness();
  run("SET", "t", "1", "PX", "10");
  clock.advance(20);
  engine.dbs[0].activeExpire(performance.now() + 1000);
  assert.deepEqual(units.splice(0), [["0:DEL t"]]);
  const waiter = client();
  const waiting = execute(waiter, ["BRPOP", "q", "0"]);
  assert.ok(waiting instanceof Promise);
  // the push is propagated by its command, the pop by the unit that serves the waiter: two
  // operations, no transaction around them (the serve made everything fed so far durable)
  execute(c, ["RPUSH", "q", "x", "y"]);
  await waiting;
  assert.deepEqual(units.splice(0), [["0:RPUSH q x y", "0:RPOP q"]]);
  assert.deepEqual(ops, []);
});

Deno.test("propagation: nothing is recorded while no consumer listens", () => {
  const { run, engine, consumer } = harness(false);
  assert.equal(engine.propagation.active, false);
  assert.deepEqual(run("SET", "a", "1", "EX", "5"), []);
  consumer.listening = true;
  engine.propagation.refresh();
  assert.deepEqual(run("SET", "a", "1"), ["0:SET a 1"]);
});

Deno.test("propagation: two servers in one process propagate separately", () => {
  const one = harness();
  const two = harness();
  assert.deepEqual(one.run("SET", "a", "1"), ["0:SET a 1"]);
  assert.deepEqual(two.ops, []);
});
