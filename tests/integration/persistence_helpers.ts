/**
 * Shared pieces of the persistence tests: a dataset with every type in every encoding, a
 * canonical description of a server's whole keyspace to compare two servers with, and
 * starting redis-server / respire on a chosen data directory.
 */
import assert from "node:assert/strict";
import type { Reply } from "../../src/resp/reply_decoder.ts";
import { RawClient } from "../helpers/raw_client.ts";
import {
  freePort,
  redisServerPath,
  startRedis,
  startRespireProcess,
  type TestServer,
} from "../helpers/servers.ts";

/** Sends one command and returns the decoded reply. */
export async function q(c: RawClient, ...args: string[]): Promise<Reply> {
  await c.send(...args);
  return (await c.read(30000)).reply;
}

/** Sends many commands in one pipeline; fails on any error reply. */
export async function pipeline(c: RawClient, commands: string[][]): Promise<Reply[]> {
  for (const cmd of commands) await c.send(...cmd);
  const replies: Reply[] = [];
  for (const cmd of commands) {
    const r = (await c.read(30000)).reply;
    if (r.type === "error") throw new Error(`${cmd.slice(0, 3).join(" ")}: ${r.value}`);
    replies.push(r);
  }
  return replies;
}

export function text(r: Reply): string {
  if (r.type === "bulk" || r.type === "simple" || r.type === "double") return r.value;
  if (r.type === "int") return String(r.value);
  if (r.type === "null") return "(nil)";
  if (r.type === "error") return `ERR:${r.value}`;
  throw new Error(`not a scalar reply: ${r.type}`);
}

export function items(r: Reply): Reply[] {
  if ("items" in r) return r.items;
  throw new Error(`not an aggregate reply: ${r.type}`);
}

const bin = (n: number, seed: number) => {
  let s = "";
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += String.fromCharCode(x >> 16 & 0xff);
  }
  return s;
};

/** Commands that build a dataset with every type and encoding respire has. */
export function datasetCommands(withLists: boolean): string[][] {
  const cmds: string[][] = [];
  // strings: int, embstr, raw, compressible, binary, empty, beyond 32-bit integers
  cmds.push(
    ["SET", "str:int", "12345"],
    ["SET", "str:neg", "-7"],
    ["SET", "str:int64", "9223372036854775807"],
    ["SET", "str:int-lead0", "007"],
    ["SET", "str:embstr", "hello world"],
    ["SET", "str:raw", "r".repeat(45) + "aw"],
    ["SET", "str:long-compressible", "abc".repeat(5000)],
    ["SET", "str:random", bin(3000, 7)],
    ["SET", "str:binary", "\u0000\u00ff\r\n\u0080bin"],
    ["SET", "str:empty", ""],
    ["SET", "str:ttl", "expiring", "PX", "3600000"],
    ["SET", "str:ttl-far", "far", "PXAT", "32503680000000"],
    ["SET", "key:\u0000binary\u00ff", "v"],
  );
  // hashes: listpack, hashtable by count, hashtable by value length, integer fields
  cmds.push(["HSET", "hash:small", "f1", "v1", "f2", "12", "-3", "neg", "f4", "1.5"]);
  const bigHash = ["HSET", "hash:big"];
  for (let i = 0; i < 300; i++) bigHash.push(`field:${i}`, i % 3 === 0 ? String(i) : `v${i}`);
  cmds.push(bigHash);
  cmds.push(["HSET", "hash:longvalue", "f", "x".repeat(100)]);
  cmds.push(["HSET", "hash:ttl", "a", "b"], ["PEXPIRE", "hash:ttl", "7200000"]);
  // sets: intset (16, 32, 64-bit), hashtable by content, hashtable by count
  cmds.push(["SADD", "set:int16", "1", "2", "3", "-5"]);
  cmds.push(["SADD", "set:int32", "100000", "-100000", "7"]);
  cmds.push(["SADD", "set:int64", "9223372036854775807", "-9223372036854775808", "0"]);
  cmds.push(["SADD", "set:strings", "a", "b", "c", bin(10, 5)]);
  const bigSet = ["SADD", "set:bigint"];
  for (let i = 0; i < 600; i++) bigSet.push(String(i * 3));
  cmds.push(bigSet);
  const bigStrSet = ["SADD", "set:bigstr"];
  for (let i = 0; i < 300; i++) bigStrSet.push(`member-${i}`);
  cmds.push(bigStrSet);
  // sorted sets: listpack, skiplist by count, skiplist by member length, special scores
  cmds.push([
    "ZADD",
    "zset:small",
    "1",
    "one",
    "1.5",
    "onehalf",
    "-2",
    "neg",
    "0.1",
    "tenth",
    "1e300",
    "huge",
    "inf",
    "top",
    "-inf",
    "bottom",
    "0",
    "zero",
  ]);
  const bigZ = ["ZADD", "zset:big"];
  for (let i = 0; i < 300; i++) bigZ.push(String(i / 7), `m${i}`);
  cmds.push(bigZ);
  cmds.push(["ZADD", "zset:longmember", "3", "y".repeat(80)]);
  if (withLists) {
    cmds.push([
      "RPUSH",
      "list:small",
      "a",
      "1",
      "-2",
      "300",
      "9223372036854775807",
      "x".repeat(70),
    ]);
    const bigList = ["RPUSH", "list:big"];
    for (let i = 0; i < 5000; i++) bigList.push(i % 2 ? String(i) : `item-${i}`);
    cmds.push(bigList);
    cmds.push(["RPUSH", "list:bigitems", "z".repeat(10000), "w".repeat(9000), "v"]);
  }
  // other databases
  cmds.push(["SELECT", "3"], ["SET", "db3:key", "three"], ["HSET", "db3:hash", "a", "1"]);
  cmds.push(["SELECT", "15"], ["SADD", "db15:set", "x"], ["SELECT", "0"]);
  return cmds;
}

