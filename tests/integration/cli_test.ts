/**
 * The command line, config file, environment, logging, signals and SHUTDOWN of main.ts, run
 * as a real subprocess.
 */
import assert from "node:assert/strict";
import { RawClient } from "../helpers/raw_client.ts";
import {
  freePort,
  respireCommandArgs,
  startRespireProcess,
  type TestServer,
} from "../helpers/servers.ts";
import { REDIS_VERSION, RESPIRE_VERSION } from "../../src/version.ts";
import { textToBinary } from "../../src/lib/bytes.ts";

/**
 * Scratch space for runs that exit at once and for tests that need to know a server's
 * directory. Servers started with spawn() get a fresh directory of their own from
 * startRespireProcess, so a dump.rdb saved on shutdown never reaches the next test's server.
 */
const SANDBOX = Deno.realPathSync(Deno.makeTempDirSync({ prefix: "respire-cli-sandbox-" }));

function freshWorkDir(): string {
  return Deno.makeTempDirSync({ dir: SANDBOX, prefix: "server-" });
}
globalThis.addEventListener("unload", () => {
  try {
    Deno.removeSync(SANDBOX, { recursive: true });
  } catch { /* already gone */ }
});

const spawn = startRespireProcess;

/** Runs main.ts to completion (for flags that exit at once). */
async function runToExit(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: respireCommandArgs(args),
    env: options.env,
    cwd: options.cwd ?? SANDBOX,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
  }, 20000);
  const out = await child.output();
  clearTimeout(timer);
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Waits for the child to exit by itself, killing it after `ms`. */
async function exitCode(child: Deno.ChildProcess, ms = 10000): Promise<number> {
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
  }, ms);
  const status = await child.status;
  clearTimeout(timer);
  return status.code;
}

async function configGet(c: RawClient, name: string): Promise<string> {
  const raw = await c.call("CONFIG", "GET", name);
  const parts = raw.split("\r\n");
  return parts[4];
}

async function withServer(
  server: TestServer & { child: Deno.ChildProcess },
  body: (c: RawClient) => Promise<void>,
): Promise<void> {
  const c = await RawClient.connect(server.port);
  try {
    await body(c);
  } finally {
    c.close();
    await server.close();
  }
}

Deno.test("cli: --version and --help exit 0", async () => {
  const v = await runToExit(["--version"]);
  assert.equal(v.code, 0);
  assert.ok(v.stdout.includes(`v=${RESPIRE_VERSION}`));
  assert.ok(v.stdout.includes(`redis_version=${REDIS_VERSION}`));
  const short = await runToExit(["-v"]);
  assert.equal(short.code, 0);
  const h = await runToExit(["--help"]);
  assert.equal(h.code, 0);
  assert.ok(h.stdout.includes("Usage: respire"));
});

