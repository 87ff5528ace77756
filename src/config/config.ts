/**
 * Server configuration: one table of parameters with redis.conf's names, types, limits,
 * defaults and CONFIG GET spellings (Redis 7.0's). The config file, command-line flags, the
 * environment and CONFIG SET all go through the same parsers, so validation and error texts
 * live in one place.
 *
 * Adding a parameter: append an entry to PARAMS (the helpers below build the common shapes).
 * A parameter read on a hot or per-command path names a typed field (`field`, declared in
 * fields.ts) that the table keeps current; other readers use `config.get/int/bool`. React to
 * runtime changes with `config.onChange`.
 * A later entry with the same name refines an earlier one: the fields it sets replace the
 * earlier entry's, the others (aliases, limits) stay.
 */
import { denoRuntime } from "../runtime/deno.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { resolveDir, startDir } from "./dir.ts";

import { ConfigFields, type FieldOf } from "./fields.ts";
import { configBytes, configPath } from "./words.ts";

export type ParamType = "int" | "memory" | "bool" | "string" | "enum" | "special";

export interface ParamDef {
  name: string;
  type: ParamType;
  /** The default, written as CONFIG GET prints it. */
  default: string;
  /** Old names that still work (Redis lists them in CONFIG GET * as separate entries). */
  aliases?: string[];
  /** false: only at startup (config file / flags); CONFIG SET says "can't set immutable config". */
  mutable?: boolean;
  /** CONFIG SET refuses it unless enable-protected-configs allows ("can't set protected config"). */
  protected?: boolean;
  /** int / memory bounds (inclusive); bigint where a JS number cannot hold the value exactly. */
  min?: number | bigint;
  max?: number | bigint;
  /** int / memory: values outside this range are accepted and stored clamped to it (hz). */
  clamp?: [number, number];
  /** int: written and read in octal (unixsocketperm). */
  octal?: boolean;
  /** memory: also accepts "N%" (stored as is). */
  percent?: boolean;
  /** enum: accepted values in Redis's order (the error text lists them). */
  values?: string[];
  /** enum: values accepted beyond the ones Redis 7.0 advertises. */
  extraValues?: string[];
  /**
   * Takes several words: in a config file line and on the command line they are separate
   * arguments; CONFIG SET splits its single value on spaces. An enum with this flag is a set
   * of flags ("nosave now").
   */
  multiArg?: boolean;
  /**
   * Parses a special parameter's words into its stored form, or throws ConfigError with
   * Redis's reason. `current` is the value before the change (for partial updates).
   */
  parse?: (args: string[], current: string, runtime: Runtime) => string;
  /** Checks/normalizes a string or special value (single-word form of `parse`). */
  normalize?: (value: string) => { value: string } | { error: string };
  /** Formats the stored value the way CONFIG GET prints it. */
  print?: (value: string) => string;
  /** The config-file lines CONFIG REWRITE writes for a value; default `name value`. */
  rewrite?: (value: string) => string[];
  /** A process-level side effect of a new value; throws ConfigError to refuse. */
  apply?: (value: string, startup: boolean, runtime: Runtime) => void;
  /**
   * Refuses values that need a feature respire does not have. Returns the reason, or null.
   * At startup the reason stops the server; CONFIG SET reports `runtimeError` instead when set.
   */
  unsupported?: (value: string) => string | null;
  runtimeError?: string;
  /** Settable but left out of CONFIG GET patterns (Redis's hidden configs). */
  hidden?: boolean;
  /** Holds a secret (requirepass, masterauth): never echoed into logs. */
  sensitive?: boolean;
  /** The typed field (fields.ts) this parameter writes on every change. */
  field?: keyof ConfigFields;
}

export class ConfigError extends Error {}

export const INT_MAX = 2147483647;
export const UINT_MAX = 4294967295;
export const LLONG_MAX = 9223372036854775807n;
export const ULLONG_MAX = 18446744073709551615n;
const TWO_64 = 1n << 64n;

// ---------------------------------------------------------------------------------------------
// Value parsers with Redis's acceptance rules

/** Redis's string2ll: optional '-', digits, no '+', no spaces, no leading zeros, int64 range. */
export function parseStrictInt(s: string): bigint | null {
  if (!/^(0|-?[1-9][0-9]*)$/.test(s) || s.length > 20) return null;
  const v = BigInt(s);
  if (v > LLONG_MAX || v < -LLONG_MAX - 1n) return null;
  return v;
}

const UNITS: Record<string, bigint> = {
  "": 1n,
  b: 1n,
  k: 1000n,
  kb: 1024n,
  m: 1000n * 1000n,
  mb: 1024n * 1024n,
  g: 1000n * 1000n * 1000n,
  gb: 1024n * 1024n * 1024n,
};

/**
 * Redis's memtoull: digits then an optional unit (b, k, kb, m, mb, g, gb; any case). An empty
 * number reads as 0, a too large one saturates, and the unit multiplication wraps around at
 * 2^64, all as in Redis. Returns the unsigned 64-bit result, or null.
 */
export function parseMemory(s: string): bigint | null {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  const mul = UNITS[s.slice(i).toLowerCase()];
  if (mul === undefined || i >= 128) return null;
  let n = i === 0 ? 0n : BigInt(s.slice(0, i));
  if (n > ULLONG_MAX) n = ULLONG_MAX;
  return (n * mul) % TWO_64;
}

/** Formats bytes with the largest unit that divides them, as CONFIG REWRITE does. */
export function formatMemory(bytes: bigint): string {
  if (bytes === 0n) return "0";
  const gb = 1024n * 1024n * 1024n;
  if (bytes % gb === 0n) return `${bytes / gb}gb`;
  if (bytes % (1024n * 1024n) === 0n) return `${bytes / (1024n * 1024n)}mb`;
  if (bytes % 1024n === 0n) return `${bytes / 1024n}kb`;
  return String(bytes);
}

/** C's strtol over a whole word: optional spaces and sign, digits; false when junk follows. */
function parseLongWord(s: string): number | null {
  const m = /^[ \t\n\v\f\r]*([+-]?[0-9]*)$/.exec(s);
  if (m === null) return null;
  const digits = m[1].replace(/^[+-]/, "");
  return digits === "" ? 0 : Number(m[1]);
}

