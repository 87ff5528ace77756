import assert from "node:assert/strict";
import { decodeReply, type Reply } from "../../src/resp/reply_decoder.ts";
import { compat, type Pair } from "../helpers/compat.ts";

/** Both servers start from the same settings; the oracle runs without save points. */
const SAME = { config: { save: "" } };

function decode(raw: string): Reply {
  const r = decodeReply(Uint8Array.from(raw, (c) => c.charCodeAt(0)));
  if (r === null) throw new Error(`incomplete reply ${raw}`);
  return r[0];
}

/** A CONFIG GET reply as a name → value map. */
function configMap(raw: string): Map<string, string> {
  const r = decode(raw);
  assert.ok(r.type === "map" || r.type === "array", `not a map: ${raw.slice(0, 80)}`);
  const items = (r as { items: Reply[] }).items;
  const out = new Map<string, string>();
  for (let i = 0; i < items.length; i += 2) {
    out.set((items[i] as { value: string }).value, (items[i + 1] as { value: string }).value);
  }
  return out;
}

/** Settings that differ by nature between two servers on one machine. */
const PER_SERVER = new Set(["port", "dir"]);

async function sameConfigGet(t: Pair, ...patterns: string[]): Promise<void> {
  const [redis, respire] = await t.both("CONFIG", "GET", ...patterns);
  assert.equal(respire[0], redis[0], `reply type differs for CONFIG GET ${patterns.join(" ")}`);
  const a = configMap(redis);
  const b = configMap(respire);
  for (const name of PER_SERVER) {
    a.delete(name);
    b.delete(name);
  }
  const sorted = (m: Map<string, string>) => [...m.entries()].sort();
  assert.deepEqual(sorted(b), sorted(a), `CONFIG GET ${patterns.join(" ")} differs`);
}

Deno.test("compat: CONFIG GET of every parameter and of patterns", () =>
  compat(async (t) => {
    await sameConfigGet(t, "*");
    await sameConfigGet(t, "*max*");
    await sameConfigGet(t, "maxmemory*", "*policy");
    await sameConfigGet(t, "H?");
    await t.same("CONFIG", "GET", "hz", "HZ");
    await t.same("CONFIG", "GET", "HZ", "h?");
    await t.same("CONFIG", "GET", "Maxclients");
    await t.same("CONFIG", "GET", "nosuch");
    await t.same("CONFIG", "GET", "h\\z");
    await t.same("CONFIG", "GET", "slaveof");
    await sameConfigGet(t, "*slave*");
    await sameConfigGet(t, "*priority*", "replica-priority");
    await sameConfigGet(t, "zset-max-ziplist-entries", "z*");
    await sameConfigGet(t, "[a-c]*");
    await t.same("CONFIG", "GET", "save");
    await t.same("CONFIG", "GET", "bind");
    await t.same("CONFIG", "GET");
    await t.same("CONFIG", "get");
  }, SAME));

const PROBES = ["-9223372036854775808", "bogusvalue", "0", "1", "yes", "NO", "100%", "1kb", ""];

/** Parameters this test must not flip on a live server (or whose effect differs on purpose). */
const UNSAFE = new Set([
  "port",
  "bind",
  "requirepass",
  "appendonly",
  "unixsocket",
  "dir",
  "maxmemory",
]);

Deno.test("compat: CONFIG SET of every parameter with valid and invalid values", () =>
  compat(async (t) => {
    const names = [...configMap(await t.redis.call("CONFIG", "GET", "*")).keys()].sort();
    for (const name of names) {
      if (UNSAFE.has(name)) continue;
      const [original] = [...configMap(await t.redis.call("CONFIG", "GET", name)).values()];
      for (const value of PROBES) {
        await t.same("CONFIG", "SET", name, value);
        await sameConfigGet(t, name);
        await t.both("CONFIG", "SET", name, original);
      }
      await sameConfigGet(t, name);
    }
  }, { ...SAME, bothProtocols: false }));

