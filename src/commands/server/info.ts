/**
 * INFO: Redis 7.0's sections, fields and field order, with respire's real measurements.
 * Fields about subsystems respire does not have (replication, persistence files, forks, the
 * allocator's internals) report what Redis reports when those are idle or off.
 */
import process from "node:process";
import type { Client } from "../../engine/client.ts";
import type { Engine } from "../../engine/engine.ts";
import { REDIS_VERSION, RESPIRE_VERSION } from "../../version.ts";
import { lowerName } from "../args.ts";
import { type Command, command, registry } from "../registry.ts";
import { usedMemory } from "../../engine/metrics.ts";
import type { CommandStats } from "../../engine/stats.ts";
import { nowMicros } from "./time.ts";
import type { Runtime } from "../../runtime/runtime.ts";

/** Sections in output order, and which of them "INFO" / "INFO default" include. */
const SECTIONS = [
  "server",
  "clients",
  "memory",
  "persistence",
  "stats",
  "replication",
  "cpu",
  "modules",
  "commandstats",
  "errorstats",
  "latencystats",
  "cluster",
  "keyspace",
] as const;
type Section = typeof SECTIONS[number];

const DEFAULT_SECTIONS = new Set<Section>([
  "server",
  "clients",
  "memory",
  "persistence",
  "stats",
  "replication",
  "cpu",
  "modules",
  "errorstats",
  "cluster",
  "keyspace",
]);

const MAX_HZ = 500;
const MAX_CLIENTS_PER_TICK = 200;

/** Redis's bytesToHuman. */
export function bytesToHuman(n: number): string {
  const units = ["K", "M", "G", "T", "P"];
  if (n < 1024) return `${n}B`;
  let v = n / 1024;
  for (const u of units) {
    if (v < 1024 || u === "P") return `${v.toFixed(2)}${u}`;
    v /= 1024;
  }
  return `${n}B`;
}

function f2(n: number): string {
  return n.toFixed(2);
}

/** Picks the sections named by INFO's arguments (none: the default set). */
export function chooseSections(args: string[]): Set<Section> {
  if (args.length <= 1) return DEFAULT_SECTIONS;
  const chosen = new Set<Section>();
  for (let i = 1; i < args.length; i++) {
    // Redis lower-cases the C string (sdsnew, sdstolower): it ends at a NUL byte
    const name = lowerName(args[i]);
    if (name === "all" || name === "everything") {
      for (const s of SECTIONS) chosen.add(s);
    } else if (name === "default") {
      for (const s of DEFAULT_SECTIONS) chosen.add(s);
    } else if ((SECTIONS as readonly string[]).includes(name)) {
      chosen.add(name as Section);
    }
  }
  return chosen;
}

/** The hz the timer effectively runs at, raised with many clients as Redis's dynamic-hz. */
function effectiveHz(engine: Engine): number {
  let hz = engine.config.hz;
  if (!engine.config.dynamicHz) return hz;
  while (engine.clients.size / hz > MAX_CLIENTS_PER_TICK) {
    hz *= 2;
    if (hz > MAX_HZ) return MAX_HZ;
  }
  return hz;
}

/** A stable pseudo build id from the versions in use. */
function buildId(runtime: Runtime): string {
  const { versions } = runtime.process;
  const text = `${RESPIRE_VERSION}/${versions.runtime}/${versions.engine}`;
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    h1 = Math.imul(h1 ^ text.charCodeAt(i), 16777619) >>> 0;
    h2 = Math.imul(h2 + text.charCodeAt(i), 2246822519) >>> 0;
  }
  return (h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0")).slice(0, 15);
}

function osName(runtime: Runtime): string {
  const kernel: Record<string, string> = { linux: "Linux", darwin: "Darwin", windows: "Windows" };
  const { os, arch } = runtime.process;
  const release = runtime.process.osRelease();
  return `${kernel[os] ?? os} ${release} ${arch === "aarch64" ? "aarch64" : "x86_64"}`;
}

/** CPU seconds of the whole process and of the main thread (Linux reports threads apart). */
function cpuTimes(
  runtime: Runtime,
): { user: number; sys: number; mainUser: number; mainSys: number } {
  const usage = process.cpuUsage();
  const user = usage.user / 1e6;
  const sys = usage.system / 1e6;
  let mainUser = user;
  let mainSys = sys;
  try {
    const stat = runtime.fs.readTextFileSync("/proc/thread-self/stat");
    // fields after the parenthesized command name; utime and stime are the 12th and 13th
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    mainUser = Number(fields[11]) / 100;
    mainSys = Number(fields[12]) / 100;
  } catch { /* not Linux: the process figures stand in */ }
  return { user, sys, mainUser, mainSys };
}