/** True when the server has the list type (so datasets may include lists). */
export async function hasLists(c: RawClient): Promise<boolean> {
  const r = await q(c, "COMMAND", "INFO", "rpush");
  return items(r)[0].type !== "null";
}

/** Waits until INFO says loading:0. */
export async function waitLoaded(c: RawClient, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await q(c, "INFO", "persistence");
    if (r.type !== "error" && /\r\nloading:0\r\n/.test(text(r))) return;
    if (Date.now() > deadline) throw new Error("still loading");
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** A canonical description of one key: type, encoding, value and (rounded) expiry. */
async function describeKey(c: RawClient, key: string): Promise<string> {
  const type = text(await q(c, "TYPE", key));
  const encoding = text(await q(c, "OBJECT", "ENCODING", key));
  let value: string;
  switch (type) {
    case "string":
      value = JSON.stringify(text(await q(c, "GET", key)));
      break;
    case "list":
      value = JSON.stringify(items(await q(c, "LRANGE", key, "0", "-1")).map(text));
      break;
    case "hash": {
      const flat = items(await q(c, "HGETALL", key)).map(text);
      const pairs: string[] = [];
      for (let i = 0; i < flat.length; i += 2) pairs.push(`${flat[i]}=${flat[i + 1]}`);
      // a listpack keeps insertion order, which survives the round trip
      value = JSON.stringify(encoding === "listpack" ? pairs : pairs.sort());
      break;
    }
    case "set": {
      const members = items(await q(c, "SMEMBERS", key)).map(text);
      value = JSON.stringify(encoding === "intset" ? members : members.sort());
      break;
    }
    case "zset":
      value = JSON.stringify(items(await q(c, "ZRANGE", key, "0", "-1", "WITHSCORES")).map(text));
      break;
    default:
      value = "?";
  }
  const pttl = Number(text(await q(c, "PTTL", key)));
  // absolute expiry to the nearest 10 s, so two servers read at different moments agree
  const expiry = pttl < 0 ? String(pttl) : String(Math.round((Date.now() + pttl) / 10000));
  return `${type}|${encoding}|${expiry}|${value}`;
}

/** Every key of every database with its description. */
export async function describeAll(c: RawClient, databases = 16): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let db = 0; db < databases; db++) {
    await q(c, "SELECT", String(db));
    const keys = items(await q(c, "KEYS", "*")).map(text).sort();
    for (const k of keys) out.set(`${db}:${k}`, await describeKey(c, k));
  }
  await q(c, "SELECT", "0");
  return out;
}

export function assertSameData(
  actual: Map<string, string>,
  expected: Map<string, string>,
  what: string,
): void {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${what}: key sets`);
  for (const [k, v] of expected) {
    assert.equal(actual.get(k), v, `${what}: key ${JSON.stringify(k)}`);
  }
}

export function tempDir(prefix = "respire-persist-"): string {
  return Deno.makeTempDirSync({ prefix });
}

/**
 * redis-server with its data directory in `dir` (no save points unless given), once it has
 * loaded its data (it listens, answering -LOADING, while it loads).
 */
export async function redisIn(dir: string, extra: string[] = []): Promise<TestServer> {
  const s = await startRedis(["--dir", dir, ...extra]);
  const c = await RawClient.connect(s.port);
  try {
    await waitLoaded(c);
  } finally {
    c.close();
  }
  return s;
}

/** respire (main.ts, a subprocess) with its data directory in `dir`. */
export async function respireIn(
  dir: string,
  extra: string[] = [],
): Promise<TestServer & { child: Deno.ChildProcess }> {
  const s = await startRespireProcess([
    "--dir",
    dir,
    "--save",
    "",
    "--enable-debug-command",
    "yes",
    ...extra,
  ]);
  const c = await RawClient.connect(s.port);
  try {
    await waitLoaded(c);
  } finally {
    c.close();
  }
  return s;
}

/** Runs a tool (redis-check-rdb, redis-check-aof) and returns its exit code and output. */
export async function runTool(
  tool: string,
  args: string[],
): Promise<{ code: number; out: string }> {
  const path = redisServerPath().replace(/redis-server$/, tool);
  const r = await new Deno.Command(path, { args, stdout: "piped", stderr: "piped" }).output();
  const out = new TextDecoder().decode(r.stdout) + new TextDecoder().decode(r.stderr);
  return { code: r.code, out };
}

/**
 * Starts main.ts on `dir` and returns its exit code and log, for startup failures. A server
 * that starts after all is killed after 30 s (the test then sees the SIGKILL exit code).
 */
export async function respireStartupFailure(
  dir: string,
  extra: string[] = [],
): Promise<{ code: number; log: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../../main.ts", import.meta.url).pathname,
      "--port",
      String(freePort()),
      "--dir",
      dir,
      ...extra,
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch { /* exited meanwhile */ }
  }, 30000);
  const r = await child.output();
  clearTimeout(timer);
  const log = new TextDecoder().decode(r.stdout) + new TextDecoder().decode(r.stderr);
  return { code: r.code, log };
}
