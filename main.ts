/**
 * respire's entry point: configuration → logging → server, with redis-server's command line:
 *   respire [/path/to/respire.conf] [--port 6380] [--bind 127.0.0.1] [--requirepass x] ...
 */
import { ConfigError } from "./src/config/config.ts";
import { loadConfig, parseCommandLine, readDotenv } from "./src/config/load.ts";
import { type RedisLogLevel, serverLogger, setupLogging } from "./src/log/logger.ts";
import { Server } from "./src/server/server.ts";
import { REDIS_VERSION, RESPIRE_VERSION } from "./src/version.ts";

const USAGE = `Usage: respire [/path/to/respire.conf] [options]
       respire --version
       respire --help

Options are redis.conf directives given as flags, for example:
       respire --port 6380
       respire /etc/respire.conf --loglevel verbose
       respire --bind 127.0.0.1 ::1 --requirepass secret

Environment: KV_HOST and KV_PORT set bind and port (a .env file is read too).
Precedence: flags, then environment, then the config file, then defaults.
`;

async function main(): Promise<number> {
  let request;
  try {
    request = parseCommandLine(Deno.args);
  } catch (e) {
    console.error(`*** FATAL CONFIG FILE ERROR *** ${(e as Error).message}`);
    return 1;
  }
  if (request.kind === "help") {
    console.log(USAGE);
    return 0;
  }
  if (request.kind === "version") {
    console.log(
      `respire v=${RESPIRE_VERSION} redis_version=${REDIS_VERSION} deno=${Deno.version.deno}`,
    );
    return 0;
  }
  const env: Record<string, string | undefined> = {
    ...(await readDotenv()),
    ...Deno.env.toObject(),
  };
  let config;
  try {
    config = await loadConfig(request, env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`*** FATAL CONFIG FILE ERROR (respire ${RESPIRE_VERSION}) ***\n${e.message}`);
      return 1;
    }
    throw e;
  }
  await setupLogging(config.get("loglevel") as RedisLogLevel, config.get("logfile"));
  config.onChange("loglevel", (level) => {
    setupLogging(level as RedisLogLevel, config.get("logfile"));
  });
  const log = serverLogger();
  let exit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (exit = resolve));
  const server = new Server({ config, onShutdown: () => exit(0) });
  try {
    await server.listen();
  } catch (e) {
    log.warning(`Failed listening on port ${config.get("port")}: ${(e as Error).message}`);
    return 1;
  }
  log.info(
    `respire ${RESPIRE_VERSION} (Redis ${REDIS_VERSION} compatible) started, pid=${Deno.pid}, ` +
      `listening on ${server.boundAddrs.join(", ")}, config file: ${config.file || "none"}`,
  );
  log.info("Ready to accept connections");
  const stop = (signal: string) => {
    log.warning(`Received ${signal} scheduling shutdown...`);
    server.close().then(() => {
      log.warning("respire is now ready to exit, bye bye...");
      exit(0);
    });
  };
  Deno.addSignalListener("SIGINT", () => stop("SIGINT"));
  Deno.addSignalListener("SIGTERM", () => stop("SIGTERM"));
  return await exited;
}

if (import.meta.main) Deno.exit(await main());