let totalSystemMemory: number | null = null;
function systemMemory(runtime: Runtime): number {
  if (totalSystemMemory === null) totalSystemMemory = runtime.process.systemMemoryTotal();
  return totalSystemMemory;
}

/** Lines of one section, without its header. */
type SectionWriter = (engine: Engine, lines: string[]) => void;

function serverSection(engine: Engine, l: string[]): void {
  const uptime = Math.floor((Date.now() - engine.startedAt) / 1000);
  const config = engine.config;
  l.push(
    `redis_version:${REDIS_VERSION}`,
    "redis_git_sha1:00000000",
    "redis_git_dirty:0",
    `redis_build_id:${buildId(engine.runtime)}`,
    "redis_mode:standalone",
    `os:${osName(engine.runtime)}`,
    "arch_bits:64",
    "monotonic_clock:POSIX clock_gettime",
    `multiplexing_api:${engine.runtime.process.os === "darwin" ? "kqueue" : "epoll"}`,
    "atomicvar_api:c11-builtin",
    "gcc_version:0.0.0",
    `process_id:${engine.runtime.process.pid}`,
    `process_supervised:no`,
    `run_id:${engine.runId}`,
    `tcp_port:${engine.network.port}`,
    `server_time_usec:${nowMicros()}`,
    `uptime_in_seconds:${uptime}`,
    `uptime_in_days:${Math.floor(uptime / 86400)}`,
    `hz:${effectiveHz(engine)}`,
    `configured_hz:${config.hz}`,
    `lru_clock:${engine.lruClock()}`,
    `executable:${engine.runtime.process.execPath()}`,
    `config_file:${config.fileAbsolute}`,
    "io_threads_active:0",
    // respire's own field, after Redis's
    `respire_version:${RESPIRE_VERSION}`,
  );
}

function clientsSection(engine: Engine, l: string[]): void {
  let maxInput = 0;
  let maxOutput = 0;
  for (const c of engine.clients.values()) {
    if (c.queryBuffered > maxInput) maxInput = c.queryBuffered;
    const pending = c.output?.pending ?? 0;
    if (pending > maxOutput) maxOutput = pending;
  }
  l.push(
    `connected_clients:${engine.clients.size}`,
    "cluster_connections:0",
    `maxclients:${engine.config.maxclients}`,
    `client_recent_max_input_buffer:${maxInput}`,
    `client_recent_max_output_buffer:${maxOutput}`,
    `blocked_clients:${engine.blocking.blockedClients}`,
    `tracking_clients:${engine.tracking.clients}`,
    `clients_in_timeout_table:${engine.blocking.clientsWithTimeout}`,
  );
}

function memorySection(engine: Engine, l: string[]): void {
  const m = engine.runtime.process.memoryUsage();
  const metrics = engine.metrics;
  const used = usedMemory(engine.runtime);
  metrics.updatePeak(used);
  const peak = metrics.peakMemory;
  const startup = Math.min(metrics.startupMemory, used);
  // client buffers are the overhead a server adds beyond its data
  let clientMem = 0;
  for (const c of engine.clients.values()) {
    clientMem += c.w.buf.length + c.queryBuffered + (c.output?.pending ?? 0);
  }
  const overhead = Math.min(used, startup + clientMem);
  const dataset = used - overhead;
  const net = used - startup;
  const maxmemory = engine.config.maxmemory;
  const allocated = m.heapUsed + m.external;
  const active = m.heapTotal + m.external;
  const resident = m.rss;
  const ratio = (a: number, b: number) => f2(b === 0 ? 0 : a / b);
  l.push(
    `used_memory:${used}`,
    `used_memory_human:${bytesToHuman(used)}`,
    `used_memory_rss:${m.rss}`,
    `used_memory_rss_human:${bytesToHuman(m.rss)}`,
    `used_memory_peak:${peak}`,
    `used_memory_peak_human:${bytesToHuman(peak)}`,
    `used_memory_peak_perc:${f2(peak === 0 ? 0 : used * 100 / peak)}%`,
    `used_memory_overhead:${overhead}`,
    `used_memory_startup:${startup}`,
    `used_memory_dataset:${dataset}`,
    `used_memory_dataset_perc:${f2(net <= 0 ? 0 : dataset * 100 / net)}%`,
    `allocator_allocated:${allocated}`,
    `allocator_active:${active}`,
    `allocator_resident:${resident}`,
    `total_system_memory:${systemMemory(engine.runtime)}`,
    `total_system_memory_human:${bytesToHuman(systemMemory(engine.runtime))}`,
    "used_memory_lua:0",
    "used_memory_vm_eval:0",
    "used_memory_lua_human:0B",
    "used_memory_scripts_eval:0",
    "number_of_cached_scripts:0",
    "number_of_functions:0",
    "number_of_libraries:0",
    "used_memory_vm_functions:0",
    "used_memory_vm_total:0",
    "used_memory_vm_total_human:0B",
    "used_memory_functions:0",
    "used_memory_scripts:0",
    "used_memory_scripts_human:0B",
    `maxmemory:${maxmemory}`,
    `maxmemory_human:${bytesToHuman(maxmemory)}`,
    `maxmemory_policy:${engine.config.maxmemoryPolicy}`,
    `allocator_frag_ratio:${ratio(active, allocated)}`,
    `allocator_frag_bytes:${active - allocated}`,
    `allocator_rss_ratio:${ratio(resident, active)}`,
    `allocator_rss_bytes:${resident - active}`,
    `rss_overhead_ratio:${ratio(m.rss, resident)}`,
    `rss_overhead_bytes:${m.rss - resident}`,
    `mem_fragmentation_ratio:${ratio(m.rss, used)}`,
    `mem_fragmentation_bytes:${m.rss - used}`,
    "mem_not_counted_for_evict:0",
    "mem_replication_backlog:0",
    "mem_total_replication_buffers:0",
    "mem_clients_slaves:0",
    `mem_clients_normal:${clientMem}`,
    "mem_cluster_links:0",
    "mem_aof_buffer:0",
    `mem_allocator:v8-${engine.runtime.process.versions.engine}`,
    "active_defrag_running:0",
    "lazyfree_pending_objects:0",
    "lazyfreed_objects:0",
  );
}

