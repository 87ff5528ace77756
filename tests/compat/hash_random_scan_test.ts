import assert from "node:assert/strict";
import { compat } from "../helpers/compat.ts";
import type { RawClient } from "../helpers/raw_client.ts";
import { decodeReply, type Reply } from "../../src/resp/reply_decoder.ts";

function parse(raw: string): Reply {
  const r = decodeReply(Uint8Array.from(raw, (ch) => ch.charCodeAt(0)));
  if (r === null) throw new Error("incomplete reply");
  return r[0];
}

function text(r: Reply): string {
  if ("value" in r && typeof r.value === "string") return r.value;
  throw new Error(`not a string reply: ${JSON.stringify(r)}`);
}

/** Runs a whole HSCAN/SSCAN iteration; returns the pairs (or members) seen, deduplicated. */
async function fullScan(
  client: RawClient,
  cmd: string,
  key: string,
  options: string[],
  pairs: boolean,
): Promise<string[]> {
  const seen = new Set<string>();
  let cursor = "0";
  let calls = 0;
  do {
    const reply = parse(await client.call(cmd, key, cursor, ...options));
    assert.ok("items" in reply, `bad ${cmd} reply`);
    cursor = text(reply.items[0]);
    const items = (reply.items[1] as { items: Reply[] }).items.map(text);
    const step = pairs ? 2 : 1;
    for (let i = 0; i < items.length; i += step) {
      seen.add(pairs ? `${items[i]}=${items[i + 1]}` : items[i]);
    }
    assert.ok(++calls < 100000, "scan does not terminate");
  } while (cursor !== "0");
  return [...seen].sort();
}

Deno.test("compat: HRANDFIELD with and without count, negative count, WITHVALUES", () =>
  compat(async (t) => {
    await t.same("HRANDFIELD", "missing");
    await t.same("HRANDFIELD", "missing", "3");
    await t.same("HRANDFIELD", "missing", "-3", "WITHVALUES");
    await t.same("HRANDFIELD", "missing", "0");
    await t.same("HSET", "one", "a", "1");
    await t.same("HRANDFIELD", "one");
    await t.same("HRANDFIELD", "one", "1");
    await t.same("HRANDFIELD", "one", "-3");
    await t.same("HRANDFIELD", "one", "-3", "WITHVALUES");
    await t.same("HRANDFIELD", "one", "5", "withvalues");
    await t.same("HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5");
    // a count covering the whole hash returns it in listpack order
    await t.same("HRANDFIELD", "h", "5");
    await t.same("HRANDFIELD", "h", "100", "WITHVALUES");
    await t.same("HRANDFIELD", "h", "0");
    await t.same("HRANDFIELD", "h", "0", "WITHVALUES");
    for (const count of ["1", "2", "4", "-1", "-4", "-10"]) {
      await t.sameShape("HRANDFIELD", "h", count);
      await t.sameShape("HRANDFIELD", "h", count, "WITHVALUES");
    }
    await t.sameShape("HRANDFIELD", "h");
    const args: string[] = [];
    for (let i = 0; i < 700; i++) args.push(`f${i}`, `v${i}`);
    await t.same("HSET", "big", ...args);
    for (const count of ["1", "10", "300", "699", "-50"]) {
      await t.sameShape("HRANDFIELD", "big", count);
      await t.sameShape("HRANDFIELD", "big", count, "WITHVALUES");
    }
    await t.sameUnordered("HRANDFIELD", "big", "700");
    await t.sameUnordered("HRANDFIELD", "big", "701", "WITHVALUES");
    // errors, in Redis's order: count, syntax, WITHVALUES range, then the key
    await t.same("SET", "str", "v");
    await t.same("HRANDFIELD", "h", "abc");
    await t.same("HRANDFIELD", "h", "1.5");
    await t.same("HRANDFIELD", "h", "1", "foo");
    await t.same("HRANDFIELD", "h", "1", "WITHVALUES", "x");
    await t.same("HRANDFIELD", "h", "-9223372036854775808");
    await t.same("HRANDFIELD", "h", "9223372036854775807");
    await t.same("HRANDFIELD", "h", "4611686018427387903", "WITHVALUES");
    await t.same("HRANDFIELD", "h", "4611686018427387904", "WITHVALUES");
    await t.same("HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES");
    await t.same("HRANDFIELD", "h", "9223372036854775807", "WITHVALUES");
    await t.same("HRANDFIELD", "str", "abc");
    await t.same("HRANDFIELD", "str", "1", "foo");
    await t.same("HRANDFIELD", "str", "0");
    await t.same("HRANDFIELD", "str", "-1");
    await t.same("HRANDFIELD", "missing", "abc");
    await t.same("HRANDFIELD");
  }));

Deno.test("compat: HSCAN cursor parsing, options, small and large hashes", () =>
  compat(async (t) => {
    await t.same("HSCAN", "missing", "0");
    await t.same("HSCAN", "missing", "0", "COUNT", "0");
    await t.same("HSCAN", "missing", "abc");
    await t.same("HSET", "h", "a", "1", "b", "2", "ab", "3", "x", "4");
    for (const cursor of ["0", "-1", "+5", "", "00012", "18446744073709551615"]) {
      await t.same("HSCAN", "h", cursor);
    }
    for (const cursor of ["abc", "18446744073709551616", " 1", "1 ", "+", "-", "1.0"]) {
      await t.same("HSCAN", "h", cursor);
    }
    await t.same("HSCAN", "h", "0", "MATCH", "a*");
    await t.same("HSCAN", "h", "0", "match", "*", "count", "1");
    await t.same("HSCAN", "h", "0", "MATCH", "[ax]");
    await t.same("HSCAN", "h", "0", "COUNT", "1", "MATCH", "nothing");
    for (
      const opts of [
        ["COUNT", "0"],
        ["COUNT", "-1"],
        ["COUNT", "abc"],
        ["MATCH"],
        ["COUNT"],
        ["TYPE", "string"],
        ["foo", "bar"],
        ["COUNT", "1", "MATCH"],
      ]
    ) await t.same("HSCAN", "h", "0", ...opts);
    await t.same("SET", "str", "v");
    await t.same("HSCAN", "str", "0");
    await t.same("HSCAN", "str", "abc");
    await t.same("HSCAN", "h");

    const args: string[] = [];
    for (let i = 0; i < 1000; i++) args.push(`field:${i}`, `value:${i}`);
    await t.same("HSET", "big", ...args);
    await t.same("OBJECT", "ENCODING", "big");
    for (
      const opts of [[], ["COUNT", "1"], ["COUNT", "7"], ["COUNT", "1000"], [
        "MATCH",
        "field:1*",
        "COUNT",
        "50",
      ]]
    ) {
      const [a, b] = await Promise.all([
        fullScan(t.redis, "HSCAN", "big", opts, true),
        fullScan(t.respire, "HSCAN", "big", opts, true),
      ]);
      assert.deepEqual(b, a, `HSCAN big ${opts.join(" ")}`);
    }
  }));

Deno.test("compat: HRANDFIELD WITHVALUES ends at a NUL byte", () =>
  compat(async (t) => {
    await t.same("HSET", "h", "f", "v");
    await t.same("HRANDFIELD", "h", "1", "withvalues\0");
    await t.same("HRANDFIELD", "h", "-1", "WITHVALUES\0junk");
    await t.same("HRANDFIELD", "h", "1", "WITH\0VALUES");
    await t.same("HSCAN", "h", "0", "count\0", "10", "match\0x", "*");
  }));
