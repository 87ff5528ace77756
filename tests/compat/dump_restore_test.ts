import assert from "node:assert/strict";
import { Crc64 } from "../../src/persistence/crc64.ts";
import { bytesToBinary } from "../../src/lib/bytes.ts";
import { compat, type Pair } from "../helpers/compat.ts";

/** The payload of a bulk string reply (RESP2 and RESP3 alike). */
function bulkOf(raw: string): string {
  assert.equal(raw[0], "$", `not a bulk reply: ${JSON.stringify(raw.slice(0, 40))}`);
  const nl = raw.indexOf("\r\n");
  const len = Number(raw.slice(1, nl));
  return raw.slice(nl + 2, nl + 2 + len);
}

/** A payload with the given body, version and a correct checksum. */
function payload(body: string, version = 10): string {
  const bytes = Uint8Array.from(
    body + String.fromCharCode(version & 0xff, version >> 8),
    (c) => c.charCodeAt(0),
  );
  const crc = new Crc64();
  crc.update(bytes);
  const footer = crc.bytesLE();
  return bytesToBinary(bytes, 0, bytes.length) + bytesToBinary(footer, 0, 8);
}

/** Keys of every type and encoding, written identically to both servers. */
async function fill(t: Pair): Promise<string[]> {
  const keys: string[] = [];
  const set = async (key: string, ...cmd: string[]) => {
    await t.same(...cmd);
    keys.push(key);
  };
  await set("s:int", "SET", "s:int", "12345");
  await set("s:neg", "SET", "s:neg", "-2147483648");
  await set("s:int64", "SET", "s:int64", "-9223372036854775808");
  await set("s:short", "SET", "s:short", "hello");
  await set("s:empty", "SET", "s:empty", "");
  await set("s:bin", "SET", "s:bin", "\u0000\u00ff\r\n");
  await set("s:long", "SET", "s:long", "abcdefghij".repeat(30));
  await set("h:lp", "HSET", "h:lp", "f1", "v1", "f2", "12", "-7", "x".repeat(40));
  await set("z:lp", "ZADD", "z:lp", "1", "a", "2.5", "b", "-3", "c", "0.1", "d", "inf", "e");
  const bigZ = ["ZADD", "z:sl"];
  for (let i = 0; i < 200; i++) bigZ.push(String(i * 1.25 - 40), `m${i}`);
  await set("z:sl", ...bigZ);
  await set("i:16", "SADD", "i:16", "5", "-3", "300");
  await set("i:32", "SADD", "i:32", "70000", "1");
  await set("i:64", "SADD", "i:64", "9223372036854775807", "2");
  await set("l:small", "RPUSH", "l:small", "a", "1", "-5", "5000", "x".repeat(100));
  const bigL = ["RPUSH", "l:big"];
  for (let i = 0; i < 3000; i++) bigL.push(i % 3 === 0 ? String(i * 1000) : "e".repeat(i % 97));
  await set("l:big", ...bigL);
  await set("l:huge", "RPUSH", "l:huge", "y".repeat(9000), "z".repeat(20000), "w");
  return keys;
}

Deno.test("compat: DUMP payloads are byte-identical to Redis's without compression", () =>
  compat(async (t) => {
    await t.same("DUMP", "missing");
    for (const key of await fill(t)) await t.same("DUMP", key);
  }, { config: { rdbcompression: "no" } }));

Deno.test("compat: payloads from each server RESTORE into the other", () =>
  compat(async (t) => {
    const keys = await fill(t);
    // the hashtable encodings too (their element order is the servers' own)
    const bigH = ["HSET", "h:ht"];
    for (let i = 0; i < 300; i++) bigH.push(`f${i}`, `v${i}`);
    await t.same(...bigH);
    const bigS = ["SADD", "s:ht"];
    for (let i = 0; i < 300; i++) bigS.push(`member:${i}`);
    await t.same(...bigS);
    await t.same("SADD", "s:mixed", "1", "two", "3");
    keys.push("h:ht", "s:ht", "s:mixed");
    for (const key of keys) {
      const fromRedis = bulkOf(await t.redis.call("DUMP", key));
      const fromRespire = bulkOf(await t.respire.call("DUMP", key));
      // each server restores the other's payload under a new name
      assert.equal(await t.respire.call("RESTORE", `r:${key}`, "0", fromRedis), "+OK\r\n");
      assert.equal(await t.redis.call("RESTORE", `r:${key}`, "0", fromRespire), "+OK\r\n");
      await t.same("TYPE", `r:${key}`);
      await t.same("OBJECT", "ENCODING", `r:${key}`);
      const type = (await t.same("TYPE", key)).slice(1, -2);
      const read: Record<string, string[]> = {
        string: ["GET"],
        hash: ["HGETALL"],
        set: ["SMEMBERS"],
        zset: ["ZRANGE", "0", "-1", "WITHSCORES"],
        list: ["LRANGE", "0", "-1"],
      };
      const [cmd, ...rest] = read[type];
      await t.sameUnordered(cmd, `r:${key}`, ...rest);
      // and the restored value equals the original on the same server
      const [origRedis, origRespire] = await t.both(cmd, key, ...rest);
      const [copyRedis, copyRespire] = await t.both(cmd, `r:${key}`, ...rest);
      if (type !== "set" && type !== "hash") {
        assert.equal(copyRedis, origRedis);
        assert.equal(copyRespire, origRespire);
      }
    }
  }));

