/**
 * LATENCY LATEST / HISTORY / RESET / GRAPH / DOCTOR / HISTOGRAM / HELP. The latency monitor
 * (engine/command_log.ts) records one sample per second for each event that reached
 * latency-monitor-threshold milliseconds; HISTOGRAM reads the per-command latency histograms
 * that latency-tracking keeps (engine/metrics.ts).
 */
import type { Client } from "../../engine/client.ts";
import type { LatencySeries } from "../../engine/command_log.ts";
import { CommandError } from "../errors.ts";
import { type Command, command, commandContainer, registry } from "../registry.ts";
import type { LatencyHistogram } from "../../engine/metrics.ts";

commandContainer({
  name: "latency",
  arity: -2,
  flags: [],
  group: "server",
  since: "2.8.13",
  summary: "Groups the commands of the latency monitor.",
  complexity: "Depends on subcommand.",
});

const HELP = [
  "LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "DOCTOR",
  "    Return a human readable latency analysis report.",
  "GRAPH <event>",
  "    Return an ASCII latency graph for the <event> class.",
  "HISTORY <event>",
  "    Return time-latency samples for the <event> class.",
  "LATEST",
  "    Return the latest latency samples for all events.",
  "RESET [<event> ...]",
  "    Reset latency data of one or more <event> classes.",
  "    (default: reset all data for all event classes)",
  "HISTOGRAM [COMMAND ...]",
  "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
  "    If no commands are specified then all histograms are replied.",
  "HELP",
  "    Prints this help.",
];

const REPLY_TIPS = [
  "nondeterministic_output",
  "request_policy:all_nodes",
  "response_policy:special",
];

// ---------------------------------------------------------------------------------------------
// GRAPH: Redis's ASCII sparkline, 80 columns by 4 rows, with "how long ago" labels below

const GRAPH_COLUMNS = 80;
const GRAPH_ROWS = 4;
/** Glyphs for the top of a bar, one per third of a row (the filled style). */
const BAR_TOPS = "_o#";

