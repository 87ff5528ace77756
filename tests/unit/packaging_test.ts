/**
 * Packaging checks that run anywhere: the Dockerfile and the compile task agree with each other
 * and with what the image needs. Building the executable needs Deno's runtime (denort), which
 * `deno compile` downloads; where that is impossible the compile test says so and is skipped.
 */
import assert from "node:assert/strict";
import { RawClient } from "../helpers/raw_client.ts";
import { freePort } from "../helpers/servers.ts";

const root = new URL("../../", import.meta.url);
const denoJson = JSON.parse(Deno.readTextFileSync(new URL("deno.json", root)));
const dockerfile = Deno.readTextFileSync(new URL("Dockerfile", root));

function launchFlags(cmd: string): string[] {
  return cmd.split(/\s+/).filter((w) => w.startsWith("--allow-") || w.startsWith("--v8-flags"))
    .sort();
}

Deno.test("packaging: the start and compile tasks run main.ts with the same flags", () => {
  assert.deepEqual(launchFlags(denoJson.tasks.start), launchFlags(denoJson.tasks.compile));
  // the young generation's size is part of the memory figures in docs/performance.md
  assert.ok(launchFlags(denoJson.tasks.start).includes("--v8-flags=--max-semi-space-size=4"));
});

Deno.test("packaging: the compile task builds dist/respire from main.ts", () => {
  const task: string = denoJson.tasks.compile;
  assert.match(task, /^deno compile /);
  assert.match(task, /--output dist\/respire main\.ts$/);
});

Deno.test("packaging: the Dockerfile compiles with the same permissions and runs as non-root", () => {
  const compileLine = dockerfile.split("\n").filter((l) => /deno compile|--allow-|--output/.test(l))
    .join(" ");
  assert.deepEqual(launchFlags(compileLine), launchFlags(denoJson.tasks.compile));
  assert.match(
    dockerfile,
    /^FROM denoland\/deno:2\.9\.6 AS build$/m,
    "builder pinned to Deno 2.9.6",
  );
  assert.match(dockerfile, /^USER respire$/m);
  assert.match(dockerfile, /^VOLUME \/data$/m);
  assert.match(dockerfile, /^EXPOSE 6379$/m);
  assert.match(dockerfile, /^HEALTHCHECK /m);
  // every path the build copies exists
  for (const m of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
    for (const path of m[1].split(/\s+/)) Deno.statSync(new URL(path, root));
  }
});

const canCompile = Deno.env.get("RESPIRE_TEST_COMPILE") === "1" ||
  Deno.env.get("DENORT_BIN") !== undefined;
if (!canCompile) {
  console.log(
    "packaging: skipping the `deno compile` test: it downloads Deno's runtime (denort), which this " +
      "environment cannot reach. Set RESPIRE_TEST_COMPILE=1 (or DENORT_BIN) where it can.",
  );
}

Deno.test({
  name: "packaging: the compiled executable serves PING (needs denort; see the log line above)",
  ignore: !canCompile,
  async fn() {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["task", "compile"],
      cwd: root.pathname,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const port = freePort();
    const child = new Deno.Command(new URL("dist/respire", root).pathname, {
      args: ["--port", String(port), "--save", ""],
      stdout: "null",
      stderr: "null",
    }).spawn();
    try {
      let client: RawClient | undefined;
      for (let i = 0; i < 100 && !client; i++) {
        try {
          client = await RawClient.connect(port);
        } catch {
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      assert.ok(client, "the executable listens");
      // decorators registered the commands inside the compiled binary too
      assert.equal(await client.call("PING"), "+PONG\r\n");
      assert.equal(await client.call("SET", "k", "v"), "+OK\r\n");
      client.close();
    } finally {
      child.kill("SIGKILL");
      await child.status;
    }
  },
});
