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

/** Runs a whole SSCAN iteration; returns the members seen, deduplicated and sorted. */
async function fullScan(client: RawClient, key: string, options: string[]): Promise<string[]> {
  const seen = new Set<string>();
  let cursor = "0";
  let calls = 0;
  do {
    const reply = parse(await client.call("SSCAN", key, cursor, ...options));
    assert.ok("items" in reply, "bad SSCAN reply");
    cursor = text(reply.items[0]);
    for (const item of (reply.items[1] as { items: Reply[] }).items) seen.add(text(item));
    assert.ok(++calls < 100000, "scan does not terminate");
  } while (cursor !== "0");
  return [...seen].sort();
}

Deno.test("compat: SSCAN cursor parsing, options, intsets whole, hashtables in steps", () =>
  compat(async (t) => {
    await t.same("SSCAN", "missing", "0");
    await t.same("SSCAN", "missing", "0", "COUNT", "0");
    await t.same("SSCAN", "missing", "x");
    await t.same("SADD", "i", "30", "1", "-7", "12", "100");
    for (const cursor of ["0", "-1", "+5", "", "7", "18446744073709551615"]) {
      await t.same("SSCAN", "i", cursor);
    }
    for (const cursor of ["abc", "18446744073709551616", " 1", "1 ", "+", "-"]) {
      await t.same("SSCAN", "i", cursor);
    }
    await t.same("SSCAN", "i", "0", "MATCH", "1*");
    await t.same("SSCAN", "i", "0", "MATCH", "-*", "COUNT", "1");
    await t.same("SSCAN", "i", "0", "MATCH", "*");
    for (
      const opts of [
        ["COUNT", "0"],
        ["COUNT", "-5"],
        ["COUNT", "x"],
        ["MATCH"],
        ["TYPE", "set"],
        ["NOVALUES"],
      ]
    ) await t.same("SSCAN", "i", "0", ...opts);
    await t.same("SET", "str", "v");
    await t.same("SSCAN", "str", "0");
    await t.same("SSCAN", "str", "x");

    const members: string[] = [];
    for (let i = 0; i < 1500; i++) members.push(i % 3 === 0 ? `m${i}` : String(i));
    await t.same("SADD", "big", ...members);
    await t.same("OBJECT", "ENCODING", "big");
    for (
      const opts of [[], ["COUNT", "1"], ["COUNT", "13"], ["COUNT", "5000"], [
        "MATCH",
        "m1*",
        "COUNT",
        "20",
      ]]
    ) {
      const [a, b] = await Promise.all([
        fullScan(t.redis, "big", opts),
        fullScan(t.respire, "big", opts),
      ]);
      assert.deepEqual(b, a, `SSCAN big ${opts.join(" ")}`);
    }
  }));
