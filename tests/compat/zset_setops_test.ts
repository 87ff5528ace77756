import { compat, type Pair } from "../helpers/compat.ts";

async function fixtures(t: Pair): Promise<void> {
  await t.same("ZADD", "z1", "1", "a", "2", "b", "3", "c", "-inf", "lo", "0.1", "f");
  await t.same("ZADD", "z2", "10", "b", "20", "c", "30", "d", "inf", "lo", "0.2", "f");
  await t.same("ZADD", "z3", "5", "c", "6", "d", "7", "e", "0.7", "f");
  const args: string[] = [];
  for (let i = 0; i < 150; i++) args.push(String(i / 4), `x${i}`);
  await t.same("ZADD", "big", ...args, "100", "a", "200", "c");
  await t.same("SADD", "s1", "a", "d", "x", "x3");
  await t.same("SADD", "ints", "1", "2", "3");
  await t.same("SET", "str", "x");
}

Deno.test("compat: ZUNION, ZINTER, ZDIFF with weights and aggregates", () =>
  compat(async (t) => {
    await fixtures(t);
    const inputs = [
      ["1", "z1"],
      ["2", "z1", "z2"],
      ["3", "z1", "z2", "z3"],
      ["2", "z1", "nokey"],
      ["2", "nokey", "z1"],
      ["2", "z1", "z1"],
      ["3", "z3", "big", "z1"],
      ["2", "z1", "s1"],
      ["2", "s1", "ints"],
      ["1", "ints"],
      ["2", "big", "s1"],
    ];
    for (const keys of inputs) {
      const n = Number(keys[0]);
      const weights = Array.from({ length: n }, (_, i) => ["2", "-1", "0.5"][i % 3]);
      for (const op of ["ZUNION", "ZINTER"]) {
        await t.same(op, ...keys);
        await t.same(op, ...keys, "WITHSCORES");
        await t.same(op, ...keys, "WEIGHTS", ...weights, "WITHSCORES");
        await t.same(op, ...keys, "AGGREGATE", "MIN", "WITHSCORES");
        await t.same(op, ...keys, "aggregate", "max", "weights", ...weights, "withscores");
        await t.same(op, ...keys, "AGGREGATE", "SUM", "WITHSCORES");
        await t.same(op, ...keys, "WEIGHTS", ...weights.map(() => "inf"), "WITHSCORES");
        await t.same(op, ...keys, "WEIGHTS", ...weights.map(() => "0"), "WITHSCORES");
      }
      await t.same("ZDIFF", ...keys);
      await t.same("ZDIFF", ...keys, "WITHSCORES");
      await t.same("ZINTERCARD", ...keys);
      await t.same("ZINTERCARD", ...keys, "LIMIT", "1");
      await t.same("ZINTERCARD", ...keys, "LIMIT", "0");
      for (const op of ["ZUNIONSTORE", "ZINTERSTORE"]) {
        await t.same(op, "dst", ...keys, "WEIGHTS", ...weights);
        await t.same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
        await t.same("OBJECT", "ENCODING", "dst");
      }
      await t.same("ZDIFFSTORE", "dst", ...keys);
      await t.same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
      await t.same("EXISTS", "dst");
    }
    // inf - inf is NaN, which aggregates to 0
    await t.same("ZUNION", "2", "z1", "z2", "WITHSCORES");
    await t.same("ZUNION", "2", "z1", "z2", "WEIGHTS", "inf", "-inf", "WITHSCORES");
    await t.same("ZINTER", "2", "z1", "z2", "WEIGHTS", "inf", "-inf", "WITHSCORES");
    await t.same("ZUNION", "2", "z1", "z2", "WEIGHTS", "1", "2", "WEIGHTS", "3", "4", "WITHSCORES");
    await t.same("ZUNION", "2", "z1", "z2", "AGGREGATE", "MIN", "AGGREGATE", "MAX", "WITHSCORES");
    await t.same("ZUNION", "2", "z1", "z2", "WITHSCORES", "WITHSCORES");
    // a store replaces any type, and an empty result deletes the destination
    await t.same("ZUNIONSTORE", "str", "1", "z1");
    await t.same("TYPE", "str");
    await t.same("ZINTERSTORE", "str", "2", "z1", "nokey");
    await t.same("EXISTS", "str");
    await t.same("ZUNIONSTORE", "z1", "2", "z1", "z2");
    await t.same("ZRANGE", "z1", "0", "-1", "WITHSCORES");
    await t.same("ZDIFFSTORE", "z2", "2", "z2", "z2");
    await t.same("EXISTS", "z2");
  }));