/** Quotes a value the way Redis's sdscatrepr does (used for config lines). */
export function reprString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const code = s.charCodeAt(i);
    if (c === "\\" || c === '"') out += "\\" + c;
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (c === "\t") out += "\\t";
    else if (c === "\x07") out += "\\a";
    else if (c === "\b") out += "\\b";
    else if (code < 32 || code > 126) out += "\\x" + code.toString(16).padStart(2, "0");
    else out += c;
  }
  return out + '"';
}

// ---------------------------------------------------------------------------------------------
// Special parameters

function parseSave(args: string[]): string {
  if (args.length === 1 && args[0] === "") return "";
  if (args.length % 2 !== 0) throw new ConfigError("Invalid save parameters");
  const out: string[] = [];
  for (let j = 0; j < args.length; j++) {
    // strtoll with an end check: optional spaces and sign, digits, nothing after
    const m = /^[ \t\n\v\f\r]*([+-]?[0-9]+)$/.exec(args[j]);
    const v = m === null ? NaN : Number(m[1]);
    if (Number.isNaN(v) || (j % 2 === 0 && v < 1) || (j % 2 === 1 && v < 0)) {
      throw new ConfigError("Invalid save parameters");
    }
    out.push(String(v));
  }
  return out.join(" ");
}

function rewriteSave(value: string): string[] {
  if (value === "") return ['save ""'];
  const p = value.split(" ");
  const lines: string[] = [];
  for (let i = 0; i < p.length; i += 2) lines.push(`save ${p[i]} ${p[i + 1]}`);
  return lines;
}

const BUFFER_CLASSES = ["normal", "slave", "pubsub"];

function parseClientOutputBufferLimit(args: string[], current: string): string {
  if (args.length % 4 !== 0) {
    throw new ConfigError("Wrong number of arguments in buffer limit configuration.");
  }
  const limits = new Map<string, string[]>();
  const cur = current.split(" ");
  for (let i = 0; i + 3 < cur.length; i += 4) limits.set(cur[i], cur.slice(i + 1, i + 4));
  for (let j = 0; j < args.length; j += 4) {
    let cls = args[j].toLowerCase();
    if (cls === "replica") cls = "slave";
    if (!BUFFER_CLASSES.includes(cls)) {
      throw new ConfigError("Invalid client class specified in buffer limit configuration.");
    }
    const hard = parseMemory(args[j + 1]);
    const soft = parseMemory(args[j + 2]);
    const secs = /^[ \t\n\v\f\r]*([+-]?[0-9]+)$/.exec(args[j + 3]);
    if (hard === null || soft === null || secs === null || Number(secs[1]) < 0) {
      throw new ConfigError(
        "Error in hard, soft or soft_seconds setting in buffer limit configuration.",
      );
    }
    limits.set(cls, [String(hard), String(soft), String(Number(secs[1]))]);
  }
  return BUFFER_CLASSES.map((c) => `${c} ${limits.get(c)!.join(" ")}`).join(" ");
}

const DEFAULT_OUTPUT_LIMITS = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";

function rewriteClientOutputBufferLimit(value: string): string[] {
  const p = value.split(" ");
  const d = DEFAULT_OUTPUT_LIMITS.split(" ");
  const lines: string[] = [];
  for (let i = 0; i < p.length; i += 4) {
    if (p.slice(i, i + 4).join(" ") === d.slice(i, i + 4).join(" ")) continue;
    lines.push(
      `client-output-buffer-limit ${p[i]} ${formatMemory(BigInt(p[i + 1]))} ${
        formatMemory(BigInt(p[i + 2]))
      } ${p[i + 3]}`,
    );
  }
  return lines;
}

function parseOomScoreAdjValues(args: string[]): string {
  if (args.length !== 3) throw new ConfigError("wrong number of arguments");
  const out: number[] = [];
  for (const a of args) {
    const v = parseLongWord(a);
    if (v === null || v < -2000 || v > 2000) {
      throw new ConfigError(
        "Invalid oom-score-adj-values, elements must be between -2000 and 2000.",
      );
    }
    out.push(v);
  }
  return out.join(" ");
}

/** Keyspace notification classes in the order Redis prints them. */
const NOTIFY_CLASSES = "g$lshzxetd";

function parseNotifyKeyspaceEvents(args: string[]): string {
  const s = args[0];
  const set = new Set<string>();
  for (const c of s) {
    if (c === "A") {
      for (const k of NOTIFY_CLASSES) set.add(k);
    } else if ((NOTIFY_CLASSES + "nKEm").includes(c)) {
      set.add(c);
    } else {
      throw new ConfigError("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    }
  }
  // stored form: "A" when every class is on, the classes otherwise, then n, K, E, m
  let out = "";
  if ([...NOTIFY_CLASSES].every((k) => set.has(k))) out = "A";
  else for (const k of NOTIFY_CLASSES) if (set.has(k)) out += k;
  for (const k of "nKEm") if (set.has(k)) out += k;
  return out;
}

/** Redis does not print the "new key" class next to "A" although it keeps it. */
function printNotifyKeyspaceEvents(value: string): string {
  return value.startsWith("An") ? "A" + value.slice(2) : value;
}

/** The event classes enabled by a notify-keyspace-events value, one letter each ("A" expanded). */
export function notifyClasses(value: string): Set<string> {
  const set = new Set<string>();
  for (const c of value) {
    if (c === "A") { for (const k of NOTIFY_CLASSES) set.add(k); }
    else set.add(c);
  }
  return set;
}

/** printf("%f") with the trailing zeros (and a bare point) removed. */
function formatPercentile(v: number): string {
  return v.toFixed(6).replace(/\.?0+$/, "");
}

function parseLatencyPercentiles(args: string[]): string {
  if (args.length === 1 && args[0] === "") return "";
  const out: string[] = [];
  for (const a of args) {
    if (!/^[ \t\n\v\f\r]*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(a)) {
      throw new ConfigError("Invalid latency-tracking-info-percentiles parameters");
    }
    const v = Number(a.trim());
    if (!(v >= 0 && v <= 100)) {
      throw new ConfigError(
        "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]",
      );
    }
    out.push(formatPercentile(v));
  }
  return out.join(" ");
}

function parseBind(args: string[]): string {
  if (args.length === 1 && args[0] === "") return "";
  if (args.length > 16) throw new ConfigError("Too many bind addresses specified.");
  return args.join(" ");
}

function parseShutdownOnSignal(flags: string[]): void {
  if (flags.includes("save") && flags.includes("nosave")) {
    throw new ConfigError("shutdown options SAVE and NOSAVE can't be used simultaneously");
  }
}

/**
 * dir: stored as the absolute directory redis-server's chdir would enter (relative to the
 * current dir), refused with chdir's error; the process's working directory never changes.
 */
function parseDir(value: string, current: string, runtime: Runtime): string {
  try {
    return resolveDir(runtime, value, current);
  } catch (e) {
    throw new ConfigError(runtime.errors.errnoText(e));
  }
}

/**
 * A process title template is valid when its {variables} are known, its braces balance
 * ("{{" and "}}" stand for braces) and it does not expand to blanks alone. The variables that
 * may be empty (the title itself, the server mode) count as empty here.
 */
function validProcTitleTemplate(template: string): boolean {
  const sample: Record<string, string> = {
    "title": "",
    "listen-addr": "*:6379",
    "server-mode": "",
    "port": "6379",
    "tls-port": "0",
    "unixsocket": "",
    "config-file": "",
  };
  let out = "";
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch === "{" || ch === "}") {
      if (template[i + 1] === ch) {
        out += ch;
        i++;
        continue;
      }
      if (ch === "}") return false;
      const close = template.indexOf("}", i + 1);
      if (close < 0) return false;
      const value = sample[template.slice(i + 1, close)];
      if (value === undefined) return false;
      out += value;
      i = close;
    } else {
      out += ch;
    }
  }
  return out.trim() !== "";
}

