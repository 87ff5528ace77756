/**
 * Startup and shutdown around the RDB file: a corrupt or truncated file stops startup with a
 * clear message and stays untouched; commands get -LOADING while a large file loads; SHUTDOWN
 * and SIGTERM save when save points are configured; a failed background save turns writes
 * into -MISCONF, exactly as in redis-server.
 */
import assert from "node:assert/strict";
import { RawClient } from "../helpers/raw_client.ts";
import { startRespireProcess } from "../helpers/servers.ts";
import {
  pipeline,
  q,
  redisIn,
  respireIn,
  respireStartupFailure,
  tempDir,
  text,
} from "./persistence_helpers.ts";

/** A small valid dump.rdb written by respire. */
async function writeDump(dir: string, keys = 50): Promise<Uint8Array> {
  await using respire = await respireIn(dir);
  const c = await RawClient.connect(respire.port);
  const cmds: string[][] = [];
  for (let i = 0; i < keys; i++) cmds.push(["SET", `key:${i}`, `value:${i}`.repeat(3)]);
  cmds.push(["HSET", "h", "a", "1"], ["SAVE"]);
  await pipeline(c, cmds);
  c.close();
  return Deno.readFileSync(`${dir}/dump.rdb`);
}

Deno.test("rdb startup: a bad checksum stops startup and the file is left as it was", async () => {
  const dir = tempDir();
  const good = await writeDump(dir);
  const bad = good.slice();
  bad[Math.floor(bad.length / 2)] ^= 0x20; // inside a value: still parses, checksum differs
  Deno.writeFileSync(`${dir}/dump.rdb`, bad);
  const r = await respireStartupFailure(dir, ["--save", "60", "1"]);
  assert.notEqual(r.code, 0);
  assert.match(r.log, /Wrong RDB checksum expected: \([0-9a-f]+\) got \([0-9a-f]+\)/);
  assert.match(r.log, /left untouched/);
  assert.deepEqual(Deno.readFileSync(`${dir}/dump.rdb`), bad);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("rdb startup: a truncated file stops startup with a clear message", async () => {
  const dir = tempDir();
  const good = await writeDump(dir);
  const cut = good.slice(0, good.length - 30);
  Deno.writeFileSync(`${dir}/dump.rdb`, cut);
  const r = await respireStartupFailure(dir);
  assert.notEqual(r.code, 0);
  assert.match(r.log, /Error loading the RDB file dump\.rdb .*unexpected end of data/);
  assert.deepEqual(Deno.readFileSync(`${dir}/dump.rdb`), cut);
  // not an RDB file at all
  Deno.writeFileSync(`${dir}/dump.rdb`, new TextEncoder().encode("hello world"));
  const r2 = await respireStartupFailure(dir);
  assert.notEqual(r2.code, 0);
  assert.match(r2.log, /Wrong signature trying to load DB from file/);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("rdb startup: commands get -LOADING while a large file loads", async () => {
  const dir = tempDir();
  {
    await using redis = await redisIn(dir);
    const c = await RawClient.connect(redis.port);
    await q(c, "DEBUG", "POPULATE", "600000", "key", "20");
    await q(c, "SAVE");
    c.close();
  }
  await using respire = await startRespireProcess(["--dir", dir, "--save", ""]);
  const c = await RawClient.connect(respire.port);
  const first = await q(c, "GET", "key:1");
  assert.equal(first.type, "error");
  assert.equal(text(first), "ERR:LOADING Redis is loading the dataset in memory");
  const info = text(await q(c, "INFO", "persistence"));
  assert.match(info, /loading:1\r\n/);
  assert.match(info, /loading_total_bytes:\d+\r\n/);
  // LASTSAVE has the loading flag, so it is served meanwhile
  assert.equal((await q(c, "LASTSAVE")).type, "int");
  for (;;) {
    const r = await q(c, "GET", "key:1");
    if (r.type !== "error") {
      // DEBUG POPULATE pads values with zero bytes to the requested size
      assert.equal(text(r), "value:1".padEnd(20, "\0"));
      break;
    }
    await new Promise((res) => setTimeout(res, 50));
  }
  assert.equal(text(await q(c, "DBSIZE")), "600000");
  c.close();
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("rdb shutdown: SHUTDOWN and SIGTERM save when save points are configured", async () => {
  const dir = tempDir();
  {
    await using respire = await startRespireProcess(["--dir", dir, "--save", "3600", "1"]);
    const c = await RawClient.connect(respire.port);
    await q(c, "SET", "k", "from-shutdown");
    await c.send("SHUTDOWN");
    assert.ok(await c.waitClosed());
    assert.equal((await respire.child.status).code, 0);
    c.close();
  }
  {
    await using respire = await respireIn(dir);
    const c = await RawClient.connect(respire.port);
    assert.equal(text(await q(c, "GET", "k")), "from-shutdown");
    c.close();
  }
  {
    await using respire = await startRespireProcess(["--dir", dir, "--save", "3600", "1"]);
    const c = await RawClient.connect(respire.port);
    assert.equal(text(await q(c, "GET", "k")), "from-shutdown");
    await q(c, "SET", "k", "from-sigterm");
    c.close();
    respire.child.kill("SIGTERM");
    assert.equal((await respire.child.status).code, 0);
  }
  {
    // no save points: SIGTERM exits without writing
    await using respire = await startRespireProcess(["--dir", dir, "--save", ""]);
    const c = await RawClient.connect(respire.port);
    assert.equal(text(await q(c, "GET", "k")), "from-sigterm");
    await q(c, "SET", "k", "not-saved");
    c.close();
    respire.child.kill("SIGTERM");
    assert.equal((await respire.child.status).code, 0);
  }
  await using respire = await respireIn(dir);
  const c = await RawClient.connect(respire.port);
  assert.equal(text(await q(c, "GET", "k")), "from-sigterm");
  c.close();
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("rdb: a failed BGSAVE turns writes into -MISCONF, as in redis-server", async () => {
  const replies: string[][] = [];
  for (const which of ["redis", "respire"]) {
    const dir = tempDir();
    const args = ["--save", "3600", "1"];
    await using server = which === "redis" ? await redisIn(dir, args) : await respireIn(dir, args);
    // dump.rdb as a non-empty directory: the save's final rename fails
    Deno.mkdirSync(`${dir}/dump.rdb/inside`, { recursive: true });
    const c = await RawClient.connect(server.port);
    const out: string[] = [];
    out.push(text(await q(c, "SET", "a", "1")));
    out.push(text(await q(c, "BGSAVE")));
    for (;;) {
      const info = text(await q(c, "INFO", "persistence"));
      if (info.includes("rdb_bgsave_in_progress:0")) {
        out.push(/rdb_last_bgsave_status:(\w+)/.exec(info)![1]);
        break;
      }
      await new Promise((res) => setTimeout(res, 20));
    }
    out.push(text(await q(c, "SET", "b", "2")));
    out.push(text(await q(c, "PING")));
    out.push(text(await q(c, "GET", "a")));
    // turning the option off lifts the refusal
    await q(c, "CONFIG", "SET", "stop-writes-on-bgsave-error", "no");
    out.push(text(await q(c, "SET", "b", "2")));
    c.close();
    replies.push(out);
    Deno.removeSync(dir, { recursive: true });
  }
  assert.deepEqual(replies[1], replies[0]);
  assert.equal(replies[0][2], "err");
  assert.match(replies[0][3], /^ERR:MISCONF /);
});
