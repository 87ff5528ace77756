/**
 * Logging through LogTape, with Redis's levels (debug, verbose, notice, warning, and
 * "nothing" to silence it) and Redis's line format: `pid:M 24 Nov 2026 02:33:23.123 * text`.
 * Until `setupLogging` runs (as in embedded use), log calls cost a level check and print
 * nothing.
 */
import { configure, getLogger, type LogLevel, type LogRecord, reset } from "@std/log";
import { denoRuntime } from "../runtime/deno.ts";
import type { FileHandle, Runtime } from "../runtime/runtime.ts";

export type RedisLogLevel = "debug" | "verbose" | "notice" | "warning" | "nothing";

const TO_LOGTAPE: Record<Exclude<RedisLogLevel, "nothing">, LogLevel> = {
  debug: "trace",
  verbose: "debug",
  notice: "info",
  warning: "warning",
};

/** Redis's level marks: `.` debug, `-` verbose, `*` notice, `#` warning. */
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

export function formatRecord(r: LogRecord, pid: number): string {
  const text = r.message.map((part) => typeof part === "string" ? part : String(part)).join("");
  return `${pid}:M ${stamp(r.timestamp)} ${MARK[r.level]} ${text}\n`;
}

/** The server's logger; the server uses its methods `trace` (debug), `debug` (verbose), `info`
 * (notice) and `warning`. */
export type Logger = ReturnType<typeof getLogger>;

export function serverLogger(): Logger {
  return getLogger(["respire"]);
}

/** Where log lines go: stderr, a file (appended), or nowhere (a daemon without a logfile). */
let output: FileHandle | "stderr" | "null" = "stderr";
/** The runtime that setupLogging was given: its stderr, its process id in each line. */
let host: Runtime = denoRuntime;
const encoder = new TextEncoder();

function sink(r: LogRecord): void {
  const bytes = encoder.encode(formatRecord(r, host.process.pid));
  try {
    if (output === "stderr") host.stdio.stderr.writeSync(bytes);
    else if (output !== "null") output.writeSync(bytes);
  } catch {
    // a log line must never take the server down (full disk, closed stderr)
  }
}

async function applyLevel(level: RedisLogLevel): Promise<void> {
  await configure({
    reset: true,
    sinks: { redis: sink },
    loggers: [
      {
        category: ["respire"],
        lowestLevel: level === "nothing" ? "fatal" : TO_LOGTAPE[level],
        sinks: level === "nothing" ? [] : ["redis"],
      },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: [] },
    ],
  });
}

/**
 * Configures the process-wide log output: stderr when `logfile` is empty (or nowhere when
 * `quietWithoutFile`, as for a daemon), else appends to the file. Throws if the file cannot
 * be opened.
 */
export async function setupLogging(
  level: RedisLogLevel,
  logfile: string,
  quietWithoutFile = false,
  runtime: Runtime = denoRuntime,
): Promise<void> {
  if (typeof output === "object") output.close();
  host = runtime;
  output = logfile !== ""
    ? await runtime.fs.open(logfile, { create: true, append: true })
    : quietWithoutFile
    ? "null"
    : "stderr";
  await applyLevel(level);
}

/** Changes the level at runtime (CONFIG SET loglevel), keeping the output. */
export function setLogLevel(level: RedisLogLevel): Promise<void> {
  return applyLevel(level);
}

export async function stopLogging(): Promise<void> {
  await reset();
  if (typeof output === "object") output.close();
  output = "stderr";
}