function ago(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.trunc(seconds / 60)}m`;
  if (seconds < 86400) return `${Math.trunc(seconds / 3600)}h`;
  return `${Math.trunc(seconds / 86400)}d`;
}

/** Renders one band of up to GRAPH_COLUMNS samples: bar rows, a blank row, label rows. */
function renderBand(values: number[], labels: string[], min: number, max: number): string {
  const levels = BAR_TOPS.length * GRAPH_ROWS;
  const range = max - min === 0 ? 1 : max - min;
  const heights = values.map((v) => {
    const h = Math.trunc(Math.trunc((v - min) * levels) / range);
    return Math.min(levels - 1, Math.max(0, h));
  });
  let out = "";
  for (let row = 0; row < GRAPH_ROWS; row++) {
    // how far this row sits below the top, in thirds of a row
    const base = (GRAPH_ROWS - row - 1) * BAR_TOPS.length;
    let line = "";
    for (const h of heights) {
      const level = h - base;
      line += level < 0 ? " " : level < BAR_TOPS.length ? BAR_TOPS[level] : "|";
    }
    out += line + "\n";
  }
  out += " ".repeat(values.length) + "\n";
  const longest = Math.max(...labels.map((l) => l.length));
  for (let i = 0; i < longest; i++) {
    let line = "";
    for (const label of labels) line += i < label.length ? label[i] : " ";
    out += line + "\n";
  }
  return out;
}

function graph(event: string, series: LatencySeries): string {
  const now = Math.floor(Date.now() / 1000);
  const values: number[] = [];
  const labels: string[] = [];
  let min = 0;
  let max = 0;
  for (const s of series.history()) {
    if (values.length === 0) min = max = s.latency;
    else if (s.latency < min) min = s.latency;
    else if (s.latency > max) max = s.latency;
    values.push(s.latency);
    labels.push(ago(now - s.time));
  }
  let out = `${event} - high ${max} ms, low ${min} ms (all time high ${series.max} ms)\n` +
    "-".repeat(GRAPH_COLUMNS) + "\n";
  for (let i = 0; i < values.length; i += GRAPH_COLUMNS) {
    if (i > 0) out += "\n";
    out += renderBand(
      values.slice(i, i + GRAPH_COLUMNS),
      labels.slice(i, i + GRAPH_COLUMNS),
      min,
      max,
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// DOCTOR: Redis's report, for the events respire records ("command", "fast-command")

const DOCTOR_DISABLED = "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in " +
  'this Redis instance. You may use "CONFIG SET latency-monitor-threshold <milliseconds>." ' +
  "in order to enable it. If we weren't in a deep space mission I'd suggest to take a look " +
  "at https://redis.io/topics/latency-monitor.\n";
const DOCTOR_CALM = "Dave, no latency spike was observed during the lifetime of this Redis " +
  "instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a " +
  "stress pill, and think things over.\n";
const DOCTOR_SPIKES = "Dave, I have observed latency spikes in this Redis instance. You don't " +
  "mind talking about it, do you Dave?\n\n";
const DOCTOR_NO_FIX = "\nWhile there are latency events logged, I'm not able to suggest any " +
  "easy fix. Please use the Redis community to get some help, providing this report in your " +
  "help request.\n";
const ADVICE_INTRO = "\nI have a few advices for you:\n\n";
const ADVICE_INSPECT_SLOWLOG = "- Check your Slow Log to understand what are the commands you " +
  "are running which are too slow to execute. Please check https://redis.io/commands/slowlog " +
  "for more information.\n";
const ADVICE_SCHEDULER = "- The system is slow to execute Redis code paths not containing " +
  "system calls. This usually means the system does not provide Redis CPU time to run for long " +
  "periods. You should try to:\n" +
  "  1) Lower the system load.\n" +
  "  2) Use a computer / VM just for Redis if you are running other software in the same " +
  "system.\n" +
  '  3) Check if you have a "noisy neighbour" problem.\n' +
  "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your " +
  "system.\n" +
  "  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you " +
  "are using Jemalloc. However this may create fragmentation problems.\n";
const ADVICE_LARGE_OBJECTS = "- Deleting, expiring or evicting (because of maxmemory policy) " +
  "large objects is a blocking operation. If you have very large objects that are often " +
  "deleted, expired, or evicted, try to fragment those objects into multiple smaller " +
  "objects.\n";

function adviceEnableSlowlog(thresholdMs: number): string {
  return "- There are latency issues with potentially slow commands you are using. Try to " +
    "enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than " +
    `${thresholdMs * 1000}'. If the Slow log is disabled Redis is not able to log slow commands ` +
    "execution for you.\n";
}

function adviceTuneSlowlog(thresholdMs: number): string {
  return "- Your current Slow Log configuration only logs events that are slower than your " +
    "configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than " +
    `${thresholdMs * 1000}'.\n`;
}

/**
 * printf's %.2f for period / samples: toFixed rounds an exact tie up where printf rounds it to
 * even, and exact ties only occur when the sample count is a power of two.
 */
function formatPeriod(period: number, samples: number): string {
  const x = period / samples;
  const hundredths = x * 100;
  if ((samples & (samples - 1)) === 0 && hundredths % 1 === 0.5) {
    const down = Math.floor(hundredths);
    return ((down % 2 === 0 ? down : down + 1) / 100).toFixed(2);
  }
  return x.toFixed(2);
}

/** Samples, mean, mean absolute deviation and period of one event's history. */
function analyze(series: LatencySeries, now: number) {
  const samples = series.history();
  let sum = 0;
  let oldest = 0;
  for (const s of samples) {
    sum += s.latency;
    if (oldest === 0 || s.time < oldest) oldest = s.time;
  }
  const n = samples.length;
  const avg = n > 0 ? Math.floor(sum / n) : 0;
  let period = n > 0 ? now - oldest : 0;
  if (n > 0 && period === 0) period = 1;
  let deviation = 0;
  for (const s of samples) deviation += Math.abs(avg - s.latency);
  const mad = n > 0 ? Math.floor(deviation / n) : 0;
  return { n, avg, mad, period };
}