Deno.test("compat: ZUNION, ZINTER, ZDIFF, ZINTERCARD and stores: errors", () =>
  compat(async (t) => {
    await fixtures(t);
    for (
      const cmd of [
        ["ZUNION", "0", "z1"],
        ["ZUNION", "-1", "z1"],
        ["ZUNION", "abc", "z1"],
        ["ZUNION", "3", "z1", "z2"],
        ["ZUNION", "2", "z1", "str"],
        ["ZUNION", "2", "str", "z1", "WEIGHTS", "x", "y"],
        ["ZUNION", "2", "z1", "z2", "WEIGHTS", "1"],
        ["ZUNION", "2", "z1", "z2", "WEIGHTS", "1", "x"],
        ["ZUNION", "2", "z1", "z2", "WEIGHTS", "1", "nan"],
        ["ZUNION", "2", "z1", "z2", "WEIGHTS", "1", "2", "3"],
        ["ZUNION", "2", "z1", "z2", "AGGREGATE"],
        ["ZUNION", "2", "z1", "z2", "AGGREGATE", "AVG"],
        ["ZUNION", "2", "z1", "z2", "LIMIT", "1"],
        ["ZUNION", "1"],
        ["ZINTER", "0", "z1"],
        ["ZINTER", "2", "z1", "str"],
        ["ZINTER", "1", "z1", "foo"],
        ["ZDIFF", "0", "z1"],
        ["ZDIFF", "2", "z1", "z2", "WEIGHTS", "1", "2"],
        ["ZDIFF", "2", "z1", "z2", "AGGREGATE", "SUM"],
        ["ZDIFF", "2", "str", "z1"],
        ["ZDIFF", "2", "z1"],
        ["ZINTERCARD", "0", "z1"],
        ["ZINTERCARD", "2", "z1", "z2", "LIMIT", "-1"],
        ["ZINTERCARD", "2", "z1", "z2", "LIMIT", "abc"],
        ["ZINTERCARD", "2", "z1", "z2", "LIMIT"],
        ["ZINTERCARD", "2", "z1", "z2", "WITHSCORES"],
        ["ZINTERCARD", "2", "z1", "z2", "WEIGHTS", "1", "2"],
        ["ZINTERCARD", "2", "z1", "str"],
        ["ZINTERCARD", "2", "z1"],
        ["ZINTERCARD", "1"],
        ["ZUNIONSTORE", "d", "0", "z1"],
        ["ZUNIONSTORE", "d", "2", "z1"],
        ["ZUNIONSTORE", "d", "2", "z1", "z2", "WITHSCORES"],
        ["ZUNIONSTORE", "d", "1", "str"],
        ["ZUNIONSTORE", "d", "x", "z1"],
        ["ZINTERSTORE", "d", "0", "z1"],
        ["ZINTERSTORE", "d", "1", "z1", "WEIGHTS"],
        ["ZDIFFSTORE", "d", "0", "z1"],
        ["ZDIFFSTORE", "d", "1", "z1", "WITHSCORES"],
        ["ZDIFFSTORE", "d", "2", "z1", "str"],
        ["ZUNIONSTORE", "d", "1"],
        ["ZDIFFSTORE", "d"],
        ["EXISTS", "d"],
        // option keywords end at a NUL byte (strcasecmp), numbers do not
        ["ZUNION", "2", "z1", "z2", "aggregate\0", "max\0x", "withscores\0"],
        ["ZUNION", "2", "z1", "z2", "WEIGHTS\0", "1", "2", "WITHSCORES"],
        ["ZUNION", "2", "z1", "z2", "WEIGHTS", "1", "2\0", "WITHSCORES"],
        ["ZUNION", "2", "z1", "z2", "AGGREGATE", "M\0AX"],
        ["ZUNION", "1\0", "z1"],
        ["ZINTERCARD", "2", "z1", "z2", "limit\0", "1"],
        ["ZINTERCARD", "2", "z1", "z2", "LIMIT", "1\0"],
        ["ZINTERCARD", "1\0", "z1"],
        ["ZUNIONSTORE", "d", "2", "z1", "z2", "AGGREGATE", "min\0"],
        ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
      ]
    ) {
      await t.same(...cmd);
    }
  }));

