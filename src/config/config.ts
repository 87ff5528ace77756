/**
 * Server configuration: one table of parameters with redis.conf's names, types, defaults and
 * CONFIG GET spellings. The config file, command-line flags, environment and CONFIG SET all
 * go through `set`, so validation and error texts live in one place.
 */
export type ParamType = "int" | "memory" | "bool" | "string" | "enum" | "special";

export interface ParamDef {
  name: string;
  type: ParamType;
  default: string;
  aliases?: string[];
  /** false: only at startup (config file / flags), CONFIG SET refuses it. */
  mutable?: boolean;
  min?: number;
  max?: number;
  values?: string[];
  /** Checks/normalizes a special or string value; returns an error text or the value. */
  normalize?: (value: string) => { value: string } | { error: string };
  /** Normalizes a value the way CONFIG GET prints it. */
  print?: (value: string) => string;
  /** Hidden params are settable but not listed by CONFIG GET * (Redis's HIDDEN_CONFIG). */
  hidden?: boolean;
}

const GB = 1024 * 1024 * 1024;

function memoryToBytes(v: string): number | null {
  const m = /^(-?\d+)(b|k|kb|m|mb|g|gb)?$/i.exec(v.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? "b").toLowerCase();
  const mult: Record<string, number> = {
    b: 1,
    k: 1000,
    kb: 1024,
    m: 1000 * 1000,
    mb: 1024 * 1024,
    g: 1000 * 1000 * 1000,
    gb: GB,
  };
  return n * mult[unit];
}

const SAVE_NORMALIZE = (v: string): { value: string } | { error: string } => {
  const parts = v.trim().split(/\s+/).filter((p) => p !== "");
  if (parts.length === 0 || (parts.length === 1 && parts[0] === "")) return { value: "" };
  if (parts.length % 2 !== 0) return { error: "Invalid save parameters" };
  for (const p of parts) if (!/^\d+$/.test(p)) return { error: "Invalid save parameters" };
  return { value: parts.map((p) => String(Number(p))).join(" ") };
};

export const PARAMS: ParamDef[] = [
  { name: "bind", type: "special", default: "127.0.0.1", mutable: false },
  { name: "port", type: "int", default: "6379", min: 0, max: 65535, mutable: false },
  { name: "unixsocket", type: "string", default: "", mutable: false },
  { name: "unixsocketperm", type: "special", default: "0", mutable: false },
  { name: "requirepass", type: "string", default: "" },
  { name: "databases", type: "int", default: "16", min: 1, max: 2147483647, mutable: false },
  {
    name: "loglevel",
    type: "enum",
    default: "notice",
    values: ["debug", "verbose", "notice", "warning", "nothing"],
  },
  { name: "logfile", type: "string", default: "", mutable: false },
  { name: "dir", type: "string", default: "." },
  { name: "dbfilename", type: "string", default: "dump.rdb" },
  { name: "pidfile", type: "string", default: "", mutable: false },
  { name: "daemonize", type: "bool", default: "no", mutable: false },
  { name: "timeout", type: "int", default: "0", min: 0, max: 2147483647 },
  { name: "tcp-keepalive", type: "int", default: "300", min: 0, max: 2147483647 },
  { name: "maxclients", type: "int", default: "10000", min: 1, max: 2147483647 },
  { name: "protected-mode", type: "bool", default: "yes" },
  { name: "hz", type: "int", default: "10", min: 0, max: 2147483647 },
  { name: "dynamic-hz", type: "bool", default: "yes" },
  { name: "active-expire-effort", type: "int", default: "1", min: 1, max: 10 },
  {
    name: "proto-max-bulk-len",
    type: "memory",
    default: "536870912",
    min: 1024 * 1024,
    max: Number.MAX_SAFE_INTEGER,
  },
  {
    name: "client-query-buffer-limit",
    type: "memory",
    default: "1073741824",
    min: 1024 * 1024,
    max: Number.MAX_SAFE_INTEGER,
  },
  { name: "maxmemory", type: "memory", default: "0", min: 0, max: Number.MAX_SAFE_INTEGER },
  {
    name: "maxmemory-policy",
    type: "enum",
    default: "noeviction",
    values: [
      "volatile-lru",
      "volatile-lfu",
      "volatile-random",
      "volatile-ttl",
      "allkeys-lru",
      "allkeys-lfu",
      "allkeys-random",
      "noeviction",
    ],
  },
  { name: "maxmemory-samples", type: "int", default: "5", min: 1, max: 64 },
  { name: "lfu-log-factor", type: "int", default: "10", min: 0, max: 2147483647 },
  { name: "lfu-decay-time", type: "int", default: "1", min: 0, max: 2147483647 },
  { name: "save", type: "special", default: "3600 1 300 100 60 10000", normalize: SAVE_NORMALIZE },
  { name: "appendonly", type: "bool", default: "no" },
  {
    name: "enable-debug-command",
    type: "enum",
    default: "no",
    values: ["no", "yes", "local"],
    mutable: false,
  },
  { name: "slowlog-log-slower-than", type: "int", default: "10000", min: -1, max: 2147483647 },
  { name: "slowlog-max-len", type: "int", default: "128", min: 0, max: 2147483647 },
  { name: "latency-monitor-threshold", type: "int", default: "0", min: 0, max: 2147483647 },
  { name: "notify-keyspace-events", type: "special", default: "" },
  {
    name: "client-output-buffer-limit",
    type: "special",
    default: "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
  },
  { name: "lazyfree-lazy-user-flush", type: "bool", default: "no" },
  { name: "lazyfree-lazy-user-del", type: "bool", default: "no" },
];

