/**
 * RDB files between respire and real redis-server 7.0, in both directions, with every type
 * and encoding: redis-server saves → respire loads; respire saves → redis-check-rdb accepts
 * and redis-server loads; respire saves (SAVE and BGSAVE) → respire loads.
 */
import assert from "node:assert/strict";
import "../../src/commands/mod.ts";
import { registry } from "../../src/commands/registry.ts";
import { RawClient } from "../helpers/raw_client.ts";
import {
  assertSameData,
  datasetCommands,
  describeAll,
  pipeline,
  q,
  redisIn,
  respireIn,
  runTool,
  tempDir,
  text,
} from "./persistence_helpers.ts";

const withLists = registry.lookup("rpush") !== undefined;

async function waitBgsave(c: RawClient): Promise<void> {
  for (;;) {
    const info = text(await q(c, "INFO", "persistence"));
    if (info.includes("rdb_bgsave_in_progress:0")) {
      assert.ok(info.includes("rdb_last_bgsave_status:ok"), info);
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

Deno.test("rdb: a dump.rdb written by redis-server 7.0 loads into respire", async () => {
  const dir = tempDir();
  let expected: Map<string, string>;
  {
    await using redis = await redisIn(dir);
    const c = await RawClient.connect(redis.port);
    await pipeline(c, datasetCommands(withLists));
    expected = await describeAll(c);
    assert.equal(text(await q(c, "SAVE")), "OK");
    c.close();
  }
  await using respire = await respireIn(dir);
  const c = await RawClient.connect(respire.port);
  assertSameData(await describeAll(c), expected, "respire after loading Redis's file");
  const info = text(await q(c, "INFO", "persistence"));
  assert.match(info, new RegExp(`rdb_last_load_keys_loaded:${expected.size}\r\n`));
  c.close();
  Deno.removeSync(dir, { recursive: true });
});

for (const variant of [[], ["--rdbcompression", "no", "--rdbchecksum", "no"]]) {
  Deno.test(`rdb: respire's dump.rdb passes redis-check-rdb and loads into redis-server ${variant.join(" ")}`, async () => {
    const dir = tempDir();
    let expected: Map<string, string>;
    {
      await using respire = await respireIn(dir, variant);
      const c = await RawClient.connect(respire.port);
      await pipeline(c, datasetCommands(withLists));
      expected = await describeAll(c);
      assert.equal(text(await q(c, "SAVE")), "OK");
      c.close();
    }
    const check = await runTool("redis-check-rdb", [`${dir}/dump.rdb`]);
    assert.equal(check.code, 0, check.out);
    assert.match(check.out, /RDB looks OK/);
    if (variant.length === 0) assert.match(check.out, /Checksum OK/);
    await using redis = await redisIn(dir);
    const c = await RawClient.connect(redis.port);
    assertSameData(await describeAll(c), expected, "redis-server after loading respire's file");
    c.close();
    Deno.removeSync(dir, { recursive: true });
  });
}

Deno.test("rdb: respire's BGSAVE output loads back into respire", async () => {
  const dir = tempDir();
  let expected: Map<string, string>;
  {
    await using respire = await respireIn(dir);
    const c = await RawClient.connect(respire.port);
    await pipeline(c, datasetCommands(withLists));
    expected = await describeAll(c);
    assert.equal(text(await q(c, "BGSAVE")), "Background saving started");
    await waitBgsave(c);
    const lastsave = Number(text(await q(c, "LASTSAVE")));
    assert.ok(Math.abs(lastsave - Date.now() / 1000) < 5);
    c.close();
  }
  const check = await runTool("redis-check-rdb", [`${dir}/dump.rdb`]);
  assert.equal(check.code, 0, check.out);
  await using respire = await respireIn(dir);
  const c = await RawClient.connect(respire.port);
  assertSameData(await describeAll(c), expected, "respire after loading its own BGSAVE");
  c.close();
  Deno.removeSync(dir, { recursive: true });
});
