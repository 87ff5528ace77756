/**
 * What the server records about executed commands: the MONITOR feed, the slow log and the
 * latency monitor's "command" / "fast-command" events. `record` runs after every command
 * (inside EXEC too, once per queued command, then for EXEC itself), so its common path is a
 * few field reads.
 */
import type { Command } from "../commands/registry.ts";
import type { Config } from "../config/config.ts";
import type { Client } from "./client.ts";
import { deliver } from "./delivery.ts";

// ---------------------------------------------------------------------------------------------
// Arguments as logs show them

const REDACTED = "(redacted)";

/** Configuration parameters whose values CONFIG SET keeps out of logs, as Redis 7.0. */
const SECRET_PARAMS = new Set([
  "masterauth",
  "masteruser",
  "requirepass",
  "tls-key-file-pass",
  "tls-client-key-file-pass",
]);

/**
 * The arguments with secrets replaced by "(redacted)", at the positions Redis 7.0 hides them
 * (passwords of AUTH, HELLO AUTH, MIGRATE AUTH/AUTH2, ACL SETUSER, secret CONFIG SET values).
 * Like Redis, the hiding happens while the command parses its arguments, so a form rejected
 * before that point is shown as sent.
 */
export function redactArgs(cmd: Command, args: string[], config: Config): string[] {
  switch (cmd.fullName) {
    case "auth": {
      if (args.length > 3) return args;
      const out = args.slice();
      for (let i = 1; i < out.length; i++) out[i] = REDACTED;
      return out;
    }
    case "hello": {
      if (args.length < 3 || !/^-?\d+$/.test(args[1])) return args;
      const ver = Number(args[1]);
      if (ver < 2 || ver > 3) return args;
      let out: string[] | null = null;
      for (let j = 2; j < args.length; j++) {
        const more = args.length - 1 - j;
        const opt = args[j].toLowerCase();
        if (opt === "auth" && more >= 2) {
          out ??= args.slice();
          out[j + 1] = REDACTED;
          out[j + 2] = REDACTED;
          j += 2;
        } else if (opt === "setname" && more >= 1) {
          j++;
        } else {
          break;
        }
      }
      return out ?? args;
    }
    case "migrate": {
      let out: string[] | null = null;
      for (let j = 6; j < args.length; j++) {
        const more = args.length - 1 - j;
        const opt = args[j].toLowerCase();
        if (opt === "copy" || opt === "replace") continue;
        if (opt === "auth" && more >= 1) {
          out ??= args.slice();
          out[++j] = REDACTED;
        } else if (opt === "auth2" && more >= 2) {
          out ??= args.slice();
          out[++j] = REDACTED;
          out[++j] = REDACTED;
        } else {
          break;
        }
      }
      return out ?? args;
    }
    case "acl|setuser": {
      const out = args.slice();
      for (let i = 2; i < out.length; i++) out[i] = REDACTED;
      return out;
    }
    case "config|set": {
      if (args.length < 4 || args.length % 2 !== 0) return args;
      let out: string[] | null = null;
      for (let i = 2; i + 1 < args.length; i += 2) {
        const def = config.definition(args[i]);
        if (def !== undefined && SECRET_PARAMS.has(def.name)) {
          out ??= args.slice();
          out[i + 1] = REDACTED;
        }
      }
      return out ?? args;
    }
  }
  return args;
}

/** Redis's sdscatrepr: a double-quoted string with C escapes and \xHH for other bytes. */
export function quoteRepr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    switch (ch) {
      case 0x5c:
        out += "\\\\";
        break;
      case 0x22:
        out += '\\"';
        break;
      case 0x0a:
        out += "\\n";
        break;
      case 0x0d:
        out += "\\r";
        break;
      case 0x09:
        out += "\\t";
        break;
      case 0x07:
        out += "\\a";
        break;
      case 0x08:
        out += "\\b";
        break;
      default:
        out += ch >= 0x20 && ch <= 0x7e ? s[i] : "\\x" + ch.toString(16).padStart(2, "0");
    }
  }
  return out + '"';
}

