/**
 * BGSAVE takes a point-in-time image while the server keeps serving writes: the same dataset
 * goes to respire and to a reference redis-server; respire then runs BGSAVE while a second
 * client rewrites, deletes, renames, moves, expires and flushes keys. The file BGSAVE wrote is
 * loaded into another redis-server, whose DEBUG DIGEST must equal the reference's: the
 * writes made during the save are not in the image, and nothing from before is missing.
 */
import assert from "node:assert/strict";
import { RawClient } from "../helpers/raw_client.ts";
import { pipeline, q, redisIn, respireIn, tempDir, text } from "./persistence_helpers.ts";

const STRINGS = 150000;
const FAR = "32503680000000"; // year 3000, as an absolute PXAT so both servers agree

function population(): string[][] {
  const cmds: string[][] = [];
  for (let i = 0; i < STRINGS; i++) {
    cmds.push(i % 10 === 0 ? ["SET", `s:${i}`, `v${i}`, "PXAT", FAR] : ["SET", `s:${i}`, `v${i}`]);
  }
  for (let i = 0; i < 2000; i++) {
    cmds.push(["HSET", `h:${i}`, "a", String(i), "b", `x${i}`]);
    cmds.push(["SADD", `set:${i}`, String(i), String(i + 1), `m${i}`]);
    cmds.push(["ZADD", `z:${i}`, String(i), "a", String(-i), "b"]);
    cmds.push(["RPUSH", `l:${i}`, "a", String(i), "c"]);
  }
  const big = (cmd: string, key: string, n: number, f: (j: number) => string[]) => {
    const c = [cmd, key];
    for (let j = 0; j < n; j++) c.push(...f(j));
    cmds.push(c);
  };
  big("HSET", "bighash", 20000, (j) => [`f${j}`, `v${j}`]);
  big("SADD", "bigset", 20000, (j) => [`m${j}`]);
  big("ZADD", "bigzset", 20000, (j) => [String(j * 1.5), `m${j}`]);
  big("RPUSH", "biglist", 20000, (j) => [`e${j}`]);
  cmds.push(["SELECT", "1"]);
  for (let i = 0; i < 5000; i++) cmds.push(["SET", `db1:${i}`, String(i)]);
  cmds.push(["SELECT", "2"]);
  for (let i = 0; i < 5000; i++) cmds.push(["SET", `db2:${i}`, String(i)]);
  cmds.push(["SELECT", "0"]);
  return cmds;
}

/** Writes that touch keys all over the keyspace, including ones the save has not reached. */
function mutations(): string[][] {
  const cmds: string[][] = [];
  for (let i = STRINGS - 1; i >= 0; i -= 97) {
    cmds.push(["SET", `s:${i}`, "changed"]);
    cmds.push(["DEL", `s:${i - 1}`]);
    cmds.push(["PEXPIRE", `s:${i - 2}`, "100000000"]);
    cmds.push(["PERSIST", `s:${i - 10}`]);
    cmds.push(["RENAME", `s:${i - 3}`, `renamed:${i}`]);
    cmds.push(["SET", `new:${i}`, "created during the save"]);
  }
  for (let i = 1999; i >= 0; i -= 13) {
    cmds.push(["HSET", `h:${i}`, "a", "changed", "c", "new"]);
    cmds.push(["HDEL", `h:${i}`, "b"]);
    cmds.push(["SADD", `set:${i}`, "added"]);
    cmds.push(["SREM", `set:${i}`, String(i)]);
    cmds.push(["ZADD", `z:${i}`, "100", "a", "5", "c"]);
    cmds.push(["LPUSH", `l:${i}`, "front"]);
    cmds.push(["RPOP", `l:${i}`]);
    cmds.push(["MOVE", `l:${i}`, "3"]);
  }
  cmds.push(["HSET", "bighash", "f1", "changed", "new", "field"]);
  cmds.push(["SREM", "bigset", "m5", "m19999"]);
  cmds.push(["ZINCRBY", "bigzset", "1000", "m7"]);
  cmds.push(["LPOP", "biglist", "100"]);
  cmds.push(["RENAME", "bighash", "bighash2"]);
  cmds.push(["SWAPDB", "0", "2"]);
  cmds.push(["SELECT", "1"], ["FLUSHDB"], ["SET", "db1:new", "x"], ["SELECT", "0"]);
  return cmds;
}

async function digest(port: number): Promise<string> {
  const c = await RawClient.connect(port);
  const d = text(await q(c, "DEBUG", "DIGEST"));
  c.close();
  return d;
}

async function populate(c: RawClient): Promise<void> {
  const cmds = population();
  for (let i = 0; i < cmds.length; i += 5000) await pipeline(c, cmds.slice(i, i + 5000));
}

Deno.test("bgsave: the image is the dataset at the start, whatever is written meanwhile", async () => {
  let expected: string;
  {
    await using reference = await redisIn(tempDir());
    const c = await RawClient.connect(reference.port);
    await populate(c);
    c.close();
    expected = await digest(reference.port);
  }
  const dir = tempDir();
  {
    await using respire = await respireIn(dir);
    const c = await RawClient.connect(respire.port);
    await populate(c);
    assert.equal(text(await q(c, "BGSAVE")), "Background saving started");
    const muts = mutations();
    for (const m of muts) await c.send(...m);
    let inProgressAfterWrites = false;
    await c.send("INFO", "persistence");
    for (let i = 0; i <= muts.length; i++) {
      const r = (await c.read(30000)).reply;
      if (i === muts.length) inProgressAfterWrites = text(r).includes("rdb_bgsave_in_progress:1");
    }
    // the writes must have overlapped the save for this test to mean anything
    assert.ok(inProgressAfterWrites, "the save ended before the writes were applied");
    for (;;) {
      const info = text(await q(c, "INFO", "persistence"));
      if (info.includes("rdb_bgsave_in_progress:0")) {
        assert.match(info, /rdb_last_bgsave_status:ok/);
        break;
      }
      await new Promise((res) => setTimeout(res, 20));
    }
    // the live dataset did change
    assert.equal(text(await q(c, "GET", "db2:7")), "7");
    c.close();
  }
  await using loaded = await redisIn(dir);
  assert.equal(await digest(loaded.port), expected);
  Deno.removeSync(dir, { recursive: true });
});
