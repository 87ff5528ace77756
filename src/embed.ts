import { Config } from "./config/config.ts";
import { configBytes } from "./config/words.ts";
import type { Clock } from "./engine/clock.ts";
import { Server } from "./server/server.ts";
import type { Runtime } from "./runtime/runtime.ts";

export interface RespireOptions {
  /** TCP port; 0 (the default here) picks a free one. */
  port?: number;
  /** Addresses to bind, as redis.conf's `bind`; default 127.0.0.1. */
  bind?: string;
  unixsocket?: string;
  requirepass?: string;
  databases?: number;
  /** Any other redis.conf parameters, by name. Text values are taken as UTF-8, as in a file. */
  config?: Record<string, string | number>;
  /** A controllable clock: advance it to expire keys without sleeping. */
  clock?: Clock;
  /** Seed for randomized commands (RANDOMKEY, SPOP, SRANDMEMBER, ...). */
  seed?: number;
  /**
   * Load the dataset at startup as redis-server does: the AOF when `appendonly` is yes, else
   * `dir`/`dbfilename` when it exists. Off by default, so a test server started in a project
   * directory never picks up a stray dump.rdb. Resolves once the data is in memory; a corrupt
   * file rejects (and the server is closed).
   */
  loadData?: boolean;
  /**
   * Sockets, files and process facts (src/runtime/); the Deno adapter by default. The server
   * never changes the process's working directory: `dir` only names where its files go.
   */
  runtime?: Runtime;
}

export interface RunningServer {
  port: number;
  server: Server;
  /** Stops listening and closes every client; `await using` calls it too. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startServer(options: RespireOptions = {}): Promise<RunningServer> {
  const config = new Config(options.runtime);
  config.set("port", String(options.port ?? 0), true);
  if (options.bind !== undefined) config.set("bind", configBytes(options.bind), true);
  if (options.unixsocket !== undefined) {
    config.set("unixsocket", configBytes(options.unixsocket), true);
  }
  if (options.requirepass !== undefined) {
    config.set("requirepass", configBytes(options.requirepass), true);
  }
  if (options.databases !== undefined) config.set("databases", String(options.databases), true);
  for (const [k, v] of Object.entries(options.config ?? {})) {
    config.set(k, configBytes(String(v)), true);
  }
  const server = new Server({
    config,
    clock: options.clock,
    seed: options.seed,
    runtime: options.runtime,
  });
  await server.listen();
  if (options.loadData) {
    try {
      await server.engine.persistence.loadAtStartup();
    } catch (e) {
      await server.close();
      throw e;
    }
  }
  const close = () => server.close();
  return { port: server.port, server, close, [Symbol.asyncDispose]: close };
}
