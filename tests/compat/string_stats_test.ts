import assert from "node:assert/strict";
import { compat } from "../helpers/compat.ts";
import type { RawClient } from "../helpers/raw_client.ts";

/** keyspace hits/misses and expired keys, the counters string commands move. */
async function counters(client: RawClient): Promise<string> {
  const raw = await client.call("INFO", "stats");
  const field = (name: string) => new RegExp(`${name}:(\\d+)`).exec(raw)?.[1];
  return `${field("keyspace_hits")}/${field("keyspace_misses")}/${field("expired_keys")}`;
}

Deno.test("compat: keyspace hits, misses and expired keys of the string commands", () =>
  compat(async (t) => {
    // only lazy expiry, so that the counters do not depend on timing
    await t.same("DEBUG", "SET-ACTIVE-EXPIRE", "0");
    const probes = [
      ["SET", "s", "hello"],
      ["SET", "n", "10"],
      ["GET", "s"],
      ["GET", "missing"],
      ["SET", "s", "v", "GET"],
      ["SET", "missing", "v", "NX", "GET"],
      ["SET", "s", "hello", "XX"],
      ["SETNX", "s", "x"],
      ["GETSET", "s", "hello"],
      ["GETSET", "fresh", "v"],
      ["GETEX", "s", "PERSIST"],
      ["GETEX", "nothing"],
      ["GETDEL", "fresh"],
      ["GETDEL", "fresh"],
      ["MGET", "s", "n", "missing"],
      ["MSET", "a", "1", "b", "2"],
      ["MSETNX", "a", "1", "c", "2"],
      ["APPEND", "s", "!"],
      ["APPEND", "new", "x"],
      ["STRLEN", "s"],
      ["STRLEN", "missing"],
      ["GETRANGE", "s", "0", "1"],
      ["GETRANGE", "missing", "0", "1"],
      ["SETRANGE", "s", "0", "H"],
      ["SETRANGE", "missing2", "0", ""],
      ["INCR", "n"],
      ["INCRBY", "missing3", "5"],
      ["INCRBYFLOAT", "n", "1.5"],
      ["LCS", "s", "missing"],
      // expired keys are reclaimed by the next lookup, whichever command makes it
      ["SET", "e1", "v", "PX", "1"],
      ["SET", "e2", "v", "PX", "1"],
      ["SET", "e3", "v", "PX", "1"],
      ["SET", "e4", "v", "PX", "1"],
      ["SET", "e5", "v", "PX", "1"],
      ["SET", "e6", "v", "PX", "1"],
      ["DEBUG", "SLEEP", "0.01"],
      ["GET", "e1"],
      ["SET", "e2", "again"],
      ["INCR", "e3"],
      ["MSETNX", "e4", "1"],
      ["APPEND", "e5", "x"],
      ["MSET", "e6", "1"],
    ];
    for (const p of probes) {
      const before = [await counters(t.redis), await counters(t.respire)];
      await t.same(...p);
      const after = [await counters(t.redis), await counters(t.respire)];
      assert.equal(
        `${before[1]} -> ${after[1]}`,
        `${before[0]} -> ${after[0]}`,
        `hits/misses/expired after ${p.join(" ")}`,
      );
    }
    await t.same("DEBUG", "SET-ACTIVE-EXPIRE", "1");
  }));