Deno.test("compat: CONFIG SET values, errors and all-or-nothing semantics", () =>
  compat(async (t) => {
    const set = (...a: string[]) => t.same("CONFIG", "SET", ...a);
    const get = (...a: string[]) => t.same("CONFIG", "GET", ...a);
    // arity, syntax and names
    await t.same("CONFIG", "SET");
    await t.same("CONFIG", "SET", "hz");
    await set("hz", "20", "maxclients");
    await set("nosuch", "1");
    await set("hz", "bad", "nosuch", "1");
    await set("daemonize", "no", "nosuch", "1");
    await set("nosuch", "1", "daemonize", "no");
    await set("hz", "20", "hz", "30");
    await set("hz", "11", "HZ", "12");
    await set("slave-priority", "1", "replica-priority", "2");
    await sameConfigGet(t, "slave-priority", "replica-priority");
    await set("HZ", "bad");
    await set("SLAVE-priority", "bad");
    await set("dir", "/tmp");
    await set("dbfilename", "x.rdb");
    await set("databases", "3");
    await set("daemonize", "no", "hz", "5");
    // all or nothing
    await set("hz", "20", "maxclients", "0");
    await get("hz");
    await set("hz", "20", "timeout", "5", "maxclients", "bad");
    await sameConfigGet(t, "hz", "timeout");
    await set("hz", "20", "timeout", "5");
    await sameConfigGet(t, "hz", "timeout");
    await set("timeout", "0");
    // integers
    for (const v of ["010", "+5", " 5", "5 ", "-0", "0x10", "5.0", "", "99999999999999999999"]) {
      await set("hz", v);
    }
    await set("hz", "0");
    await get("hz");
    await set("hz", "1000");
    await get("hz");
    await set("hz", "10");
    await set("maxclients", "4294967296");
    await set("maxclients", "25000");
    await set("slowlog-log-slower-than", "-2");
    await set("slowlog-log-slower-than", "-1");
    await get("slowlog-log-slower-than");
    await set("slowlog-log-slower-than", "10000");
    // memory values
    for (
      const v of [
        "kb",
        "",
        "5B",
        "5Kb",
        "0005",
        "3gb",
        "2m",
        "1.5mb",
        "-1",
        "18446744073709551616",
        "99999999999gb",
      ]
    ) {
      await set("maxmemory-clients", v);
      await get("maxmemory-clients");
      await set("hash-max-listpack-value", v);
      await get("hash-max-listpack-value");
    }
    for (const v of ["0%", "100%", "101%", "50", "-1%", "abc%", "1.5%", "05%"]) {
      await set("maxmemory-clients", v);
      await get("maxmemory-clients");
    }
    await set("maxmemory-clients", "0");
    await set("proto-max-bulk-len", "1mb");
    await get("proto-max-bulk-len");
    await set("proto-max-bulk-len", "1000kb");
    await set("proto-max-bulk-len", "512mb");
    await set("hash-max-listpack-value", "64");
    // enums and bools
    await set("maxmemory-policy", "ALLKEYS-LRU");
    await get("maxmemory-policy");
    await set("maxmemory-policy", "noeviction allkeys-lru");
    await set("maxmemory-policy", "noeviction");
    await set("loglevel", "bogus");
    await set("activerehashing", "YES");
    await get("activerehashing");
    await set("activerehashing", "1");
    for (
      const v of ["nosave now", "now nosave force", "NOW  nosave", "default now", "save nosave", ""]
    ) {
      await set("shutdown-on-sigint", v);
      await get("shutdown-on-sigint");
    }
    await set("shutdown-on-sigint", "default");
    // special parameters
    for (const v of ["1 2 3", "0 1", "1 -1", " 1 2", "10 20  30 40", "100 1000 10 20", ""]) {
      await set("save", v);
      await get("save");
    }
    for (
      const v of [
        "normal 1 2 3",
        "replica 1mb 2kb 60",
        "pubsub 0 0 0 normal 10 20 30",
        "bogus 1 2 3",
        "normal a 2 3",
        "normal 1 2 x",
        "normal 1 2",
        "normal -1 2 3",
        "NORMAL 5 5 5",
        "normal 1 2 -5",
        "master 1 2 3",
      ]
    ) {
      await set("client-output-buffer-limit", v);
      await get("client-output-buffer-limit");
    }
    await set(
      "client-output-buffer-limit",
      "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
    );
    for (const v of ["1 2 3", "0 200", "-2001 0 0", "a b c", "0 0 2000", "100 50 800", " 1 2"]) {
      await set("oom-score-adj-values", v);
      await get("oom-score-adj-values");
    }
    await set("oom-score-adj-values", "0 200 800");
    for (const v of ["An", "KEA", "xgE", "Kmn", "lslsK", "", "nK", "A$", "AKEm", "x", "Q"]) {
      await set("notify-keyspace-events", v);
      await get("notify-keyspace-events");
    }
    await set("notify-keyspace-events", "");
    for (
      const v of [
        "12.5 0.001 100",
        "50",
        "",
        "1e2",
        "50  99",
        "101",
        "-1",
        "abc",
        "0.1234567",
        "33.333333333",
      ]
    ) {
      await set("latency-tracking-info-percentiles", v);
      await get("latency-tracking-info-percentiles");
    }
    await set("latency-tracking-info-percentiles", "50 99 99.9");
    await set("tls-port", "7000");
    await set("tls-port", "0");
    await set("bind", "10.99.99.99");
    await get("bind");
    await set("appendonly", "no");
  }, SAME));

Deno.test("compat: CONFIG HELP, RESETSTAT, REWRITE and subcommand errors", () =>
  compat(async (t) => {
    await t.same("CONFIG", "HELP");
    await t.same("CONFIG", "help", "extra");
    await t.same("CONFIG", "RESETSTAT");
    await t.same("CONFIG", "RESETSTAT", "x");
    await t.same("CONFIG", "REWRITE");
    await t.same("CONFIG", "REWRITE", "x");
    await t.same("CONFIG", "bogus");
    await t.same("CONFIG");
  }, SAME));
