import { Config } from "./config/config.ts";
import type { Clock } from "./server/clock.ts";
import { Server } from "./server/server.ts";

export interface RespireOptions {
  /** TCP port; 0 (the default here) picks a free one. */
  port?: number;
  /** Addresses to bind, as redis.conf's `bind`; default 127.0.0.1. */
  bind?: string;
  unixsocket?: string;
  requirepass?: string;
  databases?: number;
  /** Any other redis.conf parameters, by name. */
  config?: Record<string, string | number>;
  /** A controllable clock: advance it to expire keys without sleeping. */
  clock?: Clock;
  /** Seed for randomized commands (RANDOMKEY, SPOP, SRANDMEMBER, ...). */
  seed?: number;
}

export interface RunningServer {
  port: number;
  server: Server;
  close(): Promise<void>;
}

export async function startServer(options: RespireOptions = {}): Promise<RunningServer> {
  const config = new Config();
  config.set("port", String(options.port ?? 0), true);
  if (options.bind !== undefined) config.set("bind", options.bind, true);
  if (options.unixsocket !== undefined) config.set("unixsocket", options.unixsocket, true);
  if (options.requirepass !== undefined) config.set("requirepass", options.requirepass, true);
  if (options.databases !== undefined) config.set("databases", String(options.databases), true);
  for (const [k, v] of Object.entries(options.config ?? {})) config.set(k, String(v), true);
  const server = new Server({ config, clock: options.clock, seed: options.seed });
  await server.listen();
  return { port: server.port, server, close: () => server.close() };
}
