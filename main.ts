/**
 * respire's entry point: configuration → logging → server, with redis-server's command line:
 *   respire [/path/to/respire.conf] [--port 6380] [--bind 127.0.0.1] [--requirepass x] ...
 */
import { type Config, ConfigError } from "./src/config/config.ts";
import { inDir } from "./src/config/dir.ts";
import { ConfigLoadError, loadConfig, parseCommandLine, readDotenv } from "./src/config/load.ts";
import {
  logRaw,
  type RedisLogLevel,
  serverLogger,
  setLogLevel,
  setLogRole,
  setupLogging,
  stopLogging,
} from "./src/log/logger.ts";
import { logo } from "./src/log/logo.ts";
import { Server } from "./src/server/server.ts";
import { LoadFailure } from "./src/persistence/persistence.ts";
import { REDIS_VERSION, RESPIRE_VERSION } from "./src/version.ts";
import { denoRuntime } from "./src/runtime/deno.ts";
import { configPath } from "./src/config/words.ts";

/** The runtime adapter: main.ts, like src/, calls no Deno API itself. */
const runtime = denoRuntime;

const USAGE = `Usage: respire [/path/to/respire.conf] [options] [-]
       respire - (read config from stdin)
       respire -v or --version
       respire -h or --help

Options are redis.conf directives given as flags; they are read after the config file:
       respire --port 6380
       respire /etc/respire.conf --loglevel verbose
       respire --bind 127.0.0.1 ::1 --requirepass secret
       respire --save 900 1 --save 300 10 --dir /var/lib/respire

Environment: KV_HOST and KV_PORT set bind and port (a .env file in the working directory is
read too). Precedence: flags, then environment, then the config file, then defaults.
`;

/** Set in the background copy of a daemonized respire. */
const DAEMON_CHILD_ENV = "RESPIRE_DAEMON_CHILD";

/**
 * daemonize yes: start a detached copy of this process with the same arguments and return
 * once it is listening (it says so on its stdout), like redis-server's fork but with a
 * readiness check. Returns the exit code for this (foreground) process.
 */
async function daemonize(): Promise<number> {
  const execPath = runtime.process.execPath();
  const child = runtime.process.spawnDetached(
    execPath,
    [...execPath.endsWith("deno") ? denoRunArgs() : [], ...runtime.process.args],
    { [DAEMON_CHILD_ENV]: "1" },
  );
  const reader = child.stdout.getReader();
  let seen = "";
  const decoder = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += decoder.decode(value);
    if (seen.includes("ready\n")) break;
  }
  reader.releaseLock();
  await child.stdout.cancel().catch(() => {});
  child.unref();
  if (!seen.includes("ready\n")) {
    console.error("respire: the background server failed to start (see its logfile)");
    return 1;
  }
  return 0;
}

/** The `deno run ...` prefix that starts this same script again. */
function denoRunArgs(): string[] {
  return ["run", "-A", new URL(import.meta.url).pathname];
}

function notListening(config: Config): boolean {
  return config.port === 0 && config.unixsocket === "";
}

async function writePidfile(path: string): Promise<void> {
  try {
    await runtime.fs.writeTextFile(path, `${runtime.process.pid}\n`);
  } catch (e) {
    serverLogger().warning(`Failed to write PID file: ${(e as Error).message}`);
  }
}

