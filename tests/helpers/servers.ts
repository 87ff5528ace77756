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
  const s = await startServer({ port: 0, ...options, config: { save: "", ...options.config } });
  return { ...s, [Symbol.asyncDispose]: () => s.close() };
}

async function waitForPort(port: number, child: Deno.ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    try {
      const c = await Deno.connect({ hostname: "127.0.0.1", port });
      c.close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    child.kill("SIGKILL");
  } catch { /* gone */ }
  throw new Error(`${what} did not start listening on ${port}`);
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
  const port = freePort();
  const child = new Deno.Command(redisServerPath(), {
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
      Deno.makeTempDirSync({ prefix: "respire-oracle-" }),
      ...extraArgs,
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  await waitForPort(port, child, "redis-server");
  return stopper(port, child);
}

export interface RespireProcessOptions {
  /** A config file, passed first as redis-server expects it. */
  configFile?: string;
  /** Working directory of the process (where a .env file is read). */
  cwd?: string;
  /** Collect stderr (the log when no logfile is set) instead of discarding it. */
  captureStderr?: boolean;
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
  TestServer & { child: Deno.ChildProcess; stderr(): Promise<string> }
> {
  const port = options.port ?? freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: respireCommandArgs([
      ...(options.configFile !== undefined ? [options.configFile] : []),
      ...(options.portFlag === false ? [] : ["--port", String(port)]),
      ...args,
    ]),
    env,
    cwd: options.cwd,
    stdout: "null",
    stderr: options.captureStderr ? "piped" : "null",
  }).spawn();
  // drain stderr as it comes, so a chatty server never blocks on a full pipe
  let stderrText = Promise.resolve("");
  if (options.captureStderr) stderrText = new Response(child.stderr).text();
  await waitForPort(port, child, "respire");
  return { ...stopper(port, child, options.captureStderr), child, stderr: () => stderrText };
}

function stopper(port: number, child: Deno.ChildProcess, stderrConsumed = false): TestServer {
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
    if (!stderrConsumed) {
      try {
        await child.stderr?.cancel();
      } catch { /* not piped */ }
    }
  };
  return { port, close, [Symbol.asyncDispose]: close };
}