function doctor(c: Client): string {
  const engine = c.engine;
  const events = engine.commandLog.latency;
  const threshold = engine.config.latencyMonitorThreshold;
  if (events.size === 0 && threshold === 0) return DOCTOR_DISABLED;
  const slowerThan = engine.config.slowlogLogSlowerThan;
  const now = Math.floor(Date.now() / 1000);
  let report = "";
  let eventNum = 0;
  let advices = 0;
  let enableSlowlog = false;
  let tuneSlowlog = false;
  let inspectSlowlog = false;
  let scheduler = false;
  let largeObjects = false;
  for (const [event, series] of events) {
    eventNum++;
    if (eventNum === 1) report += DOCTOR_SPIKES;
    const { n, avg, mad, period } = analyze(series, now);
    report += `${eventNum}. ${event}: ${n} latency spikes (average ${avg}ms, mean deviation ` +
      `${mad}ms, period ${formatPeriod(period, n)} sec). Worst all time event ${series.max}ms.`;
    if (event === "command") {
      if (slowerThan < 0) {
        enableSlowlog = true;
        advices++;
      } else if (Math.trunc(slowerThan / 1000) > threshold) {
        tuneSlowlog = true;
        advices++;
      }
      inspectSlowlog = true;
      largeObjects = true;
      advices += 2;
    } else if (event === "fast-command") {
      scheduler = true;
      advices++;
    }
    report += "\n";
  }
  if (eventNum === 0 && advices === 0) return report + DOCTOR_CALM;
  if (advices === 0) return report + DOCTOR_NO_FIX;
  report += ADVICE_INTRO;
  if (enableSlowlog) report += adviceEnableSlowlog(threshold);
  if (tuneSlowlog) report += adviceTuneSlowlog(threshold);
  if (inspectSlowlog) report += ADVICE_INSPECT_SLOWLOG;
  if (scheduler) report += ADVICE_SCHEDULER;
  if (largeObjects) report += ADVICE_LARGE_OBJECTS;
  return report;
}

// ---------------------------------------------------------------------------------------------
// HISTOGRAM: cumulative counts at power-of-two microsecond steps, as HdrHistogram's
// logarithmic iteration from 1024 ns reports them

/** The highest value (ns) that shares a bucket with v, at two significant digits. */
function bucketTop(v: number): number {
  const magnitude = Math.floor(Math.log2(Math.max(1, v)));
  const width = 2 ** Math.max(0, magnitude - 7);
  return Math.floor(v / width) * width + width - 1;
}

function writeCdf(c: Client, h: LatencyHistogram): void {
  // bucket lowest value (ns) → count; metrics.ts keeps the map to itself
  const counts = [...h["counts"].entries()].sort((a, b) => a[0] - b[0]);
  const points: [number, number][] = [];
  let cumulative = 0;
  let i = 0;
  for (let level = 1024; i < counts.length; level *= 2) {
    const top = bucketTop(level);
    const before = cumulative;
    while (i < counts.length && counts[i][0] <= top) cumulative += counts[i++][1];
    if (cumulative > before) points.push([Math.floor(top / 1000), cumulative]);
  }
  const w = c.w;
  w.map(2);
  w.bulk("calls");
  w.int(h.total);
  w.bulk("histogram_usec");
  w.map(points.length);
  for (const [usec, count] of points) {
    w.int(usec);
    w.int(count);
  }
}

