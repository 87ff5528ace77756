import assert from "node:assert/strict";
import { decodeReply, type Reply } from "../../src/resp/reply_decoder.ts";
import { compat } from "../helpers/compat.ts";
import type { RawClient } from "../helpers/raw_client.ts";

function parseReply(raw: string): Reply {
  const r = decodeReply(Uint8Array.from(raw, (c) => c.charCodeAt(0)));
  if (r === null) throw new Error("incomplete reply");
  return r[0];
}

Deno.test("compat: DEL, UNLINK, EXISTS, TYPE, TOUCH", () =>
  compat(async (t) => {
    await t.same("DEL", "missing");
    await t.same("SET", "a", "1");
    await t.same("SET", "b", "2");
    await t.same("SET", "c", "3");
    await t.same("SET", "d", "4");
    await t.same("DEL", "a", "a", "missing", "b");
    await t.same("EXISTS", "a", "b", "c");
    await t.same("EXISTS", "c", "c", "c", "missing");
    await t.same("UNLINK", "c", "x", "c");
    await t.same("unlink", "d");
    await t.same("EXISTS", "c", "d");
    await t.same("SET", "\x00\xff\r\n", "binary");
    await t.same("EXISTS", "\x00\xff\r\n");
    await t.same("TYPE", "\x00\xff\r\n");
    await t.same("TYPE", "missing");
    await t.same("SET", "s", "v");
    await t.same("TOUCH", "s", "missing", "s");
    await t.same("TOUCH", "missing");
    await t.same("DEL", "\x00\xff\r\n", "s");
    // wrong arity
    await t.same("DEL");
    await t.same("UNLINK");
    await t.same("EXISTS");
    await t.same("TOUCH");
    await t.same("TYPE");
    await t.same("TYPE", "a", "b");
  }));

Deno.test("compat: KEYS with glob patterns", () =>
  compat(async (t) => {
    await t.same("KEYS", "*");
    const keys = [
      "hello",
      "hallo",
      "hxllo",
      "hllo",
      "heeeello",
      "h*llo",
      "h?llo",
      "h[a]llo",
      "h\\llo",
      "a-b",
      "^x",
      "]",
      "",
      "\xff\x80",
      "ABC",
      "abc",
      "foo:bar:baz",
      "x\x00y",
    ];
    for (const k of keys) await t.same("SET", k, "v");
    const patterns = [
      "*",
      "**",
      "h?llo",
      "h*llo",
      "h[ae]llo",
      "h[^e]llo",
      "h[a-b]llo",
      "h[b-a]llo",
      "h\\*llo",
      "h\\?llo",
      "h[\\]]llo",
      "*\\",
      "[",
      "[]",
      "[]]",
      "[^]",
      "[a-",
      "[a-]",
      "[-b]",
      "\\",
      "h[",
      "h[a",
      "a[--]b",
      "[\\^]x",
      "[\x80-\xff]*",
      "[a-\xff]*",
      "[\xff-a]*",
      "\xff?",
      "?",
      "??",
      "*o",
      "*l*o",
      "foo:*:baz",
      "*:*",
      "ABC",
      "[A-C]*",
      "x?y",
      "x*",
      "",
      "missing*",
    ];
    for (const p of patterns) await t.sameUnordered("KEYS", p);
    await t.same("KEYS");
    await t.same("KEYS", "a", "b");
  }));

Deno.test("compat: KEYS agrees with Redis on random patterns", () =>
  compat(async (t) => {
    // a small deterministic generator: same cases every run, many pattern shapes
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const keyAlphabet = ["a", "b", "c", "-", "]", "\\", "\x80", "\xff"];
    const patAlphabet = [...keyAlphabet, "*", "?", "[", "^", "*", "?"];
    const word = (alphabet: string[], max: number) => {
      let s = "";
      const len = next(max + 1);
      for (let i = 0; i < len; i++) s += alphabet[next(alphabet.length)];
      return s;
    };
    for (let i = 0; i < 120; i++) await t.same("SET", word(keyAlphabet, 5), "v");
    for (let i = 0; i < 300; i++) await t.sameUnordered("KEYS", word(patAlphabet, 6));
  }));

Deno.test("compat: RANDOMKEY", () =>
  compat(async (t) => {
    await t.same("RANDOMKEY");
    await t.same("SET", "only", "v");
    await t.same("RANDOMKEY");
    await t.same("SET", "other", "v");
    await t.sameShape("RANDOMKEY");
    await t.same("RANDOMKEY", "extra");
  }));

