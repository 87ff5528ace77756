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
  const s = await startServer({ port: 0, ...options });
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

/** respire as a subprocess (main.ts), for tests of the command line and signals. */
export async function startRespireProcess(
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<
  TestServer & { child: Deno.ChildProcess }
> {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../../main.ts", import.meta.url).pathname,
      "--port",
      String(port),
      ...args,
    ],
    env,
    stdout: "null",
    stderr: "null",
  }).spawn();
  await waitForPort(port, child, "respire");
  return { ...stopper(port, child), child };
}

function stopper(port: number, child: Deno.ChildProcess): TestServer {
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
    try {
      await child.stderr?.cancel();
    } catch { /* not piped */ }
  };
  return { port, close, [Symbol.asyncDispose]: close };
}