function persistenceSection(engine: Engine, l: string[]): void {
  engine.persistence.info(l);
}

function statsSection(engine: Engine, l: string[]): void {
  const s = engine.stats;
  const metrics = engine.metrics;
  l.push(
    `total_connections_received:${s.connectionsReceived}`,
    `total_commands_processed:${s.commandsProcessed}`,
    `instantaneous_ops_per_sec:${Math.floor(metrics.ops.value())}`,
    `total_net_input_bytes:${s.netInputBytes}`,
    `total_net_output_bytes:${s.netOutputBytes}`,
    "total_net_repl_input_bytes:0",
    "total_net_repl_output_bytes:0",
    `instantaneous_input_kbps:${f2(metrics.netInput.value() / 1024)}`,
    `instantaneous_output_kbps:${f2(metrics.netOutput.value() / 1024)}`,
    "instantaneous_input_repl_kbps:0.00",
    "instantaneous_output_repl_kbps:0.00",
    `rejected_connections:${s.rejectedConnections}`,
    "sync_full:0",
    "sync_partial_ok:0",
    "sync_partial_err:0",
    `expired_keys:${s.expiredKeys}`,
    "expired_stale_perc:0.00",
    "expired_time_cap_reached_count:0",
    "expire_cycle_cpu_milliseconds:0",
    `evicted_keys:${s.evictedKeys}`,
    "evicted_clients:0",
    "total_eviction_exceeded_time:0",
    "current_eviction_exceeded_time:0",
    `keyspace_hits:${s.keyspaceHits}`,
    `keyspace_misses:${s.keyspaceMisses}`,
    `pubsub_channels:${engine.pubsub.channels.size}`,
    `pubsub_patterns:${engine.pubsub.patterns.size}`,
    `pubsubshard_channels:${engine.pubsub.shardChannels.size}`,
    "latest_fork_usec:0",
    "total_forks:0",
    "migrate_cached_sockets:0",
    "slave_expires_tracked_keys:0",
    "active_defrag_hits:0",
    "active_defrag_misses:0",
    "active_defrag_key_hits:0",
    "active_defrag_key_misses:0",
    "total_active_defrag_time:0",
    "current_active_defrag_time:0",
    `tracking_total_keys:${engine.tracking.totalKeys}`,
    `tracking_total_items:${engine.tracking.totalItems}`,
    `tracking_total_prefixes:${engine.tracking.totalPrefixes}`,
    "unexpected_error_replies:0",
    `total_error_replies:${s.totalErrorReplies}`,
    "dump_payload_sanitizations:0",
    `total_reads_processed:${s.readsProcessed}`,
    `total_writes_processed:${s.writesProcessed}`,
    "io_threaded_reads_processed:0",
    "io_threaded_writes_processed:0",
    "reply_buffer_shrinks:0",
    "reply_buffer_expands:0",
  );
}

function replicationSection(engine: Engine, l: string[]): void {
  l.push(
    "role:master",
    "connected_slaves:0",
    "master_failover_state:no-failover",
    `master_replid:${engine.replicationId}`,
    "master_replid2:0000000000000000000000000000000000000000",
    "master_repl_offset:0",
    "second_repl_offset:-1",
    "repl_backlog_active:0",
    `repl_backlog_size:${engine.config.replBacklogSize}`,
    "repl_backlog_first_byte_offset:0",
    "repl_backlog_histlen:0",
  );
}