Deno.test("compat: SCAN single-call results, options and errors", () =>
  compat(async (t) => {
    await t.same("SCAN", "0");
    await t.same("SET", "k1", "a");
    await t.same("SET", "k2", "b");
    await t.same("SET", "k3", "c");
    await t.same("SET", "other", "d");
    await t.sameUnordered("SCAN", "0");
    await t.sameUnordered("SCAN", "0", "COUNT", "100");
    await t.sameUnordered("SCAN", "0", "MATCH", "k*");
    await t.sameUnordered("SCAN", "0", "match", "k[12]", "count", "1000");
    await t.sameUnordered("SCAN", "0", "MATCH", "*");
    await t.sameUnordered("SCAN", "0", "TYPE", "string");
    await t.sameUnordered("SCAN", "0", "TYPE", "STRING");
    await t.sameUnordered("SCAN", "0", "TYPE", "string\x00junk");
    await t.same("SCAN", "0", "TYPE", "hash");
    await t.same("SCAN", "0", "TYPE", "nonsense");
    await t.same("SCAN", "0", "TYPE", "string", "TYPE", "list");
    await t.sameUnordered("SCAN", "0", "MATCH", "nomatch", "MATCH", "o*");
    await t.sameUnordered("SCAN", "", "COUNT", "10");
    await t.sameUnordered("SCAN", "+0");
    await t.sameUnordered("SCAN", "-0");
    await t.sameUnordered("SCAN", "00");
    for (const bad of [" 0", "0 ", "abc", "0x1", "+", "-", "18446744073709551616", "1.5"]) {
      await t.same("SCAN", bad);
    }
    await t.same("SCAN", "0", "COUNT", "0");
    await t.same("SCAN", "0", "COUNT", "-1");
    await t.same("SCAN", "0", "COUNT", "abc");
    await t.same("SCAN", "0", "COUNT", "99999999999999999999");
    await t.same("SCAN", "0", "COUNT");
    await t.same("SCAN", "0", "MATCH");
    await t.same("SCAN", "0", "TYPE");
    await t.same("SCAN", "0", "BOGUS", "x");
    await t.same("SCAN", "abc", "BOGUS");
    await t.same("SCAN");
  }));

Deno.test("compat: a full SCAN iteration finds the same keys as Redis", () =>
  compat(async (t) => {
    for (let i = 0; i < 150; i++) await t.same("SET", `key:${i}`, "v");
    await t.same("SET", "other", "v");
    const fullScan = async (client: RawClient, extra: string[]) => {
      const found: string[] = [];
      let cursor = "0";
      do {
        const reply = parseReply(await client.call("SCAN", cursor, ...extra));
        assert.ok("items" in reply && reply.items.length === 2);
        const [next, keys] = reply.items;
        assert.ok(next.type === "bulk" && "items" in keys);
        cursor = next.value;
        for (const k of keys.items) if (k.type === "bulk") found.push(k.value);
      } while (cursor !== "0");
      return found.sort();
    };
    for (
      const extra of [[], ["COUNT", "7"], ["MATCH", "key:1*", "COUNT", "3"], [
        "TYPE",
        "string",
        "COUNT",
        "50",
      ]]
    ) {
      const theirs = await fullScan(t.redis, extra);
      const ours = await fullScan(t.respire, extra);
      // Redis may return a key twice across calls (rehashing); respire returns each once
      assert.deepEqual(ours, [...new Set(theirs)].sort(), `SCAN ${extra.join(" ")}`);
    }
  }));

Deno.test("compat: keyspace hit and miss counting of the generic commands", () =>
  compat(async (t) => {
    const counters = async (client: RawClient) => {
      const info = parseReply(await client.call("INFO", "stats"));
      const text = "value" in info ? String(info.value) : "";
      const read = (name: string) => Number(new RegExp(`${name}:(\\d+)`).exec(text)?.[1]);
      return [read("keyspace_hits"), read("keyspace_misses")];
    };
    const before = [await counters(t.redis), await counters(t.respire)];
    await t.same("SET", "a", "1");
    await t.same("SET", "e", "v", "PX", "1");
    await new Promise((r) => setTimeout(r, 5));
    const probes = [
      ["EXISTS", "a", "missing", "a", "e"],
      ["TYPE", "a"],
      ["TYPE", "missing"],
      ["TTL", "a"],
      ["PTTL", "missing"],
      ["EXPIRETIME", "a"],
      ["OBJECT", "ENCODING", "a"],
      ["OBJECT", "REFCOUNT", "missing"],
      ["TOUCH", "a", "missing"],
      ["COPY", "a", "b"],
      ["COPY", "missing", "c"],
      ["SCAN", "0", "TYPE", "string"],
      ["SCAN", "0"],
      ["KEYS", "*"],
      ["RENAME", "b", "d"],
      ["EXPIRE", "d", "100"],
      ["PERSIST", "d"],
      ["MOVE", "d", "1"],
      ["DEL", "a", "missing"],
      ["RANDOMKEY"],
    ];
    for (const p of probes) await t.sameUnordered(...p);
    const after = [await counters(t.redis), await counters(t.respire)];
    assert.ok(after[0][0] - before[0][0] > 5 && after[0][1] - before[0][1] > 5);
    assert.deepEqual(
      [after[1][0] - before[1][0], after[1][1] - before[1][1]],
      [after[0][0] - before[0][0], after[0][1] - before[0][1]],
      "keyspace hits and misses",
    );
  }));

Deno.test("compat: SCAN option keywords end at a NUL byte, numbers do not", () =>
  compat(async (t) => {
    await t.same("SET", "k", "v");
    await t.same("SCAN", "0", "count\0", "10", "match\0x", "k");
    await t.same("SCAN", "0", "TYPE\0", "string\0x");
    await t.same("SCAN", "0", "TYPE", "STRING");
    await t.same("SCAN", "0", "COUNT", "10\0");
    await t.same("SCAN", "0", "CO\0UNT", "10");
  }));