Deno.test("compat: ZSCAN", () =>
  compat(async (t) => {
    await t.same("SET", "str", "x");
    await t.same("ZADD", "z", "1", "a", "2.5", "b", "inf", "c", "-0.1", "d", "1e-300", "e");
    for (
      const cmd of [
        ["ZSCAN", "z", "0"],
        ["ZSCAN", "z", "0", "COUNT", "1"],
        ["ZSCAN", "z", "0", "MATCH", "a*"],
        ["ZSCAN", "z", "0", "MATCH", "[a-c]", "COUNT", "100"],
        ["ZSCAN", "z", "0", "match", "*", "count", "2", "match", "b"],
        ["ZSCAN", "z", "123"],
        ["ZSCAN", "z", "-1"],
        ["ZSCAN", "z", "18446744073709551615"],
        ["ZSCAN", "z", "18446744073709551616"],
        ["ZSCAN", "z", "00"],
        ["ZSCAN", "z", "+0"],
        ["ZSCAN", "z", ""],
        ["ZSCAN", "z", " 0"],
        ["ZSCAN", "z", "abc"],
        ["ZSCAN", "z", "0", "COUNT", "0"],
        ["ZSCAN", "z", "0", "COUNT", "-1"],
        ["ZSCAN", "z", "0", "COUNT", "abc"],
        ["ZSCAN", "z", "0", "COUNT"],
        ["ZSCAN", "z", "0", "MATCH"],
        ["ZSCAN", "z", "0", "TYPE", "zset"],
        ["ZSCAN", "z", "0", "NOVALUES"],
        ["ZSCAN", "nokey", "0"],
        ["ZSCAN", "nokey", "0", "COUNT", "0"],
        ["ZSCAN", "nokey", "abc"],
        ["ZSCAN", "str", "0"],
        ["ZSCAN", "str", "abc"],
        ["ZSCAN", "z"],
      ]
    ) {
      await t.same(...cmd);
    }
  }));

/** Runs a full ZSCAN on one server and returns member => score. */
async function fullScan(
  call: (...args: string[]) => Promise<string[]>,
  key: string,
  extra: string[],
): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  let cursor = "0";
  let calls = 0;
  do {
    const [next, ...items] = await call("ZSCAN", key, cursor, ...extra);
    for (let i = 0; i < items.length; i += 2) seen.set(items[i], items[i + 1]);
    cursor = next;
    if (++calls > 10000) throw new Error("scan does not terminate");
  } while (cursor !== "0");
  return seen;
}

Deno.test("compat: ZSCAN over a skiplist returns every member once the scan completes", () =>
  compat(async (t) => {
    const args: string[] = [];
    for (let i = 0; i < 1000; i++) args.push(String(i * 0.5), `m${i}`);
    await t.same("ZADD", "big", ...args);
    await t.same("OBJECT", "ENCODING", "big");
    await t.same("ZREM", "big", "m1", "m2", "m500");
    for (const extra of [[], ["COUNT", "7"], ["MATCH", "m1*", "COUNT", "50"]]) {
      const results: Map<string, string>[] = [];
      for (const client of [t.redis, t.respire]) {
        results.push(
          await fullScan(async (...a) => flatten(await client.call(...a)), "big", extra),
        );
      }
      const [redis, respire] = results.map((m) => [...m.entries()].sort().join(" "));
      if (redis !== respire) throw new Error(`ZSCAN ${extra.join(" ")} differs`);
    }
  }));

/** Decodes a ZSCAN reply ([cursor, [items...]]) from raw RESP bytes. */
function flatten(raw: string): string[] {
  const out: string[] = [];
  const re = /\$(\d+)\r\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw)) !== null) {
    const len = Number(m[1]);
    out.push(raw.slice(re.lastIndex, re.lastIndex + len));
    re.lastIndex += len + 2;
  }
  return out;
}