// ---------------------------------------------------------------------------------------------
// Slow log

const SLOWLOG_MAX_ARGS = 32;
const SLOWLOG_MAX_ARG_BYTES = 128;

export interface SlowlogEntry {
  id: number;
  /** Unix seconds when the command finished. */
  time: number;
  usec: number;
  args: string[];
  addr: string;
  name: string;
}

/** Keeps what Redis keeps of a slow command's arguments: 32 of them, 128 bytes each. */
function slowlogArgs(args: string[]): string[] {
  const argc = Math.min(args.length, SLOWLOG_MAX_ARGS);
  const out = new Array<string>(argc);
  for (let j = 0; j < argc; j++) {
    if (argc !== args.length && j === argc - 1) {
      out[j] = `... (${args.length - argc + 1} more arguments)`;
    } else if (args[j].length > SLOWLOG_MAX_ARG_BYTES) {
      out[j] = args[j].slice(0, SLOWLOG_MAX_ARG_BYTES) +
        `... (${args[j].length - SLOWLOG_MAX_ARG_BYTES} more bytes)`;
    } else {
      out[j] = args[j];
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Latency monitor

/** Samples kept per event: one per second with a spike, the last 160. */
export const LATENCY_SAMPLES = 160;

export interface LatencySample {
  /** Unix seconds. */
  time: number;
  /** Milliseconds. */
  latency: number;
}

export class LatencySeries {
  /** Ring of samples; unused slots have time 0. */
  readonly samples: LatencySample[] = Array.from(
    { length: LATENCY_SAMPLES },
    () => ({ time: 0, latency: 0 }),
  );
  idx = 0;
  max = 0;

  /** Redis's latencyAddSample: one sample per second, the highest of that second. */
  add(now: number, latency: number): void {
    if (latency > this.max) this.max = latency;
    const prev = this.samples[(this.idx + LATENCY_SAMPLES - 1) % LATENCY_SAMPLES];
    if (prev.time === now) {
      if (latency > prev.latency) prev.latency = latency;
      return;
    }
    const slot = this.samples[this.idx];
    slot.time = now;
    slot.latency = latency;
    this.idx = (this.idx + 1) % LATENCY_SAMPLES;
  }

  /** The used samples, oldest first. */
  history(): LatencySample[] {
    const out: LatencySample[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const s = this.samples[(this.idx + i) % LATENCY_SAMPLES];
      if (s.time !== 0) out.push(s);
    }
    return out;
  }

  latest(): LatencySample {
    return this.samples[(this.idx + LATENCY_SAMPLES - 1) % LATENCY_SAMPLES];
  }
}

// ---------------------------------------------------------------------------------------------

export class CommandLog {
  /** Clients in MONITOR mode, in the order they started. */
  readonly monitors = new Set<Client>();
  /** Slow log entries oldest first, from slowlogStart on (older ones were trimmed). */
  private slowlogEntries: SlowlogEntry[] = [];
  private slowlogStart = 0;
  private nextSlowlogId = 0;
  /** Argument vectors of waiting commands that MONITOR has already been shown. */
  private readonly fedEarly = new WeakSet<string[]>();
  private fedEarlyCount = 0;
  /** Latency events by name ("command", "fast-command"), in creation order. */
  readonly latency = new Map<string, LatencySeries>();

  /** Reads slowlog-log-slower-than, slowlog-max-len and latency-monitor-threshold from fields. */
  constructor(private readonly config: Config) {}

  /**
   * Feeds MONITOR at once for a command that is going to wait (a blocking command): Redis
   * shows it when it is called, not when it completes. `record` then skips the feed.
   */
  feedNow(c: Client, cmd: Command, args: string[]): void {
    if (this.monitors.size > 0 && !cmd.flags.has("admin") && !cmd.flags.has("skip_monitor")) {
      this.feedMonitors(c, cmd, args);
    }
    this.fedEarly.add(args);
    this.fedEarlyCount++;
  }

  /** Called after every executed command with its duration in microseconds. */
  record(c: Client, cmd: Command, args: string[], usec: number): void {
    if (this.fedEarlyCount > 0 && this.fedEarly.delete(args)) {
      this.fedEarlyCount--; // already shown by feedNow
    } else if (
      this.monitors.size > 0 && !cmd.flags.has("admin") && !cmd.flags.has("skip_monitor")
    ) {
      this.feedMonitors(c, cmd, args);
    }
    if (
      this.config.slowlogLogSlowerThan >= 0 && usec >= this.config.slowlogLogSlowerThan &&
      !cmd.flags.has("skip_slowlog")
    ) {
      this.addSlowlog(c, cmd, args, usec);
    }
    if (this.config.latencyMonitorThreshold > 0) {
      const ms = Math.floor(usec / 1000);
      if (ms >= this.config.latencyMonitorThreshold) {
        this.addLatency(cmd.flags.has("fast") ? "fast-command" : "command", ms);
      }
    }
  }

  /** Records a latency sample for an event (ms), when it reaches the threshold. */
  addLatencyIfNeeded(event: string, ms: number): void {
    if (this.config.latencyMonitorThreshold > 0 && ms >= this.config.latencyMonitorThreshold) {
      this.addLatency(event, ms);
    }
  }

  private addLatency(event: string, ms: number): void {
    let series = this.latency.get(event);
    if (series === undefined) {
      series = new LatencySeries();
      this.latency.set(event, series);
    }
    series.add(Math.floor(Date.now() / 1000), ms);
  }

  private feedMonitors(c: Client, cmd: Command, args: string[]): void {
    const shown = redactArgs(cmd, args, this.config);
    const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
    const secs = Math.floor(micros / 1e6);
    const frac = String(micros - secs * 1e6).padStart(6, "0");
    const source = c.unixSocket ? `unix:${this.config.unixsocket}` : c.addr;
    let line = `+${secs}.${frac} [${c.db.id} ${source}]`;
    for (let i = 0; i < shown.length; i++) line += " " + quoteRepr(shown[i]);
    line += "\r\n";
    const bytes = new Uint8Array(line.length);
    for (let i = 0; i < line.length; i++) bytes[i] = line.charCodeAt(i);
    for (const m of this.monitors) {
      // unlike pushes, MONITOR lines obey CLIENT REPLY OFF/SKIP
      if (m.replyOff || (m.replySkip && m === c)) continue;
      deliver(m, bytes);
    }
  }

  private addSlowlog(c: Client, cmd: Command, args: string[], usec: number): void {
    const entries = this.slowlogEntries;
    entries.push({
      id: this.nextSlowlogId++,
      time: Math.floor(Date.now() / 1000),
      usec,
      args: slowlogArgs(redactArgs(cmd, args, this.config)),
      addr: c.addr,
      name: c.name,
    });
    // like Redis, a lowered slowlog-max-len takes effect at the next entry
    if (entries.length - this.slowlogStart > this.config.slowlogMaxLen) {
      this.slowlogStart = entries.length - this.config.slowlogMaxLen;
      if (this.slowlogStart > 1024 && this.slowlogStart * 2 > entries.length) {
        this.slowlogEntries = entries.slice(this.slowlogStart);
        this.slowlogStart = 0;
      }
    }
  }

  get slowlogLength(): number {
    return this.slowlogEntries.length - this.slowlogStart;
  }

  /** Up to `count` slow log entries, newest first. */
  slowlogNewest(count: number): SlowlogEntry[] {
    const out: SlowlogEntry[] = [];
    const entries = this.slowlogEntries;
    for (let i = entries.length - 1; i >= this.slowlogStart && out.length < count; i--) {
      out.push(entries[i]);
    }
    return out;
  }

  resetSlowlog(): void {
    this.slowlogEntries = [];
    this.slowlogStart = 0;
  }
}
