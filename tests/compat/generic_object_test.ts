import { compat } from "../helpers/compat.ts";

Deno.test("compat: OBJECT ENCODING, REFCOUNT, IDLETIME, FREQ and HELP", () =>
  compat(async (t) => {
    await t.same("OBJECT", "HELP");
    await t.same("object", "help");
    await t.same("OBJECT", "ENCODING", "missing");
    await t.same("OBJECT", "REFCOUNT", "missing");
    await t.same("OBJECT", "IDLETIME", "missing");
    await t.same("OBJECT", "FREQ", "missing");
    const values = [
      "0",
      "1",
      "9999",
      "10000",
      "-1",
      "-0",
      "01",
      "+1",
      " 1",
      "9223372036854775807",
      "9223372036854775808",
      "-9223372036854775808",
      "-9223372036854775809",
      "",
      "text",
      "x".repeat(44),
      "x".repeat(45),
      "1".repeat(21),
      "1.5",
    ];
    for (const v of values) {
      await t.same("SET", "k", v);
      await t.same("OBJECT", "ENCODING", "k");
      await t.same("OBJECT", "REFCOUNT", "k");
      await t.same("COPY", "k", "copy", "REPLACE");
      await t.same("OBJECT", "ENCODING", "copy");
      await t.same("OBJECT", "REFCOUNT", "copy");
      await t.same("RENAME", "copy", "renamed");
      await t.same("OBJECT", "ENCODING", "renamed");
      await t.same("OBJECT", "REFCOUNT", "renamed");
    }
    await t.same("SET", "s", "some text");
    await t.same("OBJECT", "IDLETIME", "s");
    await t.same("OBJECT", "FREQ", "s");
    await t.same("OBJECT");
    await t.same("OBJECT", "ENCODING");
    await t.same("OBJECT", "ENCODING", "s", "extra");
    await t.same("OBJECT", "REFCOUNT");
    await t.same("OBJECT", "IDLETIME");
    await t.same("OBJECT", "FREQ");
    await t.same("OBJECT", "HELP", "extra");
    await t.same("OBJECT", "BOGUS");
    await t.same("OBJECT", "BOGUS", "s");
  }));

Deno.test("compat: OBJECT under an LFU maxmemory policy", () =>
  compat(async (t) => {
    await t.same("SET", "s", "text");
    await t.same("OBJECT", "FREQ", "s");
    await t.same("GET", "s");
    await t.same("OBJECT", "FREQ", "s");
    await t.same("OBJECT", "IDLETIME", "s");
    await t.same("OBJECT", "IDLETIME", "missing");
    await t.same("OBJECT", "FREQ", "missing");
    // small integers stop being shared once an LFU/LRU policy is in force with a limit
    await t.same("SET", "n", "5");
    await t.same("OBJECT", "REFCOUNT", "n");
    await t.same("OBJECT", "ENCODING", "n");
  }, { config: { "maxmemory": "1gb", "maxmemory-policy": "allkeys-lfu" } }));

Deno.test("compat: OBJECT REFCOUNT under an LRU policy without a memory limit", () =>
  compat(async (t) => {
    await t.same("SET", "n", "5");
    await t.same("OBJECT", "REFCOUNT", "n");
  }, { config: { "maxmemory-policy": "allkeys-lru" } }));
