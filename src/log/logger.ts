/**
 * Logging through LogTape, with Redis's levels (debug, verbose, notice, warning, and
 * "nothing" to silence it) and Redis's line format: `pid:M 24 Nov 2026 02:33:23.123 * text`.
 * As redis-server's, the log goes to stdout when no logfile is set (stderr carries only what
 * is printed before logging is set up, such as config file errors). Until `setupLogging` runs
 * (as in embedded use), log calls cost a level check and print nothing.
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

/** Redis's role mark: `C` until the server is initialized (Redis: before initServer), then `M`. */
export type LogRole = "C" | "M";

export function formatRecord(r: LogRecord, pid: number, role: LogRole = "M"): string {
  const text = r.message.map((part) => typeof part === "string" ? part : String(part)).join("");
  return `${pid}:${role} ${stamp(r.timestamp)} ${MARK[r.level]} ${text}\n`;
}

/** The server's logger; the server uses its methods `trace` (debug), `debug` (verbose), `info`
 * (notice) and `warning`. */
export type Logger = ReturnType<typeof getLogger>;

export function serverLogger(): Logger {
  return getLogger(["respire"]);
}

/** Where log lines go: stdout, a file (appended), or nowhere (a daemon without a logfile). */
let output: FileHandle | "stdout" | "null" = "stdout";
/** The runtime that setupLogging was given: its stdout, its process id in each line. */
let host: Runtime = denoRuntime;
/** The level set last ("nothing" until setupLogging: nothing is written before it). */
let currentLevel: RedisLogLevel = "nothing";
let role: LogRole = "M";
const encoder = new TextEncoder();

function write(bytes: Uint8Array): void {
  try {
    const out = output === "stdout" ? host.stdio.stdout : output === "null" ? null : output;
    // a write to a pipe may be partial: the rest follows, as fprintf would write it all
    for (let at = 0; out !== null && at < bytes.length;) at += out.writeSync(bytes.subarray(at));
  } catch {
    // a log line must never take the server down (full disk, closed stdout)
  }
}

function sink(r: LogRecord): void {
  write(encoder.encode(formatRecord(r, host.process.pid, role)));
}

const RANK: Record<RedisLogLevel, number> = {
  debug: 0,
  verbose: 1,
  notice: 2,
  warning: 3,
  nothing: 4,
};

/**
 * Whether a line of `level` is shown: one comparison, for callers that would build the line
 * (Redis's `server.verbosity <= LL_VERBOSE` before catClientInfoString).
 */
export function logEnabled(level: Exclude<RedisLogLevel, "nothing">): boolean {
  return RANK[level] >= RANK[currentLevel];
}

/**
 * Writes `text` as it is, without the line prefix, when `level` is shown (redis-server's
 * serverLogRaw with LL_RAW: its startup logo).
 */
export function logRaw(level: Exclude<RedisLogLevel, "nothing">, text: string): void {
  if (!logEnabled(level)) return;
  write(encoder.encode(text));
}

/** Sets the role mark of the lines that follow (`C` before the server is initialized). */
export function setLogRole(r: LogRole): void {
  role = r;
}

async function applyLevel(level: RedisLogLevel): Promise<void> {
  currentLevel = level;
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
 * Configures the process-wide log output: stdout when `logfile` is empty (or nowhere when
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
    : "stdout";
  // lines logged before the server is initialized carry Redis's `C` (main.ts sets `M`)
  role = "C";
  await applyLevel(level);
}

/** Changes the level at runtime (CONFIG SET loglevel), keeping the output. */
export function setLogLevel(level: RedisLogLevel): Promise<void> {
  return applyLevel(level);
}

export async function stopLogging(): Promise<void> {
  await reset();
  if (typeof output === "object") output.close();
  output = "stdout";
  currentLevel = "nothing";
  role = "M";
}
