/**
 * The embedding API's loadData option: an embedded server loads what a previous one saved
 * (RDB, and the AOF when appendonly is on), starts empty without the option, and refuses a
 * corrupt file instead of starting.
 */
import assert from "node:assert/strict";
import { startServer } from "../../mod.ts";
import { RawClient } from "../helpers/raw_client.ts";
import { tempDir } from "./persistence_helpers.ts";

async function call(port: number, ...args: string[]): Promise<string> {
  const c = await RawClient.connect(port);
  try {
    return await c.call(...args);
  } finally {
    c.close();
  }
}

Deno.test("embed: loadData reads dump.rdb, and only when asked", async () => {
  const dir = tempDir();
  try {
    {
      await using s = await startServer({ config: { dir, save: "" } });
      await call(s.port, "SET", "k", "saved");
      await call(s.port, "RPUSH", "l", "a", "b");
      assert.equal(await call(s.port, "SAVE"), "+OK\r\n");
    }
    {
      await using s = await startServer({ config: { dir, save: "" } });
      assert.equal(await call(s.port, "DBSIZE"), ":0\r\n");
    }
    {
      await using s = await startServer({ loadData: true, config: { dir, save: "" } });
      assert.equal(await call(s.port, "GET", "k"), "$5\r\nsaved\r\n");
      assert.equal(await call(s.port, "LRANGE", "l", "0", "-1"), "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("embed: loadData replays the AOF when appendonly is on", async () => {
  const dir = tempDir();
  const config = { dir, save: "", appendonly: "yes" };
  try {
    {
      await using s = await startServer({ loadData: true, config });
      await call(s.port, "SET", "k", "logged");
      await call(s.port, "INCR", "n");
    }
    {
      await using s = await startServer({ loadData: true, config });
      assert.equal(await call(s.port, "GET", "k"), "$6\r\nlogged\r\n");
      assert.equal(await call(s.port, "GET", "n"), "$1\r\n1\r\n");
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("embed: a corrupt dump.rdb makes loadData reject, and the file stays", async () => {
  const dir = tempDir();
  try {
    const garbage = new TextEncoder().encode("REDIS0010 this is not an rdb file");
    Deno.writeFileSync(`${dir}/dump.rdb`, garbage);
    await assert.rejects(startServer({ loadData: true, config: { dir, save: "" } }));
    assert.deepEqual(Deno.readFileSync(`${dir}/dump.rdb`), garbage);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
