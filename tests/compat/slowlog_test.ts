/**
 * SLOWLOG against redis-server 7.0: which commands are logged, the entry shape (id, time,
 * duration, arguments, client address and name), argument truncation and redaction, the
 * count rules of GET, LEN / RESET / HELP and slowlog-max-len. Times, durations and client
 * ports differ between the servers and are masked before comparing.
 */
import assert from "node:assert/strict";
import { decodeReply, type Reply, showReply } from "../../src/resp/reply_decoder.ts";
import { compat, type Pair } from "../helpers/compat.ts";

function parse(raw: string): Reply {
  const r = decodeReply(Uint8Array.from(raw, (ch) => ch.charCodeAt(0)));
  if (r === null) throw new Error(`incomplete reply ${JSON.stringify(raw)}`);
  return r[0];
}

/**
 * A SLOWLOG GET reply with what legitimately differs masked: ids become relative to the
 * newest entry, time and duration become 0, the client address loses its port.
 */
function normalize(raw: string): string {
  const reply = parse(raw);
  if (!("items" in reply)) return showReply(reply);
  const newest = reply.items.length > 0 && "items" in reply.items[0]
    ? Number((reply.items[0].items[0] as { value: unknown }).value)
    : 0;
  return reply.items.map((entry) => {
    if (!("items" in entry)) return showReply(entry);
    const [id, , , args, addr, name] = entry.items;
    const idValue = Number((id as { value: unknown }).value);
    const addrText = String((addr as { value: unknown }).value).replace(/:\d+$/, ":PORT");
    return `#${newest - idValue} ${showReply(args)} ${addrText} ${showReply(name)} ` +
      `[${entry.items.length} fields, ${entry.items.slice(0, 3).map((x) => x.type).join(",")}]`;
  }).join("\n");
}

async function sameSlowlog(t: Pair, ...args: string[]): Promise<void> {
  const [a, b] = await t.both("SLOWLOG", "GET", ...args);
  assert.equal(normalize(b), normalize(a), `SLOWLOG GET ${args.join(" ")} differs`);
}

Deno.test("compat: SLOWLOG entries, truncation and redaction", () =>
  compat(async (t) => {
    await t.same("SLOWLOG", "RESET");
    await t.same("SLOWLOG", "LEN");
    await t.same("SET", "k", "v");
    await t.same("AUTH", "secret");
    await t.same("AUTH", "user", "secret");
    await t.same("AUTH", "a", "b", "c");
    // HELLO replies with the client id, which differs; keep the connection's protocol
    const [hello] = await t.both("HELLO");
    const proto = hello.startsWith("%") ? "3" : "2";
    await t.sameShape("HELLO", proto, "SETNAME", "named", "AUTH", "default", "pw");
    await t.same("CLIENT", "SETNAME", "");
    await t.same("CONFIG", "SET", "masterauth", "hidden");
    await t.same("CONFIG", "SET", "maxmemory", "0", "requirepass", "");
    await t.same("SET", "long", "x".repeat(200));
    const many = Array.from({ length: 40 }, (_, i) => `k${i}`);
    await t.same("DEL", ...many);
    await t.same("DEL", ...many.slice(0, 31));
    await t.same("DEL", ...many.slice(0, 32));
    await t.same("CLIENT", "SETNAME", "tester");
    // commands inside EXEC are logged one by one, EXEC itself not
    await t.same("MULTI");
    await t.same("INCR", "n");
    await t.same("GET", "n");
    await t.same("EXEC");
    // refused commands are not logged, failing ones are
    await t.same("NOSUCH");
    await t.same("GET");
    await t.same("INCR", "long");
    await sameSlowlog(t, "-1");
    await sameSlowlog(t);
    await sameSlowlog(t, "3");
    await sameSlowlog(t, "0");
    await t.same("SLOWLOG", "LEN");
    await t.same("CLIENT", "SETNAME", "");
  }, { config: { "slowlog-log-slower-than": "0" } }));

Deno.test("compat: SLOWLOG subcommands, errors and the configuration", () =>
  compat(async (t) => {
    await t.same("SLOWLOG", "HELP");
    await t.same("SLOWLOG");
    await t.same("SLOWLOG", "NOSUCH");
    await t.same("SLOWLOG", "LEN", "x");
    await t.same("SLOWLOG", "RESET", "x");
    await t.same("SLOWLOG", "HELP", "x");
    await t.same("SLOWLOG", "GET", "1", "2");
    await t.same("SLOWLOG", "GET", "-2");
    await t.same("SLOWLOG", "GET", "x");
    await t.same("SLOWLOG", "GET", "1.5");
    await t.same("SLOWLOG", "GET", "99999999999999999999");
    // a negative threshold logs nothing, a high one only slow commands
    await t.same("CONFIG", "SET", "slowlog-log-slower-than", "-1");
    await t.same("SLOWLOG", "RESET");
    await t.same("SET", "k", "v");
    await t.same("SLOWLOG", "LEN");
    await t.same("CONFIG", "SET", "slowlog-log-slower-than", "1000000");
    await t.same("SET", "k", "v");
    await t.same("SLOWLOG", "LEN");
    await t.same("DEBUG", "SLEEP", "0");
    await t.same("SLOWLOG", "LEN");
    // slowlog-max-len keeps the newest entries
    await t.same("CONFIG", "SET", "slowlog-log-slower-than", "0");
    await t.same("CONFIG", "SET", "slowlog-max-len", "3");
    for (let i = 0; i < 5; i++) await t.same("SET", `k${i}`, "v");
    await t.same("SLOWLOG", "LEN");
    await sameSlowlog(t, "-1");
    // a lower maximum applies from the next entry on
    await t.same("CONFIG", "SET", "slowlog-max-len", "1");
    await t.same("CONFIG", "SET", "slowlog-log-slower-than", "-1");
    await t.same("SLOWLOG", "LEN");
    await t.same("CONFIG", "SET", "slowlog-log-slower-than", "0");
    await t.same("SLOWLOG", "LEN");
    await t.same("CONFIG", "SET", "slowlog-max-len", "0");
    await t.same("SLOWLOG", "LEN");
    await t.same("CONFIG", "SET", "slowlog-max-len", "128");
    await t.same("CONFIG", "SET", "slowlog-log-slower-than", "10000");
  }));
