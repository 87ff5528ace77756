/**
 * What a process supervisor or test harness sees of a starting server: the log on stdout
 * (logfile ""), the logo with `Port:` and `PID:` lines (always-show-logo yes), the verbose
 * connection lines, SHUTDOWN SAVE's lines. Each check runs the same harness against
 * redis-server 7.0 and respire, so the two are compared side by side.
 */
import assert from "node:assert/strict";
import { RawClient } from "../helpers/raw_client.ts";
import { freePort, redisServerPath, respireCommandArgs } from "../helpers/servers.ts";

interface Started {
  child: Deno.ChildProcess;
  port: number;
  /** stdout read so far; `waitFor` reads on until `text` appears or the stream ends. */
  out: string;
  waitFor(text: string, timeoutMs?: number): Promise<boolean>;
  /** Waits for the exit, then returns all of stdout and stderr. */
  finish(): Promise<{ code: number; stdout: string; stderr: string }>;
  dir: string;
}

/** Starts a server the way a harness does: a config file, stdout and stderr piped. */
async function startAsHarness(which: "redis" | "respire", conf: string[]): Promise<Started> {
  const dir = await Deno.makeTempDir({ prefix: `respire-output-${which}-` });
  const port = freePort();
  const file = `${dir}/server.conf`;
  await Deno.writeTextFile(
    file,
    [`port ${port}`, "bind 127.0.0.1", `dir ${dir}`, 'save ""', 'logfile ""', ...conf].join("\n") +
      "\n",
  );
  const child = new Deno.Command(
    which === "redis" ? redisServerPath() : Deno.execPath(),
    {
      args: which === "redis" ? [file] : respireCommandArgs([file]),
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    },
  ).spawn();
  const reader = child.stdout.getReader();
  const decoder = new TextDecoder();
  const stderr = new Response(child.stderr).text();
  let ended = false;
  // a read still pending when a wait times out is kept for the next wait, not lost
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  const started: Started = {
    child,
    port,
    out: "",
    dir,
    async waitFor(text, timeoutMs = 20000) {
      const deadline = Date.now() + timeoutMs;
      while (!started.out.includes(text) && !ended && Date.now() < deadline) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        pending ??= reader.read();
        const r = await Promise.race([
          pending,
          new Promise<null>((resolve) => timer = setTimeout(() => resolve(null), 200)),
        ]);
        clearTimeout(timer);
        if (r === null) continue;
        pending = null;
        if (r.done) ended = true;
        else started.out += decoder.decode(r.value, { stream: true });
      }
      return started.out.includes(text);
    },
    async finish() {
      const timer = setTimeout(() => {
        try {
          child.kill("SIGKILL");
        } catch { /* gone */ }
      }, 20000);
      const status = await child.status;
      clearTimeout(timer);
      while (!ended) await started.waitFor("\u0000", 20000);
      const text = await stderr;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      return { code: status.code, stdout: started.out, stderr: text };
    },
  };
  return started;
}

const BOTH = ["redis", "respire"] as const;

