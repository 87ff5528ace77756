/**
 * The embedding API's loadData option: an embedded server loads what a previous one saved
 * (RDB, and the AOF when appendonly is on), starts empty without the option, and refuses a
 * corrupt file instead of starting. Each server runs in a child process (helpers/
 * embed_child.ts), since `dir` changes the working directory of the process it runs in.
 */
import assert from "node:assert/strict";
import { tempDir } from "./persistence_helpers.ts";

interface ChildResult {
  replies?: string[];
  error?: string;
}

async function embedded(options: unknown, commands: string[][]): Promise<ChildResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../helpers/embed_child.ts", import.meta.url).pathname,
      JSON.stringify(options),
      JSON.stringify(commands),
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return JSON.parse(text.split("\n").at(-1)!);
}

Deno.test("embed: loadData reads dump.rdb, and only when asked", async () => {
  const dir = tempDir();
  const config = { dir, save: "" };
  try {
    const saved = await embedded({ config }, [
      ["SET", "k", "saved"],
      ["RPUSH", "l", "a", "b"],
      ["SAVE"],
    ]);
    assert.deepEqual(saved.replies, ["+OK\r\n", ":2\r\n", "+OK\r\n"]);
    assert.deepEqual((await embedded({ config }, [["DBSIZE"]])).replies, [":0\r\n"]);
    const loaded = await embedded({ loadData: true, config }, [
      ["GET", "k"],
      ["LRANGE", "l", "0", "-1"],
    ]);
    assert.deepEqual(loaded.replies, ["$5\r\nsaved\r\n", "*2\r\n$1\r\na\r\n$1\r\nb\r\n"]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("embed: loadData replays the AOF when appendonly is on", async () => {
  const dir = tempDir();
  const config = { dir, save: "", appendonly: "yes" };
  try {
    const logged = await embedded({ loadData: true, config }, [
      ["SET", "k", "logged"],
      ["INCR", "n"],
    ]);
    assert.deepEqual(logged.replies, ["+OK\r\n", ":1\r\n"]);
    const replayed = await embedded({ loadData: true, config }, [["GET", "k"], ["GET", "n"]]);
    assert.deepEqual(replayed.replies, ["$6\r\nlogged\r\n", "$1\r\n1\r\n"]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("embed: a corrupt dump.rdb makes loadData reject, and the file stays", async () => {
  const dir = tempDir();
  try {
    const garbage = new TextEncoder().encode("REDIS0010 this is not an rdb file");
    Deno.writeFileSync(`${dir}/dump.rdb`, garbage);
    const r = await embedded({ loadData: true, config: { dir, save: "" } }, [["PING"]]);
    assert.ok(r.error !== undefined, JSON.stringify(r));
    assert.deepEqual(Deno.readFileSync(`${dir}/dump.rdb`), garbage);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
