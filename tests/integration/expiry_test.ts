/**
 * Key expiry end to end: the active cycle reclaims keys nobody touches (real clock), and lazy
 * expiry plus the TTL replies follow a controlled clock exactly (ManualClock, no sleeping).
 */
import assert from "node:assert/strict";
import { ManualClock } from "../../mod.ts";
import { RawClient } from "../helpers/raw_client.ts";
import { startRespire } from "../helpers/servers.ts";

Deno.test("expiry: the active cycle reclaims keys that are never accessed", async () => {
  await using server = await startRespire({ config: { hz: "100" } });
  const c = await RawClient.connect(server.port);
  try {
    for (let i = 0; i < 200; i++) {
      assert.equal(await c.call("SET", `short${i}`, "v", "PX", "300"), "+OK\r\n");
    }
    for (let i = 0; i < 20; i++) await c.call("SET", `keep${i}`, "v");
    for (let i = 0; i < 20; i++) await c.call("SET", `long${i}`, "v", "EX", "1000");
    const db = server.server.engine.dbs[0];
    assert.ok(db.size > 40);
    const deadline = Date.now() + 5000;
    while (db.size > 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // only reclamation by the timer can have removed them: nothing read these keys
    assert.equal(db.size, 40);
    assert.equal(db.volatile.size, 20);
    assert.equal(server.server.engine.stats.expiredKeys, 200);
  } finally {
    c.close();
  }
});

Deno.test("expiry: lazy expiry and TTL replies follow a manual clock", async () => {
  const clock = new ManualClock(1_700_000_000_000);
  await using server = await startRespire({ clock });
  server.server.engine.activeExpireEnabled = false;
  const db = server.server.engine.dbs[0];
  const c = await RawClient.connect(server.port);
  try {
    await c.call("SET", "k", "v");
    assert.equal(await c.call("PEXPIRE", "k", "10000"), ":1\r\n");
    assert.equal(await c.call("PTTL", "k"), ":10000\r\n");
    assert.equal(await c.call("TTL", "k"), ":10\r\n");
    assert.equal(await c.call("PEXPIRETIME", "k"), ":1700000010000\r\n");
    assert.equal(await c.call("EXPIRETIME", "k"), ":1700000010\r\n");
    clock.advance(4500);
    assert.equal(await c.call("PTTL", "k"), ":5500\r\n");
    // seconds round to the nearest: 5.5 s left reads as 6
    assert.equal(await c.call("TTL", "k"), ":6\r\n");
    clock.advance(1);
    assert.equal(await c.call("TTL", "k"), ":5\r\n");
    clock.advance(5498);
    assert.equal(await c.call("PTTL", "k"), ":1\r\n");
    assert.equal(await c.call("GET", "k"), "$1\r\nv\r\n");
    clock.advance(1);
    // the key is still stored until someone looks at it
    assert.equal(db.size, 1);
    assert.equal(await c.call("PTTL", "k"), ":-2\r\n");
    assert.equal(db.size, 0);
    assert.equal(server.server.engine.stats.expiredKeys, 1);

    // every reader reclaims: EXISTS, TYPE, GET, RENAME's lookup, COPY, MOVE
    for (const probe of [["EXISTS", "x"], ["TYPE", "x"], ["GET", "x"], ["RENAME", "x", "y"]]) {
      await c.call("SET", "x", "v", "PX", "5");
      clock.advance(5);
      assert.equal(db.size, 1);
      await c.call(...probe);
      assert.equal(db.size, 0, `${probe[0]} reclaimed the key`);
    }

    // EXPIREAT at exactly "now" deletes at once
    await c.call("SET", "n", "v");
    assert.equal(await c.call("PEXPIREAT", "n", String(clock.now())), ":1\r\n");
    assert.equal(db.size, 0);
    await c.call("SET", "n", "v");
    assert.equal(await c.call("PEXPIREAT", "n", String(clock.now() + 1)), ":1\r\n");
    assert.equal(await c.call("PTTL", "n"), ":1\r\n");

    // KEYS hides expired keys without reclaiming them; RANDOMKEY reclaims what it draws
    await c.call("FLUSHALL");
    await c.call("SET", "gone", "v", "PX", "1");
    await c.call("SET", "stays", "v");
    clock.advance(1);
    assert.equal(await c.call("KEYS", "*"), "*1\r\n$5\r\nstays\r\n");
    assert.equal(db.size, 2);
    for (let i = 0; i < 20; i++) {
      assert.equal(await c.call("RANDOMKEY"), "$5\r\nstays\r\n");
    }
    await c.call("DEL", "stays");
    await c.call("SET", "gone", "v", "PX", "1");
    clock.advance(1);
    assert.equal(await c.call("RANDOMKEY"), "$-1\r\n");
    assert.equal(db.size, 0);

    // SCAN reclaims expired keys it meets; with TYPE none Redis still lists them
    await c.call("SET", "a", "v", "PX", "1");
    await c.call("SET", "b", "v", "PX", "1");
    clock.advance(1);
    assert.equal(
      await c.call("SCAN", "0", "TYPE", "none"),
      "*2\r\n$1\r\n0\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n",
    );
    assert.equal(db.size, 0);
    await c.call("SET", "a", "v", "PX", "1");
    clock.advance(1);
    assert.equal(await c.call("SCAN", "0"), "*2\r\n$1\r\n0\r\n*0\r\n");
    assert.equal(db.size, 0);
  } finally {
    c.close();
  }
});

Deno.test("expiry: TTL readings of expiries beyond 2^53 ms are exact", async () => {
  const clock = new ManualClock(1_700_000_000_123);
  await using server = await startRespire({ clock });
  const c = await RawClient.connect(server.port);
  try {
    await c.call("SET", "k", "v");
    await c.call("PEXPIREAT", "k", "9223372036854775807");
    assert.equal(await c.call("PTTL", "k"), ":9223370336854775684\r\n");
    assert.equal(await c.call("TTL", "k"), ":9223370336854776\r\n");
    assert.equal(await c.call("EXPIRETIME", "k"), ":9223372036854776\r\n");
    await c.call("PEXPIREAT", "k", "9007199254740993");
    assert.equal(await c.call("PTTL", "k"), ":9005499254740870\r\n");
    assert.equal(await c.call("PEXPIRETIME", "k"), ":9007199254740993\r\n");
    // one millisecond apart beyond 2^53 still compares right for GT and LT
    assert.equal(await c.call("PEXPIREAT", "k", "9007199254740992", "LT"), ":1\r\n");
    assert.equal(await c.call("PEXPIREAT", "k", "9007199254740993", "LT"), ":0\r\n");
    assert.equal(await c.call("PEXPIREAT", "k", "9007199254740993", "GT"), ":1\r\n");
    assert.equal(await c.call("PEXPIRETIME", "k"), ":9007199254740993\r\n");
    assert.equal(await c.call("EXPIRE", "k", "9223370336854775"), ":1\r\n");
    assert.equal(await c.call("PEXPIRETIME", "k"), ":9223372036854775123\r\n");
    assert.equal(
      await c.call("EXPIRE", "k", "9223370336854776"),
      `-ERR invalid expire time in 'expire' command\r\n`,
    );
  } finally {
    c.close();
  }
});

Deno.test("expiry: RENAME, MOVE and COPY carry the TTL along", async () => {
  const clock = new ManualClock(1_700_000_000_000);
  await using server = await startRespire({ clock });
  server.server.engine.activeExpireEnabled = false;
  const c = await RawClient.connect(server.port);
  try {
    await c.call("SET", "a", "v", "PX", "1000");
    await c.call("RENAME", "a", "b");
    assert.equal(await c.call("PTTL", "b"), ":1000\r\n");
    await c.call("COPY", "b", "c");
    assert.equal(await c.call("PTTL", "c"), ":1000\r\n");
    await c.call("MOVE", "c", "1");
    await c.call("SELECT", "1");
    assert.equal(await c.call("PTTL", "c"), ":1000\r\n");
    clock.advance(1000);
    assert.equal(await c.call("EXISTS", "c"), ":0\r\n");
    await c.call("SELECT", "0");
    assert.equal(await c.call("EXISTS", "b"), ":0\r\n");
  } finally {
    c.close();
  }
});
