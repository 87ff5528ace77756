import assert from "node:assert/strict";
import { decodeReply, type Reply, showReply } from "../../src/resp/reply_decoder.ts";
import { compat } from "../helpers/compat.ts";

const COMMANDS = [
  "del",
  "unlink",
  "exists",
  "type",
  "touch",
  "keys",
  "scan",
  "randomkey",
  "rename",
  "renamenx",
  "copy",
  "move",
  "swapdb",
  "expire",
  "pexpire",
  "expireat",
  "pexpireat",
  "ttl",
  "pttl",
  "expiretime",
  "pexpiretime",
  "persist",
  "object|encoding",
  "object|freq",
  "object|idletime",
  "object|refcount",
  "object|help",
];

function parse(raw: string): Reply {
  const r = decodeReply(Uint8Array.from(raw, (c) => c.charCodeAt(0)));
  if (r === null) throw new Error("incomplete reply");
  return r[0];
}

/**
 * COMMAND DOCS with the prose left out: summaries and history descriptions are written in
 * respire's own words, everything else must be Redis's.
 */
function docsFacts(r: Reply): string {
  if (!("items" in r)) return showReply(r);
  const items = r.items;
  const out: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const name = "value" in items[i] ? String((items[i] as { value: unknown }).value) : "";
    if (name === "summary" && i + 1 < items.length) {
      out.push("summary=<prose>");
      i++;
      continue;
    }
    if (name === "history" && i + 1 < items.length) {
      const h = items[i + 1];
      const versions = "items" in h
        ? h.items.map((e) => "items" in e ? showReply(e.items[0]) : "")
        : [];
      out.push(`history=${versions.join(",")}`);
      i++;
      continue;
    }
    out.push(docsFacts(items[i]));
  }
  return `${r.type}[${out.join(",")}]`;
}

Deno.test("compat: COMMAND INFO and COMMAND DOCS facts of the generic commands", () =>
  compat(async (t) => {
    for (const name of COMMANDS) {
      await t.same("COMMAND", "INFO", name);
      const [redis, respire] = await t.both("COMMAND", "DOCS", name);
      assert.equal(docsFacts(parse(respire)), docsFacts(parse(redis)), `COMMAND DOCS ${name}`);
    }
    // subcommand order inside the container follows Redis's hash table, so compare unordered
    await t.sameUnordered("COMMAND", "INFO", "object");
  }));