Deno.test("compat: RESTORE options and errors", () =>
  compat(async (t) => {
    await t.same("SET", "src", "value");
    const p = bulkOf(await t.same("DUMP", "src"));
    // argument checks, in Redis's order
    await t.same("RESTORE", "k", "0", p, "BOGUS");
    await t.same("RESTORE", "k", "0", p, "IDLETIME");
    await t.same("RESTORE", "k", "0", p, "IDLETIME", "x");
    await t.same("RESTORE", "k", "0", p, "IDLETIME", "-1");
    await t.same("RESTORE", "k", "0", p, "FREQ", "256");
    await t.same("RESTORE", "k", "0", p, "FREQ", "-1");
    await t.same("RESTORE", "k", "0", p, "FREQ", "1", "IDLETIME", "1");
    await t.same("RESTORE", "k", "0", p, "IDLETIME", "1", "FREQ", "1");
    // option keywords end at a NUL byte (strcasecmp), numbers do not
    await t.same("RESTORE", "k", "0", p, "IDLETIME", "1\0");
    await t.same("RESTORE", "k", "0", p, "FREQ\0x", "300");
    await t.same("RESTORE", "src", "0", p, "replace\0", "absttl\0junk", "idletime\0", "5");
    await t.same("OBJECT", "IDLETIME", "src");
    await t.same("RESTORE", "src", "0", p);
    await t.same("RESTORE", "src", "abc", p);
    await t.same("RESTORE", "k", "abc", p);
    await t.same("RESTORE", "k", "-1", p);
    await t.same("RESTORE", "k", "0", "short");
    await t.same("RESTORE", "k", "0", p.slice(0, -1) + "\u0000");
    await t.same("RESTORE", "k", "0", payload("\u0000\u0005hello", 11));
    await t.same("RESTORE", "k", "0", payload("\u00c8\u0005hello")); // unknown type
    await t.same("RESTORE", "k", "0", payload("\u0000\u0005hel")); // truncated string
    await t.same("RESTORE", "k", "0", payload("\u0012\u0000")); // empty list
    await t.same("RESTORE", "k", "0", payload("\u0002\u0002\u0001a\u0001a")); // duplicate members
    await t.same("EXISTS", "k");
    // older versions are accepted
    await t.same("RESTORE", "k", "0", payload("\u0000\u0005hello", 9));
    await t.same("GET", "k");
    // REPLACE, TTLs
    await t.same("RESTORE", "k", "0", p, "REPLACE");
    await t.same("GET", "k");
    await t.same("RESTORE", "k", "100000", p, "REPLACE");
    await t.sameShape("PTTL", "k");
    await t.same("RESTORE", "k2", "4102444800000", p, "ABSTTL");
    await t.same("PEXPIRETIME", "k2");
    await t.same("RESTORE", "k3", "1000", p, "ABSTTL");
    await t.same("EXISTS", "k3");
    await t.same("RESTORE", "k2", "1000", p, "ABSTTL", "REPLACE");
    await t.same("EXISTS", "k2");
    await t.same("DBSIZE");
    // access data
    await t.same("RESTORE", "idle", "0", p, "IDLETIME", "1000");
    await t.same("OBJECT", "IDLETIME", "idle");
    await t.same("RESTORE", "freq", "0", p, "FREQ", "100");
    await t.same("OBJECT", "FREQ", "freq");
    await t.same("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
    await t.same("RESTORE", "freq2", "0", p, "FREQ", "100");
    await t.same("OBJECT", "FREQ", "freq2");
    await t.same("CONFIG", "SET", "maxmemory-policy", "noeviction");
    // wrong arity
    await t.same("RESTORE", "k", "0");
    await t.same("DUMP");
  }));