/** Redis keeps 32 descriptors for itself beyond the clients. */
const RESERVED_FDS = 32;

/** Refuses more clients than the process can hold descriptors for (runtime only, as Redis). */
function checkMaxClients(value: string, startup: boolean, runtime: Runtime): void {
  if (startup) return;
  const limit = runtime.process.openFilesLimit();
  if (limit !== null && Number(value) + RESERVED_FDS > limit) {
    throw new ConfigError(
      `The operating system is not able to handle the specified number of clients, try with ${
        limit - RESERVED_FDS
      }`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Table helpers

type Extra = Omit<Partial<ParamDef>, "field">;

function bool(
  name: string,
  def: "yes" | "no",
  extra: Extra & { field?: FieldOf<boolean> } = {},
): ParamDef {
  return { name, type: "bool", default: def, ...extra };
}

function int(
  name: string,
  def: number,
  min: number | bigint,
  max: number | bigint,
  extra: Extra & { field?: FieldOf<number> } = {},
): ParamDef {
  return { name, type: "int", default: String(def), min, max, ...extra };
}

function mem(
  name: string,
  def: number | bigint,
  min: number | bigint,
  max: number | bigint,
  extra: Extra & { field?: FieldOf<number> } = {},
): ParamDef {
  return { name, type: "memory", default: String(def), min, max, ...extra };
}

function str(name: string, def: string, extra: Extra & { field?: FieldOf<string> } = {}): ParamDef {
  return { name, type: "string", default: def, ...extra };
}

function enm(
  name: string,
  def: string,
  values: string[],
  extra: Extra & { field?: FieldOf<string> } = {},
): ParamDef {
  return { name, type: "enum", default: def, values, ...extra };
}

const IMMUTABLE: Extra = { mutable: false };

/** File names that must not be paths (the files live in `dir`), as Redis checks them. */
function baseNameOnly(what: string, kind: "filename" | "dirname") {
  return (v: string): { value: string } | { error: string } =>
    v.includes("/") || v.includes("\\")
      ? { error: `${what} can't be a path, just a ${kind}` }
      : { value: v };
}
const TLS_UPDATE_FAILED = "Unable to update TLS configuration. Check server logs.";
/** Turning TLS on for a link type needs TLS, which respire lacks (Redis built without it too). */
const TLS_SWITCH: Extra = {
  unsupported: (v) => v === "yes" ? NO_TLS : null,
  runtimeError: TLS_UPDATE_FAILED,
};
const NO_DEFRAG = "Active defragmentation cannot be enabled: it requires a Redis server " +
  "compiled with a modified Jemalloc like the one shipped by default with the Redis source " +
  "distribution";
const NO_TLS = "respire has no TLS support; use a TLS-terminating proxy";

/**
 * Redis 7.0's parameters. Where respire lacks the feature behind a parameter, the value is
 * still stored and reported (clients and tools read them), while values that would switch
 * such a feature on are refused (`unsupported`).
 */
export const PARAMS: ParamDef[] = [
  // network
  {
    name: "bind",
    field: "bind",
    type: "special",
    // Redis binds "* -::*" behind protected mode; respire stays on loopback unless told
    default: "127.0.0.1",
    multiArg: true,
    parse: parseBind,
    rewrite: (v) => [v === "" ? 'bind ""' : `bind ${v}`],
  },
  str("bind-source-addr", ""),
  int("port", 6379, 0, 65535, { field: "port" }),
  int("tcp-backlog", 511, 0, INT_MAX, IMMUTABLE),
  str("unixsocket", "", { ...IMMUTABLE, field: "unixsocket" }),
  int("unixsocketperm", 0, 0, 0o777, { field: "unixsocketperm", mutable: false, octal: true }),
  int("socket-mark-id", 0, 0, UINT_MAX, IMMUTABLE),
  int("timeout", 0, 0, INT_MAX, { field: "timeout" }),
  int("tcp-keepalive", 300, 0, INT_MAX, { field: "tcpKeepalive" }),
  bool("protected-mode", "yes"),
  int("maxclients", 10000, 1, UINT_MAX, { field: "maxclients", apply: checkMaxClients }),
  // tls
  int("tls-port", 0, 0, 65535, {
    unsupported: (v) => v !== "0" ? NO_TLS : null,
    runtimeError: TLS_UPDATE_FAILED,
  }),
  str("tls-cert-file", ""),
  str("tls-key-file", ""),
  str("tls-key-file-pass", "", { sensitive: true }),
  str("tls-client-cert-file", ""),
  str("tls-client-key-file", ""),
  str("tls-client-key-file-pass", "", { sensitive: true }),
  str("tls-dh-params-file", ""),
  str("tls-ca-cert-file", ""),
  str("tls-ca-cert-dir", ""),
  enm("tls-auth-clients", "yes", ["no", "yes", "optional"]),
  bool("tls-replication", "no", TLS_SWITCH),
  bool("tls-cluster", "no", TLS_SWITCH),
  str("tls-protocols", ""),
  str("tls-ciphers", ""),
  str("tls-ciphersuites", ""),
  bool("tls-prefer-server-ciphers", "no"),
  bool("tls-session-caching", "yes"),
  int("tls-session-cache-size", 20480, 0, INT_MAX),
  int("tls-session-cache-timeout", 300, 0, INT_MAX),
  // general
  bool("daemonize", "no", { ...IMMUTABLE, field: "daemonize" }),
  enm("supervised", "no", ["upstart", "systemd", "auto", "no"], IMMUTABLE),
  str("pidfile", "", { ...IMMUTABLE, field: "pidfile" }),
  enm("loglevel", "notice", ["debug", "verbose", "notice", "warning"], {
    field: "loglevel",
    // Redis 7.2's "nothing" works here too, though the error text keeps 7.0's list
    extraValues: ["nothing"],
  }),
  str("logfile", "", { ...IMMUTABLE, field: "logfile" }),
  bool("syslog-enabled", "no", {
    mutable: false,
    unsupported: (v) => v === "yes" ? "respire does not log to syslog; use logfile" : null,
  }),
  str("syslog-ident", "redis", IMMUTABLE),
  enm(
    "syslog-facility",
    "local0",
    ["user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"],
    IMMUTABLE,
  ),
  bool("crash-log-enabled", "yes"),
  bool("crash-memcheck-enabled", "yes"),
  int("databases", 16, 1, INT_MAX, { ...IMMUTABLE, field: "databases" }),
  bool("always-show-logo", "no", IMMUTABLE),
  bool("set-proc-title", "yes", IMMUTABLE),
  str("proc-title-template", "{title} {listen-addr} {server-mode}", {
    normalize: (v) =>
      validProcTitleTemplate(v)
        ? { value: v }
        : { error: "template format is invalid or contains unknown variables" },
  }),
  str("ignore-warnings", ""),
  enm("enable-protected-configs", "no", ["no", "yes", "local"], {
    ...IMMUTABLE,
    field: "enableProtectedConfigs",
  }),
  enm("enable-debug-command", "no", ["no", "yes", "local"], {
    ...IMMUTABLE,
    field: "enableDebugCommand",
  }),
  enm("enable-module-command", "no", ["no", "yes", "local"], IMMUTABLE),
  // snapshotting
  {
    name: "save",
    field: "save",
    type: "special",
    default: "3600 1 300 100 60 10000",
    multiArg: true,
    parse: parseSave,
    rewrite: rewriteSave,
  },
  bool("stop-writes-on-bgsave-error", "yes", { field: "stopWritesOnBgsaveError" }),
  bool("rdbcompression", "yes", { field: "rdbcompression" }),
  bool("rdbchecksum", "yes", { ...IMMUTABLE, field: "rdbchecksum" }),
  enm("sanitize-dump-payload", "no", ["no", "yes", "clients"]),
  str("dbfilename", "dump.rdb", {
    field: "dbfilename",
    protected: true,
    normalize: baseNameOnly("dbfilename", "filename"),
  }),
  bool("rdb-del-sync-files", "no"),
  {
    name: "dir",
    type: "special",
    default: ".",
    protected: true,
    // stored absolute, as bytes like every value (the constructor stores the starting directory)
    parse: (args, current, runtime) =>
      configBytes(parseDir(configPath(args[0]), configPath(current), runtime)),
    rewrite: (v) => [`dir ${reprString(v)}`],
  },
  bool("rdb-save-incremental-fsync", "yes"),
  // replication
  {
    name: "replicaof",
    type: "special",
    default: "",
    aliases: ["slaveof"],
    mutable: false,
    multiArg: true,
    parse: (args) => {
      if (args.length !== 2) throw new ConfigError("wrong number of arguments");
      if (args[0].toLowerCase() === "no" && args[1].toLowerCase() === "one") return "";
      const port = parseLongWord(args[1]);
      if (port === null || port < 0 || port > 65535) throw new ConfigError("Invalid master port");
      return `${args[0]} ${port}`;
    },
    unsupported: (v) => v !== "" ? "respire does not implement replication (replicaof)" : null,
  },
  str("masterauth", "", { sensitive: true }),
  str("masteruser", ""),
  bool("replica-serve-stale-data", "yes", { aliases: ["slave-serve-stale-data"] }),
  bool("replica-read-only", "yes", { aliases: ["slave-read-only"] }),
  bool("repl-diskless-sync", "yes"),
  int("repl-diskless-sync-delay", 5, 0, INT_MAX),
  int("repl-diskless-sync-max-replicas", 0, 0, INT_MAX),
  enm("repl-diskless-load", "disabled", ["disabled", "on-empty-db", "swapdb"]),
  int("repl-ping-replica-period", 10, 1, INT_MAX, { aliases: ["repl-ping-slave-period"] }),
  int("repl-timeout", 60, 1, INT_MAX),
  bool("repl-disable-tcp-nodelay", "no"),
  mem("repl-backlog-size", 1048576, 1, LLONG_MAX, {
    field: "replBacklogSize",
    clamp: [16384, Number.MAX_SAFE_INTEGER],
  }),
  int("repl-backlog-ttl", 3600, 0, LLONG_MAX),
  int("replica-priority", 100, 0, INT_MAX, { aliases: ["slave-priority"] }),
  bool("replica-announced", "yes"),
  int("min-replicas-to-write", 0, 0, INT_MAX, { aliases: ["min-slaves-to-write"] }),
  int("min-replicas-max-lag", 10, 0, INT_MAX, { aliases: ["min-slaves-max-lag"] }),
  str("replica-announce-ip", "", { aliases: ["slave-announce-ip"] }),
  int("replica-announce-port", 0, 0, 65535, { aliases: ["slave-announce-port"] }),
  bool("replica-ignore-maxmemory", "yes", { aliases: ["slave-ignore-maxmemory"] }),
  bool("replica-lazy-flush", "no", { aliases: ["slave-lazy-flush"] }),
  bool("replica-ignore-disk-write-errors", "no"),
  enm("propagation-error-behavior", "ignore", ["ignore", "panic", "panic-on-replicas"]),
  // keys tracking
  int("tracking-table-max-keys", 1000000, 0, LLONG_MAX, { field: "trackingTableMaxKeys" }),
  // security
  str("requirepass", "", { field: "requirepass", sensitive: true }),
  int("acllog-max-len", 128, 0, LLONG_MAX),
  str("aclfile", "", IMMUTABLE),
  enm("acl-pubsub-default", "resetchannels", ["allchannels", "resetchannels"]),
  // clients and memory
  mem("maxmemory", 0, 0, ULLONG_MAX, { field: "maxmemory" }),
  enm("maxmemory-policy", "noeviction", [
    "volatile-lru",
    "volatile-lfu",
    "volatile-random",
    "volatile-ttl",
    "allkeys-lru",
    "allkeys-lfu",
    "allkeys-random",
    "noeviction",
  ], { field: "maxmemoryPolicy" }),
  int("maxmemory-samples", 5, 1, INT_MAX),
  int("maxmemory-eviction-tenacity", 10, 0, 100),
  mem("maxmemory-clients", 0, 0, LLONG_MAX, { percent: true }),
  int("lfu-log-factor", 10, 0, INT_MAX, { field: "lfuLogFactor" }),
  int("lfu-decay-time", 1, 0, INT_MAX, { field: "lfuDecayTime" }),
  // lazy freeing
  bool("lazyfree-lazy-eviction", "no"),
  bool("lazyfree-lazy-expire", "no", { field: "lazyfreeLazyExpire" }),
  bool("lazyfree-lazy-server-del", "no"),
  bool("lazyfree-lazy-user-del", "no", { field: "lazyfreeLazyUserDel" }),
  bool("lazyfree-lazy-user-flush", "no"),
  // threads and kernel
  int("io-threads", 1, 1, 128, IMMUTABLE),
  bool("io-threads-do-reads", "no", IMMUTABLE),
  enm("oom-score-adj", "no", ["no", "yes", "relative", "absolute"]),
  {
    name: "oom-score-adj-values",
    type: "special",
    default: "0 200 800",
    multiArg: true,
    parse: parseOomScoreAdjValues,
  },
  bool("disable-thp", "yes", IMMUTABLE),
  str("server_cpulist", "", IMMUTABLE),
  str("bio_cpulist", "", IMMUTABLE),
  str("aof_rewrite_cpulist", "", IMMUTABLE),
  str("bgsave_cpulist", "", IMMUTABLE),
  bool("jemalloc-bg-thread", "yes"),
  // append only mode
  // turned on and off by persistence/persistence.ts (a listener refuses what it cannot do)
  bool("appendonly", "no", { field: "appendonly" }),
  str("appendfilename", "appendonly.aof", {
    field: "appendfilename",
    ...IMMUTABLE,
    normalize: baseNameOnly("appendfilename", "filename"),
  }),
  str("appenddirname", "appendonlydir", {
    field: "appenddirname",
    ...IMMUTABLE,
    normalize: baseNameOnly("appenddirname", "dirname"),
  }),
  enm("appendfsync", "everysec", ["everysec", "always", "no"], { field: "appendfsync" }),
  bool("no-appendfsync-on-rewrite", "no"),
  int("auto-aof-rewrite-percentage", 100, 0, INT_MAX, { field: "autoAofRewritePercentage" }),
  mem("auto-aof-rewrite-min-size", 67108864, 0, LLONG_MAX, { field: "autoAofRewriteMinSize" }),
  bool("aof-load-truncated", "yes", { field: "aofLoadTruncated" }),
  bool("aof-use-rdb-preamble", "yes", { field: "aofUseRdbPreamble" }),
  bool("aof-timestamp-enabled", "no"),
  bool("aof-rewrite-incremental-fsync", "yes"),
  bool("aof-disable-auto-gc", "no"),
  // shutdown
  int("shutdown-timeout", 10, 0, INT_MAX),
  enm("shutdown-on-sigint", "default", ["default", "save", "nosave", "now", "force"], {
    field: "shutdownOnSigint",
    multiArg: true,
  }),
  enm("shutdown-on-sigterm", "default", ["default", "save", "nosave", "now", "force"], {
    field: "shutdownOnSigterm",
    multiArg: true,
  }),
  // scripting
  int("busy-reply-threshold", 5000, 0, LLONG_MAX, { aliases: ["lua-time-limit"] }),
  // cluster
  bool("cluster-enabled", "no", {
    mutable: false,
    unsupported: (v) => v === "yes" ? "respire does not implement cluster mode" : null,
  }),
  str("cluster-config-file", "nodes.conf", IMMUTABLE),
  int("cluster-node-timeout", 15000, 0, LLONG_MAX),
  int("cluster-port", 0, 0, 65535, IMMUTABLE),
  int("cluster-replica-validity-factor", 10, 0, INT_MAX, {
    aliases: ["cluster-slave-validity-factor"],
  }),
  int("cluster-migration-barrier", 1, 0, INT_MAX),
  bool("cluster-allow-replica-migration", "yes"),
  bool("cluster-require-full-coverage", "yes"),
  bool("cluster-replica-no-failover", "no", { aliases: ["cluster-slave-no-failover"] }),
  bool("cluster-allow-reads-when-down", "no"),
  bool("cluster-allow-pubsubshard-when-down", "yes"),
  mem("cluster-link-sendbuf-limit", 0, 0, ULLONG_MAX),
  str("cluster-announce-hostname", "", {
    normalize: (v) =>
      /^[A-Za-z0-9.-]*$/.test(v)
        ? { value: v }
        : { error: "Hostnames may only contain alphanumeric characters, hyphens or dots" },
  }),
  enm("cluster-preferred-endpoint-type", "ip", ["ip", "hostname", "unknown-endpoint"]),
  str("cluster-announce-ip", ""),
  int("cluster-announce-port", 0, 0, 65535),
  int("cluster-announce-tls-port", 0, 0, 65535),
  int("cluster-announce-bus-port", 0, 0, 65535),
  // slow log, latency
  int("slowlog-log-slower-than", 10000, -1, LLONG_MAX, { field: "slowlogLogSlowerThan" }),
  int("slowlog-max-len", 128, 0, LLONG_MAX, { field: "slowlogMaxLen" }),
  int("latency-monitor-threshold", 0, 0, LLONG_MAX, { field: "latencyMonitorThreshold" }),
  bool("latency-tracking", "yes", { field: "latencyTracking" }),
  {
    name: "latency-tracking-info-percentiles",
    type: "special",
    default: "50 99 99.9",
    multiArg: true,
    parse: parseLatencyPercentiles,
  },
  // event notification
  {
    name: "notify-keyspace-events",
    field: "notifyKeyspaceEvents",
    type: "special",
    default: "",
    parse: parseNotifyKeyspaceEvents,
    print: printNotifyKeyspaceEvents,
    rewrite: (v) => [`notify-keyspace-events ${reprString(printNotifyKeyspaceEvents(v))}`],
  },
  // data types (their families read these)
  int("hash-max-listpack-entries", 512, 0, LLONG_MAX, {
    field: "hashMaxListpackEntries",
    aliases: ["hash-max-ziplist-entries"],
  }),
  mem("hash-max-listpack-value", 64, 0, LLONG_MAX, {
    field: "hashMaxListpackValue",
    aliases: ["hash-max-ziplist-value"],
  }),
  int("list-max-listpack-size", -2, -2147483648, INT_MAX, {
    field: "listMaxListpackSize",
    aliases: ["list-max-ziplist-size"],
  }),
  int("list-compress-depth", 0, 0, INT_MAX, { field: "listCompressDepth" }),
  int("set-max-intset-entries", 512, 0, LLONG_MAX, { field: "setMaxIntsetEntries" }),
  int("zset-max-listpack-entries", 128, 0, LLONG_MAX, {
    field: "zsetMaxListpackEntries",
    aliases: ["zset-max-ziplist-entries"],
  }),
  mem("zset-max-listpack-value", 64, 0, LLONG_MAX, {
    field: "zsetMaxListpackValue",
    aliases: ["zset-max-ziplist-value"],
  }),
  mem("hll-sparse-max-bytes", 3000, 0, LLONG_MAX),
  mem("stream-node-max-bytes", 4096, 0, LLONG_MAX),
  int("stream-node-max-entries", 100, 0, LLONG_MAX),
  // advanced
  bool("activerehashing", "yes"),
  {
    name: "client-output-buffer-limit",
    field: "clientOutputBufferLimit",
    type: "special",
    default: DEFAULT_OUTPUT_LIMITS,
    multiArg: true,
    parse: parseClientOutputBufferLimit,
    rewrite: rewriteClientOutputBufferLimit,
  },
  mem("client-query-buffer-limit", 1073741824, 1024 * 1024, LLONG_MAX, {
    field: "clientQueryBufferLimit",
  }),
  mem("proto-max-bulk-len", 536870912, 1024 * 1024, LLONG_MAX, { field: "protoMaxBulkLen" }),
  // the server timer runs between 1 and 500 times a second; CONFIG GET shows the clamped value
  int("hz", 10, 0, INT_MAX, { field: "hz", clamp: [1, 500] }),
  bool("dynamic-hz", "yes", { field: "dynamicHz" }),
  int("active-expire-effort", 1, 1, 10, { field: "activeExpireEffort" }),
  // active defragmentation (a jemalloc feature; the knobs are kept for tools that set them)
  bool("activedefrag", "no", {
    unsupported: (v) => v === "yes" ? NO_DEFRAG : null,
  }),
  mem("active-defrag-ignore-bytes", 104857600, 1, LLONG_MAX),
  int("active-defrag-threshold-lower", 10, 0, 1000),
  int("active-defrag-threshold-upper", 100, 0, 1000),
  int("active-defrag-cycle-min", 1, 1, 99),
  int("active-defrag-cycle-max", 25, 1, 99),
  int("active-defrag-max-scan-fields", 1000, 1, LLONG_MAX),
];

// ---------------------------------------------------------------------------------------------
// Config

/** CONFIG SET's words for a multi-word parameter: split on single spaces, none when empty. */
function splitValue(raw: string): string[] {
  return raw === "" ? [] : raw.split(" ");
}

/** One parameter as found by name: its definition and the name it was found under. */
interface Lookup {
  def: ParamDef;
  /** The canonical name, or the alias when looked up by one. */
  name: string;
}

/**
 * The typed value of a stored one, for the parameter's field: see fields.ts. Specials keep
 * their stored form.
 */
function fieldValue(def: ParamDef, stored: string): string | number | boolean {
  switch (def.type) {
    case "bool":
      return stored === "yes";
    case "int":
      return def.octal ? parseInt(stored, 8) : Number(stored);
    case "memory":
      return stored.endsWith("%") ? -Number(stored.slice(0, -1)) : Number(stored);
    default:
      return stored;
  }
}

/**
 * Holds current values (in stored form, byte strings) and keeps the typed fields (fields.ts)
 * of the parameters that have one current.
 */
export class Config extends ConfigFields {
  private values = new Map<string, string>();
  private readonly defs = new Map<string, ParamDef>();
  /** Every listed name (canonical names and aliases) in table order, lower case. */
  private readonly listed: string[] = [];
  private readonly listeners = new Map<string, ((value: string) => void)[]>();
  /** The config file this server was started with (as given), for CONFIG REWRITE. */
  file = "";
  /** The config file's absolute path, for INFO's config_file. */
  fileAbsolute = "";

  /** @param runtime what `dir` and `maxclients` check against (the Deno adapter by default) */
  constructor(readonly runtime: Runtime = denoRuntime) {
    super();
    // a later entry for the same name refines the earlier one (fields it sets win)
    const byName = new Map<string, ParamDef>();
    for (const def of PARAMS) byName.set(def.name, { ...byName.get(def.name), ...def });
    for (const def of byName.values()) {
      this.defs.set(def.name, def);
      this.store(def, def.default);
      if (!def.hidden) this.listed.push(def.name);
      for (const a of def.aliases ?? []) {
        this.defs.set(a, def);
        if (!def.hidden) this.listed.push(a);
      }
    }
    this.values.set("dir", configBytes(startDir(runtime)));
  }

  /** The one way a value is stored: the string and, where the parameter has one, its field. */
  private store(def: ParamDef, value: string): void {
    this.values.set(def.name, value);
    if (def.field !== undefined) {
      (this as unknown as Record<string, unknown>)[def.field] = fieldValue(def, value);
    }
  }

  /** `dir` as text, for file APIs (config/dir.ts inDir) and log lines. */
  get dirPath(): string {
    return configPath(this.values.get("dir")!);
  }

  definition(name: string): ParamDef | undefined {
    return this.defs.get(name.toLowerCase());
  }

  /** Every parameter name CONFIG GET patterns can match (aliases included). */
  names(): string[] {
    return this.listed;
  }

  /** The stored value (CONFIG GET form for everything but a few specials). */
  get(name: string): string {
    const def = this.definition(name);
    if (!def) throw new Error(`unknown config ${name}`);
    return this.values.get(def.name)!;
  }

  /** The value as CONFIG GET prints it. */
  printed(name: string): string {
    const def = this.definition(name);
    if (!def) throw new Error(`unknown config ${name}`);
    const v = this.values.get(def.name)!;
    return def.print ? def.print(v) : v;
  }

  int(name: string): number {
    const def = this.definition(name);
    const v = this.get(name);
    if (def?.octal) return parseInt(v, 8);
    if (v.endsWith("%")) return -Number(v.slice(0, -1));
    return Number(v);
  }

  bool(name: string): boolean {
    return this.get(name) === "yes";
  }

  /**
   * Called with the new value after a successful change of `name` (startup and CONFIG SET).
   * A listener may throw ConfigError to refuse the value: CONFIG SET then restores the old
   * values and reports the message.
   */
  onChange(name: string, fn: (value: string) => void): void {
    const def = this.definition(name);
    const key = def ? def.name : name;
    const list = this.listeners.get(key) ?? [];
    list.push(fn);
    this.listeners.set(key, list);
  }

  /**
   * Parses a value for a parameter without storing it. `args` are the words of a config
   * line or command-line flag; CONFIG SET passes its value split on spaces for multi-word
   * parameters. Throws ConfigError with Redis's reason.
   */
  parse(def: ParamDef, args: string[]): string {
    if (!def.multiArg && args.length !== 1) throw new ConfigError("wrong number of arguments");
    if (def.type === "enum") return this.parseEnum(def, args);
    if (def.parse) return def.parse(args, this.values.get(def.name)!, this.runtime);
    const raw = args[0];
    switch (def.type) {
      case "bool": {
        const v = raw.toLowerCase();
        if (v !== "yes" && v !== "no") throw new ConfigError("argument must be 'yes' or 'no'");
        return v;
      }
      case "int": {
        if (def.octal) return this.parseOctal(def, raw);
        const v = this.checkBounds(def, this.parseInt(raw));
        if (def.clamp === undefined) return v;
        return String(Math.min(def.clamp[1], Math.max(def.clamp[0], Number(v))));
      }
      case "memory":
        return this.parseMemoryValue(def, raw);
      case "string":
      case "special": {
        if (def.normalize) {
          const r = def.normalize(raw);
          if ("error" in r) throw new ConfigError(r.error);
          return r.value;
        }
        return raw;
      }
    }
  }

  private parseInt(raw: string): bigint {
    const v = parseStrictInt(raw);
    if (v === null) throw new ConfigError("argument couldn't be parsed into an integer");
    return v;
  }

  private parseOctal(def: ParamDef, raw: string): string {
    const m = /^[ \t\n\v\f\r]*([+-]?[0-7]+)$/.exec(raw);
    if (m === null) throw new ConfigError("argument couldn't be parsed as an octal number");
    const v = parseInt(m[1], 8);
    const min = Number(def.min ?? 0);
    const max = Number(def.max ?? 0o777);
    if (v < min || v > max) {
      throw new ConfigError(
        `argument must be between ${min.toString(8)} and ${max.toString(8)} inclusive`,
      );
    }
    return v.toString(8);
  }

  private parseMemoryValue(def: ParamDef, raw: string): string {
    const u = parseMemory(raw);
    if (u !== null) {
      // the parsed number lands in a signed 64-bit variable first, as in Redis
      const unsigned = BigInt(def.max ?? LLONG_MAX) > LLONG_MAX;
      const v = unsigned || u <= LLONG_MAX ? u : u - TWO_64;
      if (v < 0n && def.percent) {
        if (-v > 100n) throw new ConfigError("percentage argument must be less or equal to 100");
        return `${-v}%`;
      }
      const checked = this.checkBounds(def, v);
      if (def.clamp === undefined) return checked;
      return String(Math.min(def.clamp[1], Math.max(def.clamp[0], Number(checked))));
    }
    if (def.percent && raw.length > 1 && raw.endsWith("%")) {
      const p = parseStrictInt(raw.slice(0, -1));
      if (p !== null && p >= 0n) {
        if (p > 100n) throw new ConfigError("percentage argument must be less or equal to 100");
        return p === 0n ? "0" : `${p}%`;
      }
    }
    throw new ConfigError(
      def.percent
        ? "argument must be a memory or percent value"
        : "argument must be a memory value",
    );
  }

  private checkBounds(def: ParamDef, v: bigint): string {
    const min = BigInt(def.min ?? -LLONG_MAX - 1n);
    const max = BigInt(def.max ?? LLONG_MAX);
    if (v < min || v > max) {
      throw new ConfigError(`argument must be between ${min} and ${max} inclusive`);
    }
    return String(v);
  }

  private parseEnum(def: ParamDef, args: string[]): string {
    const values = def.values!;
    const accepted = [...values, ...(def.extraValues ?? [])];
    const fail = () =>
      new ConfigError(`argument(s) must be one of the following: ${values.join(", ")}`);
    if (args.length === 0 || (!def.multiArg && args.length !== 1)) throw fail();
    const chosen = new Set<string>();
    for (const a of args) {
      const v = a.toLowerCase();
      if (!accepted.includes(v)) throw fail();
      chosen.add(v);
    }
    if (!def.multiArg) return [...chosen][0];
    // a set of flags: the first value means "none of them" and disappears next to others
    const flags = values.slice(1).filter((v) => chosen.has(v));
    if (def.name.startsWith("shutdown-on-")) parseShutdownOnSignal(flags);
    return flags.length === 0 ? values[0] : flags.join(" ");
  }

  /**
   * Validates and stores one value given as a single string (CONFIG SET's form: multi-word
   * parameters are split on spaces). Used by the embedding API and tests; CONFIG SET itself
   * goes through `setMany` for its all-or-nothing semantics.
   */
  set(name: string, raw: string, startup = false): void {
    const def = this.definition(name);
    if (!def) {
      throw new ConfigError(`Unknown option or number of arguments for CONFIG SET - '${name}'`);
    }
    if (!startup && def.mutable === false) throw new ConfigError("can't set immutable config");
    this.setArgs(def, def.multiArg ? splitValue(raw) : [raw], startup);
  }

  /** Parses, checks support, stores and applies one parameter (startup path). */
  setArgs(def: ParamDef, args: string[], startup: boolean): void {
    const value = this.parse(def, args);
    if (def.unsupported) {
      const reason = def.unsupported(value);
      if (reason !== null) throw new ConfigError(startup ? reason : def.runtimeError ?? reason);
    }
    const old = this.values.get(def.name)!;
    this.store(def, value);
    try {
      def.apply?.(value, startup, this.runtime);
      this.notify(def.name, value);
    } catch (e) {
      this.store(def, old);
      throw e;
    }
  }

  private notify(name: string, value: string): void {
    for (const fn of this.listeners.get(name) ?? []) fn(value);
  }

  /**
   * CONFIG SET with Redis 7.0's all-or-nothing semantics. `pairs` are [name, value] as sent.
   * Returns null on success or the complete error text (without the "ERR " code).
   */
  setMany(pairs: [string, string][], allowProtected: boolean): string | null {
    const defs: ParamDef[] = [];
    let unknown: string | null = null;
    let failedArg: string | null = null;
    let reason = "";
    const seen = new Set<string>();
    for (const [name] of pairs) {
      const def = this.definition(name);
      if (def === undefined) {
        if (failedArg === null && unknown === null) unknown = name;
        continue;
      }
      defs.push(def);
      if (unknown !== null || failedArg !== null) continue;
      if (def.mutable === false) {
        failedArg = name;
        reason = "can't set immutable config";
      } else if (def.protected && !allowProtected) {
        failedArg = name;
        reason = "can't set protected config";
      } else if (seen.has(name.toLowerCase())) {
        // an alias and its canonical name are separate parameters to this check, as in Redis
        failedArg = name;
        reason = "duplicate parameter";
      }
      seen.add(name.toLowerCase());
    }
    if (unknown !== null) {
      return `Unknown option or number of arguments for CONFIG SET - '${unknown}'`;
    }
    if (failedArg !== null) {
      return `CONFIG SET failed (possibly related to argument '${failedArg}') - ${reason}`;
    }
    const backup = defs.map((d) => this.values.get(d.name)!);
    /** Puts the old values back and re-applies the ones whose change was applied already. */
    const restore = (applied: number) => {
      for (let i = defs.length - 1; i >= 0; i--) this.store(defs[i], backup[i]);
      for (let i = 0; i < applied; i++) {
        try {
          defs[i].apply?.(backup[i], false, this.runtime);
          this.notify(defs[i].name, backup[i]);
        } catch { /* the old value was accepted before */ }
      }
    };
    const lookupName = (i: number) => {
      // Redis names the parameter as registered: the alias when one was used
      const given = pairs[i][0].toLowerCase();
      return defs[i].name === given || (defs[i].aliases ?? []).includes(given)
        ? given
        : defs[i].name;
    };
    // first parse everything, so a bad value leaves no trace
    const parsed: string[] = [];
    for (let i = 0; i < defs.length; i++) {
      const def = defs[i];
      try {
        const raw = pairs[i][1];
        const value = this.parse(def, def.multiArg ? splitValue(raw) : [raw]);
        if (def.unsupported?.(value)) {
          throw new ConfigError(def.runtimeError ?? def.unsupported(value)!);
        }
        parsed.push(value);
        // later parameters may depend on this one (client-output-buffer-limit partial update)
        this.store(def, value);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        restore(0);
        return `CONFIG SET failed (possibly related to argument '${lookupName(i)}') - ${e.message}`;
      }
    }
    for (let i = 0; i < defs.length; i++) {
      try {
        defs[i].apply?.(parsed[i], false, this.runtime);
        this.notify(defs[i].name, parsed[i]);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        restore(i + 1);
        return `CONFIG SET failed (possibly related to argument '${lookupName(i)}') - ${e.message}`;
      }
    }
    return null;
  }

  /** Every canonical parameter with its stored value, in table order. */
  entries(): [string, string][] {
    return [...this.defs.entries()]
      .filter(([name, def]) => name === def.name && !def.hidden)
      .map(([name]) => [name, this.values.get(name)!]);
  }

  defaultOf(name: string): string | undefined {
    return this.definition(name)?.default;
  }

  /** The config-file lines for a parameter's current value (CONFIG REWRITE). */
  rewriteLines(def: ParamDef): string[] {
    const v = this.values.get(def.name)!;
    if (def.rewrite) return def.rewrite(v);
    switch (def.type) {
      case "memory":
        return [`${def.name} ${v.endsWith("%") ? v : formatMemory(BigInt(v))}`];
      case "string":
        return [`${def.name} ${reprString(v)}`];
      default:
        return [`${def.name} ${v}`];
    }
  }

  /** Whether the parameter differs from its default (CONFIG REWRITE only adds such lines). */
  isDefault(def: ParamDef): boolean {
    return this.values.get(def.name) === def.default;
  }
}
