/**
 * The append-only file against real Redis 7.0: respire's AOF directory passes
 * redis-check-aof and loads into redis-server (and back into respire) with the same data;
 * respire loads directories redis-server wrote; BGREWRITEAOF; a truncated last command is
 * dropped (aof-load-truncated) and corruption elsewhere stops startup; and acknowledged
 * writes survive kill -9.
 */
import assert from "node:assert/strict";
import { RawClient } from "../helpers/raw_client.ts";
import { startRespireProcess } from "../helpers/servers.ts";
import {
  assertSameData,
  datasetCommands,
  describeAll,
  pipeline,
  q,
  redisIn,
  respireIn,
  respireStartupFailure,
  runTool,
  tempDir,
  text,
} from "./persistence_helpers.ts";

const AOF = ["--appendonly", "yes"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes of every kind the AOF must turn into something that replays to the same data. */
async function workload(port: number): Promise<void> {
  const c = await RawClient.connect(port);
  const other = await RawClient.connect(port);
  await pipeline(c, datasetCommands(true));
  await pipeline(c, [
    ["SET", "rel", "v", "EX", "1000"],
    ["SETEX", "setex", "1000", "v"],
    ["PSETEX", "psetex", "1000000", "v"],
    ["SET", "gex", "v"],
    ["GETEX", "gex", "PX", "500000"],
    ["EXPIRE", "hash:small", "900"],
    ["PEXPIRE", "str:int", "800000"],
    ["EXPIREAT", "str:neg", "4102444800"],
    ["PERSIST", "str:ttl"],
    ["INCRBYFLOAT", "float", "1.1"],
    ["INCRBYFLOAT", "float", "2.2"],
    ["HINCRBYFLOAT", "hash:small", "f4", "0.25"],
    ["SPOP", "set:bigstr"],
    ["SPOP", "set:bigint", "7"],
    ["SPOP", "set:int16", "100"],
    ["INCR", "counter"],
    ["APPEND", "str:embstr", "!"],
    ["LPOP", "list:big", "3"],
    ["ZINCRBY", "zset:small", "2", "one"],
    ["RENAME", "str:raw", "str:renamed"],
    ["COPY", "hash:big", "hash:copy"],
    ["MOVE", "str:binary", "5"],
    ["SELECT", "3"],
    ["SET", "db3:other", "x"],
    ["SELECT", "0"],
    ["SWAPDB", "3", "4"],
    ["SET", "gone", "soon", "PX", "1"],
    ["MULTI"],
    ["INCR", "counter"],
    ["SADD", "txset", "a", "b"],
    ["SELECT", "7"],
    ["SET", "in-db7", "yes"],
    ["EXEC"],
    ["SELECT", "0"],
    ["BLPOP", "list:small", "0"],
    ["BZPOPMIN", "zset:small", "0"],
  ]);
  // a key that expires and is then written again (its deletion must be in the AOF)
  await sleep(20);
  await pipeline(c, [["GET", "gone"], ["SET", "gone", "back"]]);
  // a blocked client served later by another client's push
  await other.send("BRPOP", "waiting", "0");
  await sleep(50);
  await pipeline(c, [["RPUSH", "waiting", "a", "b", "c"]]);
  await other.read();
  // RESTORE with a relative TTL
  const dump = await q(c, "DUMP", "hash:big");
  await pipeline(c, [["RESTORE", "restored", "600000", text(dump)]]);
  await pipeline(c, [["SELECT", "1"], ["FLUSHDB"], ["SET", "db1:after-flush", "1"], [
    "SELECT",
    "0",
  ]]);
  c.close();
  other.close();
}

Deno.test("aof: respire's AOF passes redis-check-aof and loads into redis-server and respire", async () => {
  const dir = tempDir();
  let expected: Map<string, string>;
  {
    await using respire = await respireIn(dir, AOF);
    await workload(respire.port);
    const c = await RawClient.connect(respire.port);
    expected = await describeAll(c);
    c.close();
  } // killed with SIGKILL: no shutdown code runs
  const check = await runTool("redis-check-aof", [`${dir}/appendonlydir/appendonly.aof.manifest`]);
  assert.equal(check.code, 0, check.out);
  assert.match(check.out, /All AOF files and manifest are valid/);
  {
    await using redis = await redisIn(dir, AOF);
    const c = await RawClient.connect(redis.port);
    assertSameData(await describeAll(c), expected, "redis-server loading respire's AOF");
    c.close();
  }
  // redis-server appended nothing new; respire reads the same directory back
  await using respire = await respireIn(dir, AOF);
  const c = await RawClient.connect(respire.port);
  assertSameData(await describeAll(c), expected, "respire reloading its AOF");
  c.close();
  Deno.removeSync(dir, { recursive: true });
});

for (const preamble of ["yes", "no"]) {
  Deno.test(`aof: respire loads an AOF directory redis-server wrote (aof-use-rdb-preamble ${preamble})`, async () => {
    const dir = tempDir();
    let expected: Map<string, string>;
    {
      await using redis = await redisIn(dir, [...AOF, "--aof-use-rdb-preamble", preamble]);
      const c = await RawClient.connect(redis.port);
      await pipeline(c, datasetCommands(true));
      // a rewrite, so the base holds data, then more writes into the new incremental file
      assert.equal(
        text(await q(c, "BGREWRITEAOF")),
        "Background append only file rewriting started",
      );
      for (;;) {
        if (text(await q(c, "INFO", "persistence")).includes("aof_rewrite_in_progress:0")) break;
        await sleep(20);
      }
      await pipeline(c, [
        ["SET", "after", "rewrite", "EX", "1000"],
        ["SPOP", "set:bigint", "3"],
        ["INCRBYFLOAT", "f", "3.5"],
        ["MULTI"],
        ["LPUSH", "list:small", "pushed"],
        ["HSET", "hash:small", "new", "field"],
        ["EXEC"],
      ]);
      expected = await describeAll(c);
      c.close();
    }
    await using respire = await respireIn(dir, [...AOF, "--aof-use-rdb-preamble", preamble]);
    const c = await RawClient.connect(respire.port);
    assertSameData(await describeAll(c), expected, "respire loading Redis's AOF");
    c.close();
    Deno.removeSync(dir, { recursive: true });
  });
}

Deno.test("aof: pops and expiries of collections are logged as the commands they amount to", async () => {
  // A queue consumer's BRPOP on a long list must append a pop, not the whole list again
  const dir = tempDir();
  const incr = `${dir}/appendonlydir/appendonly.aof.1.incr.aof`;
  {
    await using respire = await respireIn(dir, AOF);
    const c = await RawClient.connect(respire.port);
    const other = await RawClient.connect(respire.port);
    const many = Array.from({ length: 500 }, (_, i) => `element-${i}`);
    await pipeline(c, [
      ["RPUSH", "queue", ...many],
      ["SADD", "set", ...many],
      ["ZADD", "zset", "1", "a", "2", "b", "3", "c"],
    ]);
    const before = Deno.statSync(incr).size;
    await pipeline(c, [
      ["EXPIRE", "queue", "1000"],
      ["BLPOP", "queue", "0"],
      ["BLMPOP", "0", "1", "queue", "RIGHT", "COUNT", "2"],
      ["BLMOVE", "queue", "moved", "LEFT", "RIGHT", "0"],
      ["SPOP", "set"],
      ["SPOP", "set", "3"],
      ["SPOP", "set", "400"],
      ["BZPOPMIN", "zset", "0"],
      ["BZMPOP", "0", "1", "zset", "MAX", "COUNT", "5"],
      ["EXPIRE", "moved", "-1"],
    ]);
    // served later, by the push of another client
    await other.send("BRPOP", "later", "0");
    await sleep(50);
    await pipeline(c, [["RPUSH", "later", "x", "y"]]);
    await other.read();
    const appended = new TextDecoder().decode(Deno.readFileSync(incr).subarray(before));
    const commands = appended.split(/(?=\*\d+\r\n\$)/);
    const names = commands.map((cmd) => cmd.match(/^\*\d+\r\n\$\d+\r\n([A-Z]+)\r\n/)![1]);
    // SPOP with a count is one SREM per member, in a transaction, as Redis 7.0 writes it
    const srems = (n: number) => ["MULTI", ...Array(n).fill("SREM"), "EXEC"];
    assert.deepEqual(names, [
      "PEXPIREAT",
      "LPOP",
      "RPOP",
      "LMOVE",
      "SREM",
      ...srems(3),
      ...srems(400),
      "ZPOPMIN",
      "ZPOPMAX",
      "DEL",
      "RPUSH",
      "RPOP",
    ]);
    // no command carries a whole collection (a RESTORE of the 500-element list would)
    const largest = Math.max(...commands.map((cmd) => cmd.length));
    assert.ok(largest < 200, `a ${largest}-byte command appended`);
    c.close();
    other.close();
  }
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("aof: BGREWRITEAOF replaces the base and the incremental files", async () => {
  for (const preamble of ["yes", "no"]) {
    const dir = tempDir();
    const aofDir = `${dir}/appendonlydir`;
    let expected: Map<string, string>;
    {
      await using respire = await respireIn(dir, [...AOF, "--aof-use-rdb-preamble", preamble]);
      const c = await RawClient.connect(respire.port);
      await pipeline(c, datasetCommands(true));
      assert.equal(
        text(await q(c, "BGREWRITEAOF")),
        "Background append only file rewriting started",
      );
      // writes during the rewrite go to the new incremental file
      await pipeline(c, [["SET", "during", "rewrite"], ["DEL", "str:int"]]);
      for (;;) {
        const info = text(await q(c, "INFO", "persistence"));
        if (info.includes("aof_rewrite_in_progress:0")) {
          assert.match(info, /aof_last_bgrewrite_status:ok/);
          assert.match(info, /aof_rewrites:2/); // the one at startup and this one
          break;
        }
        await sleep(20);
      }
      await pipeline(c, [["SET", "after", "rewrite"]]);
      expected = await describeAll(c);
      c.close();
    }
    const files = [...Deno.readDirSync(aofDir)].map((e) => e.name).sort();
    const ext = preamble === "yes" ? "rdb" : "aof";
    assert.deepEqual(files, [
      `appendonly.aof.2.base.${ext}`,
      "appendonly.aof.2.incr.aof",
      "appendonly.aof.manifest",
    ]);
    const check = await runTool("redis-check-aof", [`${aofDir}/appendonly.aof.manifest`]);
    assert.equal(check.code, 0, check.out);
    await using redis = await redisIn(dir, AOF);
    const c = await RawClient.connect(redis.port);
    assertSameData(await describeAll(c), expected, `redis-server after a rewrite (${preamble})`);
    c.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("aof: a truncated last command is dropped; corruption elsewhere stops startup", async () => {
  const dir = tempDir();
  const incr = `${dir}/appendonlydir/appendonly.aof.1.incr.aof`;
  {
    await using respire = await respireIn(dir, AOF);
    const c = await RawClient.connect(respire.port);
    // the AOF's first base is written by a rewrite at startup: let it finish, so the
    // incremental file has its final name before the server is stopped
    for (;;) {
      const info = text(await q(c, "INFO", "persistence"));
      if (info.includes("aof_rewrite_in_progress:0")) break;
      await sleep(20);
    }
    await pipeline(c, [["SET", "a", "1"], ["SET", "b", "2"], ["SET", "c", "3"]]);
    c.close();
  }
  const whole = Deno.readFileSync(incr);
  // cut the last command (SET c 3) in the middle, as a crash mid-append would
  Deno.writeFileSync(incr, whole.subarray(0, whole.length - 5));
  {
    await using respire = await respireIn(dir, AOF);
    const c = await RawClient.connect(respire.port);
    assert.equal(text(await q(c, "GET", "a")), "1");
    assert.equal(text(await q(c, "GET", "b")), "2");
    assert.equal(text(await q(c, "GET", "c")), "(nil)");
    c.close();
  }
  // the file was cut back to its last complete command, so redis-check-aof is happy again
  const check = await runTool("redis-check-aof", [`${dir}/appendonlydir/appendonly.aof.manifest`]);
  assert.equal(check.code, 0, check.out);
  // with aof-load-truncated no, a truncated file stops startup
  const cut = Deno.readFileSync(incr);
  Deno.writeFileSync(incr, cut.subarray(0, cut.length - 3));
  const refused = await respireStartupFailure(dir, [...AOF, "--aof-load-truncated", "no"]);
  assert.notEqual(refused.code, 0);
  assert.match(refused.log, /Unexpected end of file reading the append only file/);
  // garbage in the middle stops startup whatever aof-load-truncated says
  const bad = cut.slice();
  // the second command's "*3" header becomes "!3"
  bad[bad.indexOf(42, 1)] = "!".charCodeAt(0);
  Deno.writeFileSync(incr, bad);
  const corrupt = await respireStartupFailure(dir, AOF);
  assert.notEqual(corrupt.code, 0);
  assert.match(corrupt.log, /Bad file format reading the append only file/);
  assert.deepEqual(Deno.readFileSync(incr), bad);
  Deno.removeSync(dir, { recursive: true });
});

/**
 * Writers hammer respire while it is killed with SIGKILL at a random moment; after a restart
 * every write that was acknowledged must be there. Returns how many were acknowledged.
 */
async function crashRound(fsync: string, seed: number): Promise<{ acked: number; lost: number }> {
  const dir = tempDir();
  await using respire = await startRespireProcess([
    "--dir",
    dir,
    "--save",
    "",
    ...AOF,
    "--appendfsync",
    fsync,
  ]);
  const acked: number[] = [];
  let stop = false;
  const writers = [0, 1, 2].map(async (w) => {
    const c = await RawClient.connect(respire.port);
    try {
      for (let i = w; !stop; i += 3) {
        await c.send("SET", `k:${i}`, `v:${i}`);
        const r = await c.read(5000);
        if (r.raw === "+OK\r\n") acked.push(i);
      }
    } catch { /* the server died under us */ }
    c.close();
  });
  await sleep(300 + (seed * 7919) % 700);
  respire.child.kill("SIGKILL");
  stop = true;
  await respire.child.status;
  await Promise.all(writers);
  await using again = await respireIn(dir, [...AOF, "--appendfsync", fsync]);
  const c = await RawClient.connect(again.port);
  let lost = 0;
  for (let i = 0; i < acked.length; i += 500) {
    const batch = acked.slice(i, i + 500);
    for (const k of batch) await c.send("GET", `k:${k}`);
    for (const k of batch) {
      const r = await c.read();
      if (text(r.reply) !== `v:${k}`) lost++;
    }
  }
  c.close();
  Deno.removeSync(dir, { recursive: true });
  return { acked: acked.length, lost };
}

Deno.test("aof: acknowledged writes survive kill -9 (appendfsync always and everysec)", async () => {
  for (const fsync of ["always", "everysec"]) {
    for (let round = 0; round < 3; round++) {
      const r = await crashRound(fsync, round + 1);
      console.log(`appendfsync ${fsync}: ${r.acked} writes acknowledged, ${r.lost} lost`);
      assert.ok(r.acked > 0, "the writers got no reply at all");
      assert.equal(r.lost, 0, `${fsync}: ${r.lost} of ${r.acked} acknowledged writes lost`);
    }
  }
});