Deno.test("cli: unknown or invalid directives stop startup, naming the directive", async () => {
  const unknown = await runToExit(["--port", "0", "--no-such-thing", "1"]);
  assert.equal(unknown.code, 1);
  assert.ok(unknown.stderr.includes("FATAL CONFIG FILE ERROR"));
  assert.ok(unknown.stderr.includes(`>>> 'no-such-thing "1"'`));
  assert.ok(unknown.stderr.includes("Bad directive or wrong number of arguments"));

  const bad = await runToExit(["--hz", "abc"]);
  assert.equal(bad.code, 1);
  assert.ok(bad.stderr.includes(`>>> 'hz "abc"'`));
  assert.ok(bad.stderr.includes("argument couldn't be parsed into an integer"));

  const dir = await Deno.makeTempDir({ prefix: "respire-cli-" });
  try {
    const file = `${dir}/bad.conf`;
    await Deno.writeTextFile(file, "# comment\nport 6390\n\nmaxmemory lots\n");
    const fromFile = await runToExit([file]);
    assert.equal(fromFile.code, 1);
    assert.ok(fromFile.stderr.includes("at line 4"));
    assert.ok(fromFile.stderr.includes(">>> 'maxmemory lots'"));
    assert.ok(fromFile.stderr.includes("argument must be a memory value"));

    const missing = await runToExit([`${dir}/nope.conf`]);
    assert.equal(missing.code, 1);
    assert.ok(missing.stderr.includes("can't open config file"));

    const unsupported = await runToExit(["--replicaof", "127.0.0.1", "6399"]);
    assert.equal(unsupported.code, 1);
    assert.ok(unsupported.stderr.includes("replicaof"));

    const env = await runToExit([], { env: { KV_PORT: "notaport" } });
    assert.equal(env.code, 1);
    assert.ok(env.stderr.includes("KV_PORT"));

    const nowhere = await runToExit(["--port", "0"]);
    assert.equal(nowhere.code, 1);
    // a log line: on stdout, the log's stream without a logfile, as redis-server's
    assert.ok(nowhere.stdout.includes("Configured to not listen anywhere"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: config file, environment and flags, in that order of precedence", async () => {
  const dir = await Deno.makeTempDir({ prefix: "respire-cli-" });
  const filePort = freePort();
  const envPort = freePort();
  const flagPort = freePort();
  try {
    const file = `${dir}/respire.conf`;
    await Deno.writeTextFile(
      file,
      `# a test config\nport ${filePort}\nmaxmemory 2mb\nhz 20\nsave 100 1\nsave 200 2\n` +
        `databases 4\n`,
    );
    // file alone
    await withServer(
      await spawn([], {}, { configFile: file, port: filePort, portFlag: false }),
      async (c) => {
        assert.equal(await configGet(c, "maxmemory"), "2097152");
        assert.equal(await configGet(c, "save"), "100 1 200 2");
        assert.equal(await configGet(c, "databases"), "4");
        assert.equal(await c.call("SELECT", "4"), "-ERR DB index is out of range\r\n");
      },
    );
    // the environment beats the file
    await withServer(
      await spawn([], { KV_PORT: String(envPort) }, {
        configFile: file,
        port: envPort,
        portFlag: false,
      }),
      async (c) => {
        assert.equal(await configGet(c, "port"), String(envPort));
      },
    );
    // flags beat both
    await withServer(
      await spawn(["--hz", "30", "--save", "--maxmemory", "1mb"], {
        KV_PORT: String(envPort),
      }, { configFile: file, port: flagPort }),
      async (c) => {
        assert.equal(await configGet(c, "port"), String(flagPort));
        assert.equal(await configGet(c, "hz"), "30");
        assert.equal(await configGet(c, "save"), "");
        assert.equal(await configGet(c, "maxmemory"), "1048576");
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: KV_HOST/KV_PORT from a .env file, requirepass and bind flags", async () => {
  const dir = await Deno.makeTempDir({ prefix: "respire-cli-" });
  const port = freePort();
  try {
    await Deno.writeTextFile(`${dir}/.env`, `KV_HOST=127.0.0.1\nKV_PORT=${port}\n`);
    await withServer(
      await spawn(["--requirepass", "s3cret", "--bind", "127.0.0.1", "-::1"], {}, {
        cwd: dir,
        port,
        portFlag: false,
      }),
      async (c) => {
        assert.equal(await c.call("PING"), "-NOAUTH Authentication required.\r\n");
        assert.equal(await c.call("AUTH", "s3cret"), "+OK\r\n");
        assert.equal(await configGet(c, "bind"), "127.0.0.1 -::1");
        assert.equal(await configGet(c, "requirepass"), "s3cret");
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: non-ASCII values from the config file and the command line are UTF-8 bytes, as on redis-server", async () => {
  const dir = await Deno.makeTempDir({ prefix: "respire-cli-" });
  const utf8 = (s: string) => textToBinary(s);
  try {
    // redis-server 7.0 with the same file accepts AUTH pässword (the password's UTF-8 bytes)
    // and prints those bytes back in CONFIG GET; so do paths, which it opens by those bytes
    const work = `${dir}/wörk`;
    await Deno.mkdir(work);
    const file = `${dir}/r.conf`;
    await Deno.writeTextFile(
      file,
      `requirepass "pässword"\ndir "${work}"\ndbfilename "dümp.rdb"\n`,
    );
    await withServer(await spawn([], {}, { configFile: file }), async (c) => {
      assert.equal(await c.call("PING"), "-NOAUTH Authentication required.\r\n");
      assert.equal(
        await c.call("AUTH", utf8("passwörd")),
        "-WRONGPASS invalid username-password pair or user is disabled.\r\n",
      );
      assert.equal(await c.call("AUTH", utf8("pässword")), "+OK\r\n");
      assert.equal(
        await c.call("CONFIG", "GET", "requirepass"),
        `*2\r\n$11\r\nrequirepass\r\n$9\r\n${utf8("pässword")}\r\n`,
      );
      assert.equal(await configGet(c, "dir"), utf8(work));
      assert.equal(await configGet(c, "dbfilename"), utf8("dümp.rdb"));
      assert.equal(await c.call("SET", "k", "v"), "+OK\r\n");
      assert.equal(await c.call("SAVE"), "+OK\r\n");
      assert.ok((await Deno.stat(`${work}/dümp.rdb`)).isFile);
    });
    // the same password as a flag, and a \x escape in a flag value, give the same bytes
    await withServer(await spawn(["--requirepass", "pässword"]), async (c) => {
      assert.equal(await c.call("AUTH", utf8("pässword")), "+OK\r\n");
      assert.equal(await configGet(c, "requirepass"), utf8("pässword"));
    });
    await withServer(await spawn(['--requirepass "p\\xc3\\xa4ssword"']), async (c) => {
      assert.equal(await c.call("AUTH", utf8("pässword")), "+OK\r\n");
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: logging goes to the logfile in Redis's format, filtered by loglevel", async () => {
  const dir = await Deno.makeTempDir({ prefix: "respire-cli-" });
  try {
    const logfile = `${dir}/respire.log`;
    const server = await spawn(["--logfile", logfile, "--loglevel", "verbose"]);
    await withServer(server, async (c) => {
      assert.equal(
        await c.call("DEBUG", "LOG", "marker-line"),
        "-ERR DEBUG command not allowed. " +
          'If the enable-debug-command option is set to "local", you can run it from a local ' +
          "connection, otherwise you need to set this option in the configuration file, and then " +
          "restart the server.\r\n",
      );
      assert.equal(await c.call("CONFIG", "SET", "loglevel", "warning"), "+OK\r\n");
    });
    const log = await Deno.readTextFile(logfile);
    const lines = log.trim().split("\n");
    const pid = server.child.pid;
    for (const line of lines) {
      // C before the server is initialized, M after, as redis-server marks them
      assert.match(line, /^\d+:[CM] \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d\.\d{3} [.\-*#] /);
    }
    const started = lines.find((l) => l.includes("listening on"))!;
    assert.ok(started.includes(`pid=${pid}`), started);
    assert.ok(started.includes(RESPIRE_VERSION));
    assert.ok(started.includes(`127.0.0.1:${server.port}`));
    assert.ok(started.includes("config file: none"));
    assert.ok(log.includes("Ready to accept connections"));

    // warning level: the notice lines disappear
    const quietLog = `${dir}/quiet.log`;
    const quiet = await spawn(["--logfile", quietLog, "--loglevel", "warning"]);
    await quiet.close();
    const quietText = await Deno.readTextFile(quietLog);
    assert.ok(quietText.includes("respire is starting"));
    assert.ok(!quietText.includes("Ready to accept connections"));

    // nothing: silence
    const silentLog = `${dir}/silent.log`;
    const silent = await spawn(["--logfile", silentLog, "--loglevel", "nothing"]);
    await silent.close();
    assert.equal(await Deno.readTextFile(silentLog), "");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.test(`cli: ${signal} closes clients and exits 0`, async () => {
    const server = await spawn([], {}, { captureLog: true });
    try {
      const c = await RawClient.connect(server.port);
      assert.equal(await c.call("SET", "k", "v"), "+OK\r\n");
      server.child.kill(signal);
      assert.equal(await exitCode(server.child), 0);
      assert.ok(await c.waitClosed());
      c.close();
      const log = await server.log();
      assert.ok(log.includes(`Received ${signal} scheduling shutdown`), log);
      assert.ok(log.includes("ready to exit, bye bye"), log);
    } finally {
      await server.close();
    }
  });
}

Deno.test("cli: SHUTDOWN saves first, refuses when the save fails, unless NOSAVE or FORCE", async () => {
  // /proc takes no files: every save fails there
  const server = await spawn(["--dir", "/proc"]);
  try {
    const c = await RawClient.connect(server.port);
    assert.equal(await c.call("SET", "k", "v"), "+OK\r\n");
    assert.equal(await c.call("SHUTDOWN"), "-ERR Errors trying to SHUTDOWN. Check logs.\r\n");
    assert.equal(
      await c.call("SHUTDOWN", "SAVE", "NOW"),
      "-ERR Errors trying to SHUTDOWN. Check logs.\r\n",
    );
    assert.equal(await c.call("PING"), "+PONG\r\n");
    await c.send("SHUTDOWN", "NOSAVE");
    assert.ok(await c.waitClosed());
    c.close();
    assert.equal(await exitCode(server.child), 0);
  } finally {
    await server.close();
  }
  const forced = await spawn(["--dir", "/proc", "--save", ""]);
  try {
    const c = await RawClient.connect(forced.port);
    await c.send("SHUTDOWN", "SAVE", "FORCE");
    assert.ok(await c.waitClosed());
    c.close();
    assert.equal(await exitCode(forced.child), 0);
  } finally {
    await forced.close();
  }
  // save points and a writable directory: the final snapshot is written, then it exits
  const dir = await Deno.makeTempDir({ prefix: "respire-cli-" });
  const saving = await spawn(["--dir", dir]);
  try {
    const c = await RawClient.connect(saving.port);
    assert.equal(await c.call("SET", "k", "v"), "+OK\r\n");
    await c.send("SHUTDOWN");
    assert.ok(await c.waitClosed());
    c.close();
    assert.equal(await exitCode(saving.child), 0);
    assert.ok((await Deno.stat(`${dir}/dump.rdb`)).size > 0);
  } finally {
    await saving.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: daemonize yes runs in the background with a pidfile", async () => {
  const dir = await Deno.makeTempDir({ prefix: "respire-cli-" });
  const port = freePort();
  const pidfile = `${dir}/respire.pid`;
  let pid = 0;
  try {
    const r = await runToExit([
      "--port",
      String(port),
      "--daemonize",
      "yes",
      "--pidfile",
      pidfile,
      "--logfile",
      `${dir}/d.log`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    pid = Number((await Deno.readTextFile(pidfile)).trim());
    assert.ok(pid > 0);
    const c = await RawClient.connect(port);
    assert.equal(await configGet(c, "daemonize"), "yes");
    await c.send("SHUTDOWN", "NOSAVE");
    assert.ok(await c.waitClosed());
    c.close();
    const deadline = Date.now() + 10000;
    let gone = false;
    while (Date.now() < deadline && !gone) {
      try {
        await Deno.stat(pidfile);
        await new Promise((r) => setTimeout(r, 50));
      } catch {
        gone = true;
      }
    }
    assert.ok(gone, "the pidfile is removed at exit");
    pid = 0;
  } finally {
    if (pid > 0) {
      try {
        Deno.kill(pid, "SIGKILL");
      } catch { /* gone */ }
    }
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: CONFIG REWRITE keeps the file's comments and updates its values", async () => {
  const dir = await Deno.makeTempDir({ prefix: "respire-cli-" });
  const port = freePort();
  try {
    const file = `${dir}/respire.conf`;
    await Deno.writeTextFile(
      file,
      `# my settings\nport ${port}\n\n\n# the timer\nhz 10\nhz 15\nslave-priority 50\n` +
        `save 100 1\nsave 200 2\n  maxmemory 1mb\n`,
    );
    const workDir = freshWorkDir();
    await withServer(
      await spawn([], {}, { configFile: file, port, portFlag: false, cwd: workDir }),
      async (c) => {
        assert.equal(
          await c.call(
            "CONFIG",
            "SET",
            "maxmemory",
            "3gb",
            "hz",
            "10",
            "notify-keyspace-events",
            "KEA",
            "save",
            "",
            "client-query-buffer-limit",
            "1025kb",
            "maxmemory-clients",
            "10%",
          ),
          "+OK\r\n",
        );
        assert.equal(await c.call("CONFIG", "REWRITE"), "+OK\r\n");
      },
    );
    const text = await Deno.readTextFile(file);
    const lines = text.split("\n");
    assert.equal(lines[0], "# my settings");
    assert.equal(lines[1], `port ${port}`);
    assert.equal(lines[2], "");
    assert.equal(lines[3], "# the timer");
    assert.equal(lines[4], "hz 10");
    assert.ok(text.includes("\nreplica-priority 50\n"));
    assert.ok(text.includes('\nsave ""\n'));
    assert.ok(text.includes("\nmaxmemory 3gb\n"));
    assert.ok(!text.includes("save 200 2"));
    assert.ok(text.includes("# Generated by CONFIG REWRITE\n"));
    assert.ok(text.includes('\nnotify-keyspace-events "AKE"\n'));
    assert.ok(text.includes("\nclient-query-buffer-limit 1025kb\n"));
    assert.ok(text.includes("\nmaxmemory-clients 10%\n"));
    assert.ok(text.includes(`\ndir "${workDir}"\n`));
    assert.ok(text.includes("\nuser default on nopass ~* &* +@all\n"));
    // the rewritten file starts a server with the same settings
    await withServer(
      await spawn([], {}, { configFile: file, port, portFlag: false }),
      async (c) => {
        assert.equal(await configGet(c, "maxmemory"), "3221225472");
        assert.equal(await configGet(c, "notify-keyspace-events"), "AKE");
        assert.equal(await configGet(c, "replica-priority"), "50");
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: DEBUG SLEEP stops every client", async () => {
  // a subprocess: the sleep blocks the whole server process, which must not be the test's
  const server = await spawn(["--enable-debug-command", "yes"]);
  const a = await RawClient.connect(server.port);
  const b = await RawClient.connect(server.port);
  try {
    assert.equal(await b.call("PING"), "+PONG\r\n");
    await a.send("DEBUG", "SLEEP", "0.5");
    await new Promise((r) => setTimeout(r, 100));
    const start = performance.now();
    // b's PING waits behind the sleep although it is another connection
    assert.equal(await b.call("PING"), "+PONG\r\n");
    const waited = performance.now() - start;
    assert.equal((await a.read()).raw, "+OK\r\n");
    assert.ok(waited >= 250, `PING came back after ${waited} ms`);
  } finally {
    a.close();
    b.close();
    await server.close();
  }
});

Deno.test("cli: CONFIG SET dir changes the working directory when protected configs are on", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "respire-cli-" }));
  try {
    const server = await spawn(["--enable-protected-configs", "yes"]);
    await withServer(server, async (c) => {
      assert.equal(await c.call("CONFIG", "SET", "dir", dir), "+OK\r\n");
      assert.equal(await configGet(c, "dir"), dir);
      assert.equal(
        await c.call("CONFIG", "SET", "dir", `${dir}/missing`),
        "-ERR CONFIG SET failed (possibly related to argument 'dir') - " +
          "No such file or directory\r\n",
      );
      assert.equal(await configGet(c, "dir"), dir);
    });
    const locked = await spawn();
    await withServer(locked, async (c) => {
      assert.equal(
        await c.call("CONFIG", "SET", "dir", dir),
        "-ERR CONFIG SET failed (possibly related to argument 'dir') - " +
          "can't set protected config\r\n",
      );
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
