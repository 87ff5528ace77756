/**
 * Logging through LogTape, with Redis's levels (debug, verbose, notice, warning) and Redis's
 * line format: `pid:M 24 Nov 2026 02:33:23.123 * message`. Until `setupLogging` runs (as in
 * embedded use), log calls cost a level check and print nothing.
 */
import { configure, getLogger, type LogLevel, type LogRecord, reset } from "@std/log";

export type RedisLogLevel = "debug" | "verbose" | "notice" | "warning" | "nothing";

const TO_LOGTAPE: Record<Exclude<RedisLogLevel, "nothing">, LogLevel> = {
  debug: "trace",
  verbose: "debug",
  notice: "info",
  warning: "warning",
};

const MARK: Record<LogLevel, string> = {
  trace: ".",
  debug: "-",
  info: "*",
  warning: "#",
  error: "#",
  fatal: "#",
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function stamp(ms: number): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, "0");
  return `${p2(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ` +
    `${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.` +
    String(d.getMilliseconds()).padStart(3, "0");
}

export function formatRecord(r: LogRecord): string {
  const text = r.message.map((part) => typeof part === "string" ? part : String(part)).join("");
  return `${Deno.pid}:M ${stamp(r.timestamp)} ${MARK[r.level]} ${text}\n`;
}

/** The server's logger; the server uses its methods `trace` (debug), `debug` (verbose), `info`
 * (notice) and `warning`. */
export type Logger = ReturnType<typeof getLogger>;

export function serverLogger(): Logger {
  return getLogger(["respire"]);
}

/** Configures the process-wide log output: stderr, or append to a file. */
export async function setupLogging(level: RedisLogLevel, logfile: string): Promise<void> {
  const encoder = new TextEncoder();
  let file: Deno.FsFile | null = null;
  if (logfile !== "") {
    file = await Deno.open(logfile, { create: true, append: true });
  }
  const sink = (r: LogRecord) => {
    const bytes = encoder.encode(formatRecord(r));
    if (file) file.writeSync(bytes);
    else Deno.stderr.writeSync(bytes);
  };
  await configure({
    reset: true,
    sinks: { redis: sink },
    loggers: [
      {
        category: ["respire"],
        lowestLevel: level === "nothing" ? "fatal" : TO_LOGTAPE[level],
        sinks: ["redis"],
      },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: [] },
    ],
  });
}

export async function stopLogging(): Promise<void> {
  await reset();
}
