import assert from "node:assert/strict";
import { compat, type Pair } from "../helpers/compat.ts";

/** The text of an INFO reply, from its RESP2 bulk or RESP3 verbatim framing. */
function payload(raw: string): string {
  const header = raw.indexOf("\r\n");
  const body = raw.slice(header + 2, raw.length - 2);
  if (raw[0] === "=") {
    assert.equal(body.slice(0, 4), "txt:");
    return body.slice(4);
  }
  assert.equal(raw[0], "$");
  return body;
}

/** Sections whose lines come in Redis's hash-table order (compared as sets). */
const UNORDERED = new Set(["Commandstats", "Latencystats"]);

/** Fields whose values are the same on both servers in these tests. */
const STABLE = new Set([
  "redis_version",
  "redis_git_sha1",
  "redis_git_dirty",
  "redis_mode",
  "arch_bits",
  "io_threads_active",
  "connected_clients",
  "cluster_connections",
  "maxclients",
  "blocked_clients",
  "tracking_clients",
  "maxmemory",
  "maxmemory_human",
  "maxmemory_policy",
  "loading",
  "async_loading",
  "rdb_bgsave_in_progress",
  "rdb_last_bgsave_status",
  "aof_enabled",
  "role",
  "connected_slaves",
  "master_failover_state",
  "master_repl_offset",
  "repl_backlog_active",
  "repl_backlog_size",
  "cluster_enabled",
  "hz",
  "configured_hz",
]);

/**
 * A comparable outline of an INFO text: section titles and field names in order, with the
 * values of stable fields; per-command lines keep their call counters but not timings.
 */
function outline(text: string): string[] {
  assert.ok(text === "" || text.startsWith("# "), `INFO text starts oddly: ${text.slice(0, 20)}`);
  assert.ok(text === "" || text.endsWith("\r\n"));
  const out: string[] = [];
  for (const block of text === "" ? [] : text.slice(0, -2).split("\r\n\r\n")) {
    const lines = block.split("\r\n");
    const title = lines[0];
    assert.match(title, /^# [A-Z][a-z]*$|^# CPU$/);
    let fields = lines.slice(1).filter((l) => !l.startsWith("respire_")).map((l) => {
      const colon = l.indexOf(":");
      assert.ok(colon > 0, `malformed INFO line ${l}`);
      const name = l.slice(0, colon);
      const value = l.slice(colon + 1);
      if (name.startsWith("cmdstat_")) return `${name}:${value.replace(/usec[^,]*,/g, "")}`;
      if (name.startsWith("latency_percentiles_usec_")) {
        return `${name}:${value.replace(/=[0-9.]+/g, "=")}`;
      }
      if (name.startsWith("errorstat_")) return l;
      if (name.startsWith("db")) return `${name}:${value.replace(/avg_ttl=\d+/, "avg_ttl")}`;
      return STABLE.has(name) ? l : name;
    });
    if (UNORDERED.has(title.slice(2))) fields = fields.sort();
    out.push(title, ...fields);
  }
  return out;
}

async function sameInfo(t: Pair, ...args: string[]): Promise<void> {
  const [redis, respire] = await t.both("INFO", ...args);
  assert.equal(respire[0], redis[0], `reply type differs for INFO ${args.join(" ")}`);
  assert.deepEqual(
    outline(payload(respire)),
    outline(payload(redis)),
    `INFO ${args.join(" ")} differs`,
  );
}

Deno.test("compat: INFO sections, field names and order", () =>
  compat(async (t) => {
    await sameInfo(t);
    await sameInfo(t, "default");
    await sameInfo(t, "all");
    await sameInfo(t, "everything");
    await sameInfo(t, "server", "clients");
    await sameInfo(t, "SERVER");
    await sameInfo(t, "cpu", "cpu", "server");
    await sameInfo(t, "default", "commandstats");
    await sameInfo(t, "everything", "bogus");
    await sameInfo(t, "modules");
    await sameInfo(t, "cluster");
    await sameInfo(t, "memory");
    await sameInfo(t, "persistence");
    await sameInfo(t, "stats");
    await sameInfo(t, "replication");
    await t.same("INFO", "bogus");
    await t.same("INFO", "nosuch", "other");
  }));

Deno.test("compat: INFO keyspace, commandstats, errorstats and latencystats", () =>
  compat(async (t) => {
    // command statistics live in the process-wide registry: start both from zero
    await t.same("CONFIG", "RESETSTAT");
    await t.same("INFO", "keyspace");
    // a section name ends at a NUL byte (Redis lower-cases the C string)
    await t.same("INFO", "KeySpace\0x");
    await t.same("SET", "a", "1");
    await t.same("SET", "b", "2");
    await t.same("SET", "c", "3", "EX", "1000");
    await t.same("GET", "a");
    await t.same("GET", "missing");
    await t.same("GETX");
    await t.same("GET");
    await t.same("CONFIG", "nosuch");
    await t.same("CONFIG");
    await t.same("CONFIG", "GET");
    await t.same("SET", "x", "y", "NX", "XX");
    await t.same("DEBUG", "ERROR", "MYERR custom failure");
    await sameInfo(t, "keyspace");
    await sameInfo(t, "commandstats");
    await sameInfo(t, "errorstats");
    await sameInfo(t, "latencystats");
    await t.same("CONFIG", "RESETSTAT");
    await t.same("INFO", "errorstats");
    await sameInfo(t, "commandstats");
    await sameInfo(t, "latencystats");
    await t.same("CONFIG", "SET", "latency-tracking-info-percentiles", "12.5 100");
    await t.same("GET", "a");
    await sameInfo(t, "latencystats");
    await t.same("CONFIG", "SET", "latency-tracking-info-percentiles", "");
    await sameInfo(t, "latencystats");
    await t.same("CONFIG", "SET", "latency-tracking-info-percentiles", "50 99 99.9");
    await t.same("SELECT", "3");
    await t.same("SET", "k", "v");
    await sameInfo(t, "keyspace");
    await t.same("FLUSHALL");
    await t.same("INFO", "keyspace");
  }));

Deno.test("compat: INFO stats follow the keyspace", () =>
  compat(async (t) => {
    const field = (raw: string, name: string) => {
      const m = new RegExp(`\r\n${name}:([^\r]*)`).exec(payload(raw));
      return m ? m[1] : null;
    };
    await t.same("CONFIG", "RESETSTAT");
    await t.same("SET", "a", "1");
    await t.same("GET", "a");
    await t.same("GET", "a");
    await t.same("GET", "nope");
    await t.same("SET", "e", "1", "PX", "1");
    await new Promise((r) => setTimeout(r, 20));
    await t.same("GET", "e");
    const [redis, respire] = await t.both("INFO", "stats");
    for (
      const name of [
        "keyspace_hits",
        "keyspace_misses",
        "expired_keys",
        "total_error_replies",
        "rejected_connections",
      ]
    ) {
      assert.equal(field(respire, name), field(redis, name), `${name}: ${respire}`);
    }
    const [redisP, respireP] = await t.both("INFO", "persistence");
    assert.equal(
      field(respireP, "rdb_changes_since_last_save"),
      field(redisP, "rdb_changes_since_last_save"),
    );
  }, { config: { save: "" } }));