function cpuSection(engine: Engine, l: string[]): void {
  const t = cpuTimes(engine.runtime);
  l.push(
    `used_cpu_sys:${t.sys.toFixed(6)}`,
    `used_cpu_user:${t.user.toFixed(6)}`,
    "used_cpu_sys_children:0.000000",
    "used_cpu_user_children:0.000000",
    `used_cpu_sys_main_thread:${t.mainSys.toFixed(6)}`,
    `used_cpu_user_main_thread:${t.mainUser.toFixed(6)}`,
  );
}

/** Every command and subcommand that was called, failed or rejected, with its counters. */
function usedCommands(engine: Engine): [Command, CommandStats][] {
  const out: [Command, CommandStats][] = [];
  for (const cmd of registry.all()) {
    const s = engine.stats.commands.peek(cmd);
    if (s !== undefined && (s.calls !== 0 || s.failed !== 0 || s.rejected !== 0)) {
      out.push([cmd, s]);
    }
  }
  return out;
}

function commandstatsSection(engine: Engine, l: string[]): void {
  for (const [cmd, s] of usedCommands(engine)) {
    l.push(
      `cmdstat_${cmd.fullName}:calls=${s.calls},usec=${s.usec},usec_per_call=${
        f2(s.calls === 0 ? 0 : s.usec / s.calls)
      },rejected_calls=${s.rejected},failed_calls=${s.failed}`,
    );
  }
}

function errorstatsSection(engine: Engine, l: string[]): void {
  const codes = [...engine.stats.errors.keys()].sort((a, b) => a < b ? -1 : a > b ? 1 : 0);
  for (const code of codes) l.push(`errorstat_${code}:count=${engine.stats.errors.get(code)}`);
}

function formatPercentileLabel(p: number): string {
  return p.toFixed(6).replace(/\.?0+$/, "");
}

function latencystatsSection(engine: Engine, l: string[]): void {
  const raw = engine.config.get("latency-tracking-info-percentiles");
  const percentiles = raw === "" ? [] : raw.split(" ").map(Number);
  for (const [cmd, h] of engine.metrics.latency) {
    const parts = percentiles.map((p) =>
      `p${formatPercentileLabel(p)}=${(h.valueAt(p) / 1000).toFixed(3)}`
    );
    l.push(`latency_percentiles_usec_${cmd.fullName}:${parts.join(",")}`);
  }
}

function clusterSection(_server: Engine, l: string[]): void {
  l.push("cluster_enabled:0");
}

function keyspaceSection(engine: Engine, l: string[]): void {
  for (const db of engine.dbs) {
    if (db.size === 0) continue;
    l.push(`db${db.id}:keys=${db.size},expires=${db.volatile.size},avg_ttl=${db.averageTtl()}`);
  }
}

const WRITERS: Record<Section, [string, SectionWriter]> = {
  server: ["Server", serverSection],
  clients: ["Clients", clientsSection],
  memory: ["Memory", memorySection],
  persistence: ["Persistence", persistenceSection],
  stats: ["Stats", statsSection],
  replication: ["Replication", replicationSection],
  cpu: ["CPU", cpuSection],
  modules: ["Modules", () => {}],
  commandstats: ["Commandstats", commandstatsSection],
  errorstats: ["Errorstats", errorstatsSection],
  latencystats: ["Latencystats", latencystatsSection],
  cluster: ["Cluster", clusterSection],
  keyspace: ["Keyspace", keyspaceSection],
};

/** The INFO text for a set of sections: "# Title" blocks separated by blank lines. */
export function infoText(engine: Engine, sections: Set<Section>): string {
  const blocks: string[] = [];
  for (const s of SECTIONS) {
    if (!sections.has(s)) continue;
    const [title, write] = WRITERS[s];
    const lines = [`# ${title}`];
    write(engine, lines);
    blocks.push(lines.join("\r\n") + "\r\n");
  }
  return blocks.join("\r\n");
}

export class InfoCommand {
  @command({
    name: "info",
    arity: -1,
    flags: ["loading", "stale"],
    acl: ["dangerous"],
    tips: ["nondeterministic_output", "request_policy:all_shards", "response_policy:special"],
    group: "server",
    since: "1.0.0",
    summary: "Reports the server's state and statistics, by section.",
    complexity: "O(1)",
    history: [["7.0.0", "Accepts several section names."]],
    args: [{ name: "section", type: "string", flags: ["optional", "multiple"] }],
  })
  static info(c: Client, args: string[]): void {
    c.w.verbatim(infoText(c.engine, chooseSections(args)));
  }
}
