/**
 * Starting and stopping the servers under test: respire in-process (startServer) or as a
 * subprocess (main.ts), and real redis-server 7.0 as the oracle. Every server gets a free
 * port and is stopped by the returned `close`, also when a test fails (use try/finally or
 * `await using`).
 */
import { type RespireOptions, type RunningServer, startServer } from "../../mod.ts";

export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

export interface TestServer {
  port: number;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** respire inside this process. */
export async function startRespire(
  options: RespireOptions = {},
): Promise<TestServer & RunningServer> {
  // no save points unless a test asks: a test must never write dump.rdb into the working tree
  return await startServer({ port: 0, ...options, config: { save: "", ...options.config } });
}

/**
 * Waits until `child` accepts connections on `port`. False when the port turns out to belong to
 * another process: ports from freePort() are only free when picked, and a server started in
 * parallel (an in-process one on port 0, say) can take the port before the child binds it. The
 * child then fails to bind and exits, while a bare connect would have reached the intruder.
 * Ownership is read from /proc, so the server sees no extra command (its INFO commandstats stay
 * comparable with the other server's).
 */
async function waitForOwnPort(port: number, child: Deno.ChildProcess): Promise<boolean> {
  let exited = false;
  child.status.then(() => exited = true, () => exited = true);
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline && !exited) {
    const owned = listensOn(child.pid, port);
    if (owned === true) return true;
    if (owned === undefined) {
      // no /proc: fall back to a connect
      try {
        (await Deno.connect({ hostname: "127.0.0.1", port })).close();
        return true;
      } catch { /* not yet */ }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/**
 * Whether process `pid` holds the socket listening on 127.0.0.1/0.0.0.0:`port`; undefined
 * where /proc cannot tell.
 */
function listensOn(pid: number, port: number): boolean | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  try {
    for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
      let text: string;
      try {
        text = Deno.readTextFileSync(table);
      } catch {
        continue;
      }
      for (const line of text.split("\n").slice(1)) {
        const f = line.trim().split(/\s+/);
        // local_address is ADDR:PORT, state 0A is LISTEN, the inode is the tenth field
        if (f.length > 9 && f[1].endsWith(`:${hexPort}`) && f[3] === "0A") inodes.add(f[9]);
      }
    }
    if (inodes.size === 0) return false;
    for (const fd of Deno.readDirSync(`/proc/${pid}/fd`)) {
      let target: string;
      try {
        target = Deno.readLinkSync(`/proc/${pid}/fd/${fd.name}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m && inodes.has(m[1])) return true;
    }
    return false;
  } catch {
    return Deno.build.os === "linux" ? false : undefined;
  }
}

/**
 * Starts a server process on a free port, and on another one when the port was taken under it.
 * `fixedPort` (a port the test chose) gets a single attempt.
 */
async function launchOnFreePort(
  what: string,
  spawnOn: (port: number) => Deno.ChildProcess,
  fixedPort?: number,
): Promise<{ port: number; child: Deno.ChildProcess }> {
  const attempts = fixedPort === undefined ? 5 : 1;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = fixedPort ?? freePort();
    const child = spawnOn(port);
    if (await waitForOwnPort(port, child)) return { port, child };
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
    await child.status.catch(() => {});
    if (attempt === attempts) {
      throw new Error(`${what} did not start listening on ${port} (pid ${child.pid})`);
    }
  }
  throw new Error("unreachable");
}

export function redisServerPath(): string {
  for (const p of ["/usr/bin/redis-server", "/usr/local/bin/redis-server"]) {
    try {
      Deno.statSync(p);
      return p;
    } catch { /* next */ }
  }
  throw new Error(
    "redis-server not found: the differential tests need real Redis 7.0 " +
      "(apt-get install -y redis-server redis-tools; .ci/run does this)",
  );
}

/** Real redis-server 7.0 on a free port, without persistence. */
export async function startRedis(extraArgs: string[] = []): Promise<TestServer> {
  const dir = Deno.makeTempDirSync({ prefix: "respire-oracle-" });
  const { port, child } = await launchOnFreePort(
    "redis-server",
    (port) =>
      new Deno.Command(redisServerPath(), {
        args: [
          "--port",
          String(port),
          "--bind",
          "127.0.0.1",
          "--save",
          "",
          "--appendonly",
          "no",
          "--enable-debug-command",
          "yes",
          "--daemonize",
          "no",
          "--dir",
          dir,
          ...extraArgs,
        ],
        stdout: "null",
        stderr: "null",
      }).spawn(),
  );
  return stopper(port, child, false, dir);
}

export interface RespireProcessOptions {
  /** A config file, passed first as redis-server expects it. */
  configFile?: string;
  /**
   * Working directory of the process (where a .env file is read, and where dump.rdb goes
   * unless --dir says otherwise). By default a fresh empty directory, removed on close, so
   * no snapshot lying in the repository is ever loaded by a test server.
   */
  cwd?: string;
  /** Collect stdout (the log when no logfile is set, as redis-server's) instead of discarding it. */
  captureLog?: boolean;
  /** Use this port instead of a free one picked here. */
  port?: number;
  /** false: pass no --port flag (the config file or environment sets the port). */
  portFlag?: boolean;
}

/** The argument vector that runs main.ts with the permissions it needs. */
export function respireCommandArgs(args: string[]): string[] {
  return ["run", "-A", new URL("../../main.ts", import.meta.url).pathname, ...args];
}

/** respire as a subprocess (main.ts), for tests of the command line and signals. */
export async function startRespireProcess(
  args: string[] = [],
  env: Record<string, string> = {},
  options: RespireProcessOptions = {},
): Promise<
  TestServer & { child: Deno.ChildProcess; log(): Promise<string> }
> {
  const scratchDir = options.cwd === undefined
    ? await Deno.makeTempDir({ prefix: "respire-process-" })
    : undefined;
  let logText = Promise.resolve("");
  let launched;
  try {
    launched = await launchOnFreePort("respire", (port) => {
      const child = new Deno.Command(Deno.execPath(), {
        args: respireCommandArgs([
          ...(options.configFile !== undefined ? [options.configFile] : []),
          ...(options.portFlag === false ? [] : ["--port", String(port)]),
          ...args,
        ]),
        env,
        cwd: options.cwd ?? scratchDir,
        stdout: options.captureLog ? "piped" : "null",
        stderr: "null",
      }).spawn();
      // drain stdout as it comes, so a chatty server never blocks on a full pipe
      if (options.captureLog) logText = new Response(child.stdout).text();
      return child;
    }, options.port);
  } catch (err) {
    if (scratchDir !== undefined) await Deno.remove(scratchDir, { recursive: true });
    throw err;
  }
  const { port, child } = launched;
  return {
    ...stopper(port, child, options.captureLog, scratchDir),
    child,
    log: () => logText,
  };
}

function stopper(
  port: number,
  child: Deno.ChildProcess,
  stdoutConsumed = false,
  scratchDir?: string,
): TestServer {
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
    try {
      await child.status;
    } catch { /* ignore */ }
    if (!stdoutConsumed) {
      try {
        await child.stdout?.cancel();
      } catch { /* not piped */ }
    }
    if (scratchDir !== undefined) {
      await Deno.remove(scratchDir, { recursive: true }).catch(() => {});
    }
  };
  return { port, close, [Symbol.asyncDispose]: close };
}