for (const which of BOTH) {
  Deno.test(`output (${which}): always-show-logo yes, logfile "": the log and the logo's PID on stdout`, async () => {
    const s = await startAsHarness(which, ["always-show-logo yes", "loglevel notice"]);
    try {
      assert.ok(await s.waitFor("Ready to accept connections"), s.out);
      // what harnesses parse from the logo (Redis's test suite: regexp {PID: (\d+)})
      assert.equal(/PID: (\d+)/.exec(s.out)?.[1], String(s.child.pid), s.out);
      assert.equal(/Port: (\d+)/.exec(s.out)?.[1], String(s.port), s.out);
      assert.match(s.out, /Redis 7\.0\.\d+ \(\w+\/\d\) 64 bit/);
      assert.match(s.out, /Running in standalone mode/);
      // the logo replaces the one-line "Running mode=" notice
      assert.ok(!s.out.includes("Running mode="), s.out);
      assert.match(s.out, /^\d+:C .* # Redis version=7\.0\.\d+, bits=64, .*, just started$/m);
      assert.match(s.out, /^\d+:M .* # Server initialized$/m);
      const c = await RawClient.connect(s.port);
      await c.send("SHUTDOWN", "NOSAVE");
      assert.ok(await c.waitClosed());
      c.close();
      const r = await s.finish();
      assert.equal(r.code, 0);
      assert.match(r.stdout, /# User requested shutdown\.\.\.\n/);
      // nothing on stderr: the log is all on stdout
      assert.equal(r.stderr, "");
    } finally {
      try {
        s.child.kill("SIGKILL");
      } catch { /* exited */ }
      await s.finish();
    }
  });

  Deno.test(`output (${which}): no logo without always-show-logo when stdout is not a terminal; none at warning`, async () => {
    const plain = await startAsHarness(which, []);
    try {
      assert.ok(await plain.waitFor("Ready to accept connections"), plain.out);
      assert.ok(plain.out.includes(`* Running mode=standalone, port=${plain.port}.\n`), plain.out);
      assert.ok(!plain.out.includes("PID:"), plain.out);
    } finally {
      plain.child.kill("SIGKILL");
      await plain.finish();
    }
    // the logo is a notice: loglevel warning hides it, and "Ready to accept connections" too
    const quiet = await startAsHarness(which, ["always-show-logo yes", "loglevel warning"]);
    try {
      assert.ok(await quiet.waitFor("Server initialized"), quiet.out);
      const c = await RawClient.connect(quiet.port);
      assert.equal(await c.call("PING"), "+PONG\r\n");
      await c.send("SHUTDOWN", "NOSAVE");
      assert.ok(await c.waitClosed());
      c.close();
      const r = await quiet.finish();
      assert.ok(!r.stdout.includes("PID:"), r.stdout);
      assert.ok(!r.stdout.includes("Running mode="), r.stdout);
      assert.ok(!r.stdout.includes("Ready to accept connections"), r.stdout);
    } finally {
      try {
        quiet.child.kill("SIGKILL");
      } catch { /* exited */ }
      await quiet.finish();
    }
  });

  Deno.test(`output (${which}): loglevel verbose logs Accepted and Client closed connection; SHUTDOWN SAVE says DB saved once`, async () => {
    const s = await startAsHarness(which, ["loglevel verbose"]);
    try {
      assert.ok(await s.waitFor("Ready to accept connections"), s.out);
      const c = await RawClient.connect(s.port);
      assert.equal(await c.call("SET", "k", "v"), "+OK\r\n");
      c.close();
      assert.ok(await s.waitFor("Client closed connection"), s.out);
      const accepted = /^\d+:M .* - Accepted 127\.0\.0\.1:(\d+)$/m.exec(s.out);
      assert.ok(accepted, s.out);
      assert.match(
        s.out,
        new RegExp(
          String.raw`^\d+:M .* - Client closed connection id=\d+ addr=127\.0\.0\.1:${
            accepted[1]
          } laddr=127\.0\.0\.1:${s.port} fd=\d+ name= .* cmd=set user=default redir=-1 resp=2$`,
          "m",
        ),
      );
      const last = await RawClient.connect(s.port);
      await last.send("SHUTDOWN", "SAVE");
      assert.ok(await last.waitClosed());
      last.close();
      const r = await s.finish();
      assert.equal(r.code, 0);
      const after = r.stdout.slice(r.stdout.indexOf("User requested shutdown"));
      assert.match(after, /\* Saving the final RDB snapshot before exiting\.\n/);
      assert.equal(after.match(/DB saved on disk/g)?.length, 1, after);
      assert.match(after, /^\d+:M .* \* DB saved on disk$/m);
      assert.equal(r.stderr, "");
    } finally {
      try {
        s.child.kill("SIGKILL");
      } catch { /* exited */ }
      await s.finish();
    }
  });

  Deno.test(`output (${which}): loglevel notice shows no connection lines`, async () => {
    const s = await startAsHarness(which, []);
    try {
      assert.ok(await s.waitFor("Ready to accept connections"), s.out);
      const c = await RawClient.connect(s.port);
      assert.equal(await c.call("PING"), "+PONG\r\n");
      c.close();
      const last = await RawClient.connect(s.port);
      await last.send("SHUTDOWN", "NOSAVE");
      assert.ok(await last.waitClosed());
      last.close();
      const r = await s.finish();
      assert.ok(!r.stdout.includes("Accepted"), r.stdout);
      assert.ok(!r.stdout.includes("Client closed connection"), r.stdout);
    } finally {
      try {
        s.child.kill("SIGKILL");
      } catch { /* exited */ }
      await s.finish();
    }
  });
}