export class ConfigError extends Error {}

/** Holds current values as strings in CONFIG GET form, with typed accessors. */
export class Config {
  private values = new Map<string, string>();
  private readonly defs = new Map<string, ParamDef>();
  private readonly listeners = new Map<string, ((value: string) => void)[]>();
  /** The config file this server was started with, for CONFIG REWRITE and INFO. */
  file = "";

  constructor() {
    for (const def of PARAMS) {
      this.defs.set(def.name, def);
      for (const a of def.aliases ?? []) this.defs.set(a, def);
      this.values.set(def.name, def.default);
    }
  }

  definition(name: string): ParamDef | undefined {
    return this.defs.get(name.toLowerCase());
  }

  names(): string[] {
    return PARAMS.filter((d) => !d.hidden).map((d) => d.name);
  }

  get(name: string): string {
    const def = this.definition(name);
    if (!def) throw new Error(`unknown config ${name}`);
    return this.values.get(def.name)!;
  }

  int(name: string): number {
    return Number(this.get(name));
  }

  bool(name: string): boolean {
    return this.get(name) === "yes";
  }

  /** Called with the new value after every successful set of `name`. */
  onChange(name: string, fn: (value: string) => void): void {
    const list = this.listeners.get(name) ?? [];
    list.push(fn);
    this.listeners.set(name, list);
  }

  /**
   * Validates and stores a value. Throws ConfigError with Redis's wording of the reason
   * (CONFIG SET wraps it as "ERR CONFIG SET failed (possibly related to argument 'x') - ...").
   */
  set(name: string, raw: string, startup = false): void {
    const def = this.definition(name);
    if (!def) {
      throw new ConfigError(`Unknown option or number of arguments for CONFIG SET - '${name}'`);
    }
    if (!startup && def.mutable === false) throw new ConfigError("can't set immutable config");
    const value = this.validate(def, raw);
    this.values.set(def.name, value);
    for (const fn of this.listeners.get(def.name) ?? []) fn(value);
  }

  validate(def: ParamDef, raw: string): string {
    switch (def.type) {
      case "bool": {
        const v = raw.toLowerCase();
        if (v !== "yes" && v !== "no") throw new ConfigError("argument must be 'yes' or 'no'");
        return v;
      }
      case "int": {
        if (!/^-?\d+$/.test(raw.trim())) {
          throw new ConfigError("argument couldn't be parsed into an integer");
        }
        const n = Number(raw);
        if (n < def.min! || n > def.max!) {
          throw new ConfigError(`argument must be between ${def.min} and ${def.max} inclusive`);
        }
        return String(n);
      }
      case "memory": {
        const n = memoryToBytes(raw);
        if (n === null) throw new ConfigError("argument must be a memory value");
        if (n < def.min! || n > def.max!) {
          throw new ConfigError(`argument must be between ${def.min} and ${def.max} inclusive`);
        }
        return String(n);
      }
      case "enum": {
        const v = raw.toLowerCase();
        if (!def.values!.includes(v)) {
          throw new ConfigError(
            `argument(s) must be one of the following: ${def.values!.join(", ")}`,
          );
        }
        return v;
      }
      case "string":
        return raw;
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

  /** Every param with its current value, in table order (CONFIG GET *, CONFIG REWRITE). */
  entries(): [string, string][] {
    return PARAMS.filter((d) => !d.hidden).map((d) => [d.name, this.values.get(d.name)!]);
  }

  defaultOf(name: string): string | undefined {
    return this.definition(name)?.default;
  }
}

/**
 * Parses redis.conf text into [directive, args] pairs. Quoting follows Redis
 * (sdssplitargs); comments start with '#' at the beginning of a line.
 */
export function parseConfigText(
  text: string,
  split: (line: string) => string[] | null,
): { line: number; name: string; args: string[] }[] {
  const out: { line: number; name: string; args: string[] }[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "" || line.startsWith("#")) continue;
    const parts = split(line);
    if (parts === null) {
      throw new ConfigError(
        `Bad directive or wrong number of arguments at line ${i + 1}: '${line}'`,
      );
    }
    if (parts.length === 0) continue;
    out.push({ line: i + 1, name: parts[0].toLowerCase(), args: parts.slice(1) });
  }
  return out;
}