async function main(): Promise<number> {
  const request = parseCommandLine([...runtime.process.args]);
  if (request.kind === "help") {
    console.log(USAGE);
    return 0;
  }
  if (request.kind === "version") {
    console.log(
      `respire v=${RESPIRE_VERSION} redis_version=${REDIS_VERSION} deno=${runtime.process.versions.runtime}`,
    );
    return 0;
  }
  const env: Record<string, string | undefined> = {
    ...(await readDotenv(".env", runtime)),
    ...runtime.env.toObject(),
  };
  let config: Config;
  try {
    config = await loadConfig(request, env, runtime);
  } catch (e) {
    if (e instanceof ConfigLoadError || e instanceof ConfigError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  const isDaemonChild = env[DAEMON_CHILD_ENV] === "1";
  if (config.daemonize && !isDaemonChild) return await daemonize();

  // like every file redis-server opens after its chdir, a relative logfile is in dir
  const logfile = configPath(config.logfile);
  try {
    await setupLogging(
      config.loglevel as RedisLogLevel,
      logfile === "" ? "" : inDir(config.dirPath, logfile),
      isDaemonChild,
      runtime,
    );
  } catch (e) {
    console.error(`Can't open the log file: ${runtime.errors.errnoText(e)}`);
    return 1;
  }
  config.onChange("loglevel", (level) => {
    setLogLevel(level as RedisLogLevel);
  });
  const log = serverLogger();
  log.warning("oO0OoO0OoO0Oo respire is starting oO0OoO0OoO0Oo");
  log.warning(
    `Redis version=${REDIS_VERSION}, bits=64, commit=00000000, modified=0, ` +
      `pid=${runtime.process.pid}, just started`,
  );
  // as redis-server: the warning only when started without any argument
  if (runtime.process.args.length === 0) {
    log.warning(
      "Warning: no config file specified, using the default config. In order to specify a " +
        "config file use respire /path/to/respire.conf",
    );
  } else {
    log.warning("Configuration loaded");
  }
  // Redis's role mark turns from C to M here, where its initServer sets the server's pid
  setLogRole("M");
  if (notListening(config)) {
    log.warning("Configured to not listen anywhere, exiting.");
    return 1;
  }
  if (config.port === 0) {
    // port 0 means "no TCP" in redis.conf (the embedding API uses it for "any free port")
    config.set("bind", "", true);
  }

  let exit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (exit = resolve));
  const server = new Server({ config, runtime, onShutdown: () => exit(0) });
  try {
    await server.listen();
  } catch (e) {
    log.warning(
      `Warning: Could not create server TCP listening socket ${config.bind}:` +
        `${config.port}: ${runtime.errors.errnoText(e)}`,
    );
    log.warning(`Failed listening on port ${config.port} (tcp), aborting.`);
    await stopLogging();
    return 1;
  }
  const pidfile = config.pidfile === "" ? "" : inDir(config.dirPath, configPath(config.pidfile));
  if (pidfile !== "") await writePidfile(pidfile);
  // redis-server's logo when asked for, or when it logs to a terminal (not as a daemon, whose
  // stdout Redis sends to /dev/null); else a line with the same facts
  const showLogo = config.bool("always-show-logo") ||
    (logfile === "" && !isDaemonChild && runtime.stdio.stdout.isTerminal());
  if (showLogo) {
    logRaw(
      "notice",
      logo({
        respireVersion: RESPIRE_VERSION,
        redisVersion: REDIS_VERSION,
        runtimeVersion: runtime.process.versions.runtime,
        mode: "standalone",
        port: server.port,
        pid: runtime.process.pid,
      }),
    );
  } else {
    log.info(`Running mode=standalone, port=${server.port}.`);
  }
  log.warning("Server initialized");
  // the dataset is loaded while listening: clients get -LOADING until it is in memory
  try {
    await server.engine.persistence.loadAtStartup();
  } catch (e) {
    if (!(e instanceof LoadFailure)) throw e;
    log.warning(e.message);
    await server.close();
    await stopLogging();
    return 1;
  }
  log.info(
    `respire ${RESPIRE_VERSION} (Redis ${REDIS_VERSION} compatible, ` +
      `deno ${runtime.process.versions.runtime}), pid=${runtime.process.pid}, ` +
      `listening on ${server.boundAddrs.join(", ") || "nothing"}, ` +
      `config file: ${config.fileAbsolute || "none"}`,
  );
  log.info("Ready to accept connections");
  if (config.unixsocket !== "") {
    log.info(`The server is now ready to accept connections at ${configPath(config.unixsocket)}`);
  }
  if (isDaemonChild) {
    await runtime.stdio.stdout.write(new TextEncoder().encode("ready\n"));
    runtime.stdio.stdout.close();
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.warning(`Received ${signal} scheduling shutdown...`);
    // let writes already under way finish before the sockets close
    setTimeout(() => {
      log.warning("User requested shutdown...");
      const policy = signal === "SIGINT" ? config.shutdownOnSigint : config.shutdownOnSigterm;
      if (!server.engine.persistence.shutdownOnSignal(policy)) {
        log.warning(
          `${signal} received but errors trying to shut down the server, check the logs for more information`,
        );
        stopping = false;
        return;
      }
      server.close().then(() => exit(0));
    }, 10);
  };
  const onInt = () => stop("SIGINT");
  const onTerm = () => stop("SIGTERM");
  runtime.signals.add("SIGINT", onInt);
  runtime.signals.add("SIGTERM", onTerm);
  const code = await exited;
  runtime.signals.remove("SIGINT", onInt);
  runtime.signals.remove("SIGTERM", onTerm);
  if (pidfile !== "") {
    log.info("Removing the pid file.");
    try {
      await runtime.fs.remove(pidfile);
    } catch { /* already gone */ }
  }
  log.warning("respire is now ready to exit, bye bye...");
  await stopLogging();
  return code;
}

if (import.meta.main) runtime.process.exit(await main());
