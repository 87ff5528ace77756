/**
 * `dir` as redis-server has it (it chdirs there), while respire only records it: the same
 * replies to CONFIG SET/GET dir, relative names resolved against the current dir, chdir's
 * errors, and the files landing in dir, with this process's working directory untouched.
 */
import assert from "node:assert/strict";
import { compat } from "../helpers/compat.ts";

const OPTIONS = { config: { save: "", "enable-protected-configs": "yes" }, bothProtocols: false };

Deno.test("compat: CONFIG SET dir resolves and fails like redis-server's chdir", async () => {
  const base = Deno.realPathSync(await Deno.makeTempDir({ prefix: "respire-dir-" }));
  const cwd = Deno.cwd();
  try {
    Deno.mkdirSync(`${base}/sub/deeper`, { recursive: true });
    Deno.writeTextFileSync(`${base}/file`, "");
    Deno.symlinkSync(`${base}/sub`, `${base}/link`);
    await compat(async (t) => {
      const set = (...a: string[]) => t.same("CONFIG", "SET", ...a);
      const get = () => t.same("CONFIG", "GET", "dir");
      await set("dir", base);
      await get();
      // relative to the current dir, as chdir is
      await set("dir", "sub");
      await get();
      await set("dir", "deeper/..");
      await get();
      await set("dir", "..");
      await get();
      await set("dir", "./link");
      await get(); // getcwd() resolves the link
      await set("dir", base + "/");
      await get();
      // chdir's errors, and nothing changes
      await set("dir", "nosuch");
      await set("dir", `${base}/nosuch/deeper`);
      await set("dir", "file");
      await set("dir", "file/x");
      await set("dir", "");
      await get();
      // all or nothing: a refused dir undoes the other parameters
      await set("hz", "17", "dir", "nosuch");
      await t.same("CONFIG", "GET", "hz");
      await set("dir", "sub", "hz", "18");
      await get();
      await t.same("CONFIG", "GET", "hz");
      await set("hz", "10");
    }, OPTIONS);
    assert.equal(Deno.cwd(), cwd, "the process's working directory moved");
  } finally {
    Deno.removeSync(base, { recursive: true });
  }
});

Deno.test("compat: relative dbfilename and appenddirname land in dir", async () => {
  const base = Deno.realPathSync(await Deno.makeTempDir({ prefix: "respire-dir-" }));
  const cwd = Deno.cwd();
  try {
    Deno.mkdirSync(`${base}/redis`);
    Deno.mkdirSync(`${base}/respire`);
    await compat(async (t) => {
      // each server in its own directory, reached by a relative path from the same parent
      await t.both("CONFIG", "SET", "dir", base);
      await t.redis.call("CONFIG", "SET", "dir", "redis");
      await t.respire.call("CONFIG", "SET", "dir", "respire");
      await t.same("CONFIG", "SET", "dbfilename", "relative.rdb");
      await t.same("SET", "k", "v");
      await t.same("SAVE");
      // appenddirname is immutable: the default, relative, is in dir
      await t.same("CONFIG", "SET", "appendonly", "yes");
      // the AOF rewrite that turning it on starts runs in the background
      const written = () =>
        existsAof(`${base}/respire/appendonlydir`) && existsAof(`${base}/redis/appendonlydir`);
      for (let i = 0; i < 250 && !written(); i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      await t.same("CONFIG", "SET", "appendonly", "no");
    }, OPTIONS);
    for (const server of ["redis", "respire"]) {
      assert.ok(Deno.statSync(`${base}/${server}/relative.rdb`).isFile, `${server}: no dump`);
      assert.ok(existsAof(`${base}/${server}/appendonlydir`), `${server}: no AOF manifest`);
    }
    assert.equal(Deno.cwd(), cwd, "the process's working directory moved");
  } finally {
    Deno.removeSync(base, { recursive: true });
  }
});

function existsAof(dir: string): boolean {
  try {
    return [...Deno.readDirSync(dir)].some((e) => e.name.endsWith(".manifest"));
  } catch {
    return false;
  }
}