function histogramsFor(c: Client, names: string[]): [Command, LatencyHistogram][] {
  const histograms = c.engine.metrics.latency;
  const out: [Command, LatencyHistogram][] = [];
  const add = (cmd: Command) => {
    const h = histograms.get(cmd);
    if (h !== undefined && h.total > 0) out.push([cmd, h]);
  };
  if (names.length === 0) {
    for (const cmd of registry.all()) add(cmd);
    return out;
  }
  for (const name of names) {
    const cmd = registry.lookupFullName(name);
    if (cmd === undefined) continue;
    add(cmd);
    for (const sub of cmd.subcommands.values()) add(sub);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

export class LatencyCommands {
  @command({
    name: "latency|latest",
    arity: 2,
    flags: ["admin", "noscript", "loading", "stale"],
    tips: REPLY_TIPS,
    group: "server",
    since: "2.8.13",
    summary: "Lists every latency event with its newest sample and its all-time maximum.",
    complexity: "O(1)",
  })
  static latest(c: Client): void {
    const events = c.engine.commandLog.latency;
    const w = c.w;
    w.array(events.size);
    for (const [event, series] of events) {
      const last = series.latest();
      w.array(4);
      w.bulk(event);
      w.int(last.time);
      w.int(last.latency);
      w.int(series.max);
    }
  }

  @command({
    name: "latency|history",
    arity: 3,
    flags: ["admin", "noscript", "loading", "stale"],
    tips: REPLY_TIPS,
    group: "server",
    since: "2.8.13",
    summary: "Lists the samples recorded for one event, as time and latency pairs.",
    complexity: "O(1)",
    args: [{ name: "event", type: "string" }],
  })
  static history(c: Client, args: string[]): void {
    const series = c.engine.commandLog.latency.get(args[2]);
    const samples = series?.history() ?? [];
    const w = c.w;
    w.array(samples.length);
    for (const s of samples) {
      w.array(2);
      w.int(s.time);
      w.int(s.latency);
    }
  }

  @command({
    name: "latency|reset",
    arity: -2,
    flags: ["admin", "noscript", "loading", "stale"],
    tips: ["request_policy:all_nodes", "response_policy:all_succeeded"],
    group: "server",
    since: "2.8.13",
    summary: "Forgets the samples of the given events, or of all events; replies how many.",
    complexity: "O(1)",
    args: [{ name: "event", type: "string", flags: ["optional", "multiple"] }],
  })
  static reset(c: Client, args: string[]): void {
    const events = c.engine.commandLog.latency;
    let reset = 0;
    if (args.length === 2) {
      reset = events.size;
      events.clear();
    } else {
      for (let i = 2; i < args.length; i++) if (events.delete(args[i])) reset++;
    }
    c.w.int(reset);
  }

  @command({
    name: "latency|graph",
    arity: 3,
    flags: ["admin", "noscript", "loading", "stale"],
    tips: REPLY_TIPS,
    group: "server",
    since: "2.8.13",
    summary: "Draws an ASCII chart of one event's recorded latencies.",
    complexity: "O(1)",
    args: [{ name: "event", type: "string" }],
  })
  static graph(c: Client, args: string[]): void {
    const series = c.engine.commandLog.latency.get(args[2]);
    if (series === undefined) {
      throw new CommandError(`ERR No samples available for event '${args[2]}'`);
    }
    c.w.verbatim(graph(args[2], series));
  }

  @command({
    name: "latency|doctor",
    arity: 2,
    flags: ["admin", "noscript", "loading", "stale"],
    tips: REPLY_TIPS,
    group: "server",
    since: "2.8.13",
    summary: "Writes a plain-language analysis of the recorded latency events, with advice.",
    complexity: "O(1)",
  })
  static doctor(c: Client): void {
    c.w.verbatim(doctor(c));
  }

  @command({
    name: "latency|histogram",
    arity: -2,
    flags: ["admin", "noscript", "loading", "stale"],
    tips: REPLY_TIPS,
    group: "server",
    since: "7.0.0",
    summary: "Replies with each command's latency distribution as cumulative counts.",
    complexity: "O(N) where N is the number of commands with latency information being retrieved.",
    args: [{ name: "command", type: "string", flags: ["optional", "multiple"] }],
  })
  static histogram(c: Client, args: string[]): void {
    const found = histogramsFor(c, args.slice(2));
    c.w.map(found.length);
    for (const [cmd, h] of found) {
      c.w.bulk(cmd.fullName);
      writeCdf(c, h);
    }
  }

  @command({
    name: "latency|help",
    arity: 2,
    flags: ["loading", "stale"],
    group: "server",
    since: "2.8.13",
    summary: "Lists the LATENCY subcommands.",
    complexity: "O(1)",
  })
  static help(c: Client): void {
    c.w.simpleLines(HELP);
  }
}
