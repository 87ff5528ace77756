import assert from "node:assert/strict";
import { decodeReply, type Reply, showReply } from "../../src/resp/reply_decoder.ts";
import { compat, type Pair } from "../helpers/compat.ts";
import { encodeCommand, RawClient } from "../helpers/raw_client.ts";
import { startRedis, startRespire } from "../helpers/servers.ts";

/** CLIENT LIST fields whose values are the same on both servers for the same history. */
const STABLE_FIELDS = new Set([
  "name",
  "flags",
  "db",
  "sub",
  "psub",
  "ssub",
  "multi",
  "events",
  "cmd",
  "user",
  "redir",
  "resp",
]);

/**
 * A CLIENT LIST / CLIENT INFO reply with the values that legitimately differ between the
 * servers (memory figures, addresses, timings) masked; ids and addresses of known
 * connections are replaced by their labels.
 */
function normalizeList(reply: Reply, labels: Map<string, string> = new Map()): string {
  if (reply.type !== "bulk" && reply.type !== "verbatim") return showReply(reply);
  const prefix = reply.type === "verbatim" ? `verbatim(${reply.format}) ` : "bulk ";
  const lines = reply.value.split("\n");
  assert.equal(lines.pop(), "", "every line ends with a newline");
  return prefix + lines.map((line) =>
    line.split(" ").map((field) => {
      const eq = field.indexOf("=");
      const key = field.slice(0, eq);
      const value = field.slice(eq + 1);
      if (STABLE_FIELDS.has(key)) return field;
      if ((key === "age" || key === "idle") && Number(value) <= 1) return `${key}=~0`;
      const label = labels.get(`${key}=${value}`);
      return label === undefined ? `${key}=*` : `${key}=${label}`;
    }).join(" ")
  ).join("\n");
}

function parse(raw: string): Reply {
  const r = decodeReply(Uint8Array.from(raw, (ch) => ch.charCodeAt(0)));
  assert.ok(r !== null, `incomplete reply ${JSON.stringify(raw)}`);
  return r[0];
}

async function sameList(t: Pair, ...args: string[]): Promise<void> {
  const [redis, respire] = await t.both(...args);
  assert.equal(
    normalizeList(parse(respire)),
    normalizeList(parse(redis)),
    `CLIENT LIST differs for ${args.join(" ")}\n  redis:   ${redis}\n  respire: ${respire}`,
  );
}

/**
 * Sends commands as one pipeline, followed by ECHO of an end marker, and asserts that both
 * servers send the same bytes up to the marker: commands silenced by CLIENT REPLY send none.
 */
async function samePipeline(t: Pair, commands: string[][]): Promise<void> {
  const marker = "--end-of-pipeline--";
  const all = [...commands, ["CLIENT", "REPLY", "ON"], ["ECHO", marker]];
  const bytes = all.map(encodeCommand);
  const joined = new Uint8Array(bytes.reduce((n, b) => n + b.length, 0));
  let off = 0;
  for (const b of bytes) {
    joined.set(b, off);
    off += b.length;
  }
  const readAll = async (c: RawClient) => {
    await c.sendRaw(joined);
    let out = "";
    for (;;) {
      const { raw, reply } = await c.read();
      out += raw;
      if (reply.type === "bulk" && reply.value === marker) return out;
    }
  };
  const [redis, respire] = await Promise.all([readAll(t.redis), readAll(t.respire)]);
  assert.equal(
    respire,
    redis,
    `pipeline replies differ for ${JSON.stringify(commands)}\n  redis:   ${
      JSON.stringify(redis)
    }\n  respire: ${JSON.stringify(respire)}`,
  );
}

Deno.test("compat: CLIENT subcommands, arguments and errors", () =>
  compat(async (t) => {
    await t.same("CLIENT");
    await t.same("CLIENT", "NOSUCH");
    await t.same("CLIENT", "NOSUCH\x00x", "a");
    await t.same("CLIENT", "HELP");
    await t.same("client", "help", "extra");
    await t.same("CLIENT", "ID", "x");
    await t.same("CLIENT", "GETNAME");
    await t.same("CLIENT", "GETNAME", "x");
    await t.same("CLIENT", "SETNAME");
    await t.same("CLIENT", "SETNAME", "a", "b");
    for (const bad of ["a b", "a\nb", "\x7f", "\x1f", "\xc3\xa9", "tab\there", "nul\x00"]) {
      await t.same("CLIENT", "SETNAME", bad);
    }
    await t.same("CLIENT", "GETNAME");
    await t.same("CLIENT", "SETNAME", "~!@#$%^&*()_+{}|:<>?");
    await t.same("CLIENT", "GETNAME");
    await t.same("CLIENT", "SETNAME", "");
    await t.same("CLIENT", "GETNAME");
    await t.same("CLIENT", "SETNAME", "conn-1");
    await t.same("CLIENT", "GETNAME");
    await t.same("CLIENT", "INFO", "x");
    for (
      const args of [
        ["x"],
        ["TYPE"],
        ["TYPE", "foo"],
        ["TYPE", "normal", "x"],
        ["ID"],
        ["ID", "x"],
        ["ID", "1", "x"],
        ["ID", "99999", "x"],
        ["ID", "99999999999999999999"],
        ["ID", "-1"],
        ["ID", "99999"],
        ["ID", "0", "99999"],
        ["TYPE", "master"],
        ["TYPE", "MASTER"],
        ["TYPE", "replica"],
        ["TYPE", "slave"],
        ["TYPE", "pubsub"],
      ]
    ) {
      await t.same("CLIENT", "LIST", ...args);
    }
    await t.same("CLIENT", "KILL");
    for (
      const args of [
        ["1.2.3.4:5"],
        ["ID"],
        ["ID", "abc"],
        ["ID", "0"],
        ["ID", "-5"],
        ["ID", "99999"],
        ["ID", "9223372036854775807"],
        ["ID", "9223372036854775808"],
        ["ID", "1", "TYPE"],
        ["TYPE", "foo"],
        ["TYPE", "master"],
        ["TYPE", "replica"],
        ["TYPE", "slave"],
        ["TYPE", "pubsub"],
        ["USER", "nobody"],
        ["USER", "nobody", "ID", "abc"],
        ["ID", "abc", "USER", "nobody"],
        ["SKIPME", "maybe"],
        ["SKIPME", "yes"],
        ["skipme", "YES", "id", "99999"],
        ["FOO", "bar"],
        ["ADDR", "1.2.3.4:5"],
        ["LADDR", "1.2.3.4:5"],
        ["ADDR", "1.2.3.4:5", "LADDR", "x", "USER", "default", "TYPE", "normal"],
      ]
    ) {
      await t.same("CLIENT", "KILL", ...args);
    }
    await t.same("CLIENT", "NO-EVICT");
    await t.same("CLIENT", "NO-EVICT", "maybe");
    await t.same("CLIENT", "NO-EVICT", "on");
    await sameList(t, "CLIENT", "INFO");
    await t.same("CLIENT", "NO-EVICT", "OFF");
    await t.same("CLIENT", "REPLY");
    await t.same("CLIENT", "REPLY", "maybe");
    await t.same("CLIENT", "REPLY", "on", "x");
    await t.same("CLIENT", "REPLY", "ON");
  }));

Deno.test("compat: CLIENT INFO and LIST fields", () =>
  compat(async (t) => {
    await sameList(t, "CLIENT", "INFO");
    await sameList(t, "CLIENT", "LIST");
    await t.same("CLIENT", "SETNAME", "listed");
    await t.same("SELECT", "4");
    await t.same("CLIENT", "NO-EVICT", "on");
    await sameList(t, "CLIENT", "LIST");
    await sameList(t, "CLIENT", "LIST", "TYPE", "normal");
    await sameList(t, "CLIENT", "LIST", "TYPE", "Normal");
    await sameList(t, "client", "info");
    // the cmd field names the command that ran last, as looked up
    await t.same("NOSUCHCOMMAND");
    await sameList(t, "CLIENT", "LIST", "TYPE", "normal");
    const [redisId, respireId] = await t.both("CLIENT", "ID");
    const [redisList, respireList] = await Promise.all([
      t.redis.call("CLIENT", "LIST", "ID", redisId.slice(1, -2), "99999", redisId.slice(1, -2)),
      t.respire.call(
        "CLIENT",
        "LIST",
        "ID",
        respireId.slice(1, -2),
        "99999",
        respireId.slice(1, -2),
      ),
    ]);
    assert.equal(normalizeList(parse(respireList)), normalizeList(parse(redisList)));
  }));

Deno.test("compat: CLIENT REPLY OFF, ON and SKIP", () =>
  compat(async (t) => {
    await samePipeline(t, [["CLIENT", "REPLY", "OFF"], ["PING"], ["SET", "k", "v"]]);
    await t.same("GET", "k");
    await samePipeline(t, [["CLIENT", "REPLY", "OFF"], ["NOSUCH"], ["GET"], ["CLIENT", "NOSUCH"]]);
    await samePipeline(t, [["CLIENT", "REPLY", "SKIP"], ["PING"], ["ECHO", "after"]]);
    await samePipeline(t, [["CLIENT", "REPLY", "SKIP"], ["NOSUCH"], ["ECHO", "after"]]);
    await samePipeline(t, [["CLIENT", "REPLY", "SKIP"], ["CLIENT", "REPLY", "SKIP"], ["PING"], [
      "ECHO",
      "third",
    ]]);
    await samePipeline(t, [["CLIENT", "REPLY", "SKIP"], ["CLIENT", "REPLY", "ON"], ["PING"]]);
    await samePipeline(t, [["CLIENT", "REPLY", "SKIP"], ["CLIENT", "REPLY", "OFF"], ["PING"]]);
    await samePipeline(t, [["CLIENT", "REPLY", "SKIP"], ["CLIENT", "REPLY", "bad"], ["PING"]]);
    await samePipeline(t, [["CLIENT", "REPLY", "SKIP"], ["RESET"], ["PING"]]);
    await samePipeline(t, [["CLIENT", "REPLY", "OFF"], ["CLIENT", "REPLY", "SKIP"], ["PING"]]);
    await samePipeline(t, [["CLIENT", "REPLY", "OFF"], ["CLIENT", "REPLY", "bad"], ["PING"]]);
    await samePipeline(t, [["CLIENT", "REPLY", "OFF"], ["RESET"], ["PING"]]);
    await samePipeline(t, [["CLIENT", "REPLY", "OFF"], ["CLIENT", "REPLY", "ON"], ["PING"]]);
    await samePipeline(t, [["CLIENT", "REPLY", "ON"], ["CLIENT", "REPLY", "OFF"]]);
    await samePipeline(t, [["CLIENT", "REPLY"], ["CLIENT", "REPLY", "SKIP", "x"]]);
  }));

type Scenario = (
  open: () => Promise<RawClient>,
  note: (label: string, value: string) => void,
  log: (line: string) => void,
) => Promise<void>;

/**
 * Runs a scenario that needs several connections against a fresh redis-server and a fresh
 * respire, in RESP2 and in RESP3, and asserts both produce the same transcript.
 */
async function sameScenario(scenario: Scenario): Promise<void> {
  await using redis = await startRedis();
  await using respire = await startRespire();
  for (const proto of [2, 3]) {
    const transcripts: string[][] = [];
    for (const port of [redis.port, respire.port]) {
      const conns: RawClient[] = [];
      const labels = new Map<string, string>();
      const lines: string[] = [];
      const open = async () => {
        const c = await RawClient.connect(port);
        conns.push(c);
        if (proto === 3) await c.call("HELLO", "3");
        return c;
      };
      const note = (label: string, value: string) => labels.set(value, label);
      const log = (raw: string) => {
        const reply = parse(raw);
        let text = normalizeList(reply, labels);
        for (const [value, label] of labels) text = text.replaceAll(value, label);
        lines.push(text);
      };
      try {
        await scenario(open, note, log);
      } finally {
        for (const c of conns) c.close();
      }
      transcripts.push(lines);
    }
    assert.deepEqual(transcripts[1], transcripts[0], `[RESP${proto}] transcripts differ`);
  }
}

/** The id and address of a connection, from CLIENT INFO. */
async function identity(c: RawClient): Promise<{ id: string; addr: string; laddr: string }> {
  const info = parse(await c.call("CLIENT", "INFO"));
  assert.ok(info.type === "bulk" || info.type === "verbatim");
  const field = (k: string) => info.value.match(new RegExp(`(?:^| )${k}=(\\S*)`))![1];
  return { id: field("id"), addr: field("addr"), laddr: field("laddr") };
}

Deno.test("compat: CLIENT LIST and KILL across connections", () =>
  sameScenario(async (open, note, log) => {
    const a = await open();
    const b = await open();
    const c = await open();
    const ia = await identity(a);
    const ib = await identity(b);
    const ic = await identity(c);
    for (const [name, i] of [["A", ia], ["B", ib], ["C", ic]] as const) {
      note(`<id ${name}>`, `id=${i.id}`);
      note(`<addr ${name}>`, `addr=${i.addr}`);
    }
    note("<laddr>", `laddr=${ia.laddr}`);
    await b.call("CLIENT", "SETNAME", "bee");
    await b.call("SELECT", "2");
    log(await a.call("CLIENT", "LIST"));
    log(await a.call("CLIENT", "LIST", "ID", ic.id, ib.id));
    log(await a.call("CLIENT", "KILL", "ID", ib.id, "TYPE", "pubsub"));
    log(await a.call("CLIENT", "KILL", "ID", ib.id, "USER", "default"));
    assert.ok(await b.waitClosed());
    log(await a.call("CLIENT", "LIST"));
    log(await a.call("CLIENT", "KILL", ic.addr));
    assert.ok(await c.waitClosed());
    log(await a.call("CLIENT", "KILL", ic.addr));
    const d = await open();
    const e = await open();
    const id = await identity(d);
    note(`<id D>`, `id=${id.id}`);
    note(`<addr D>`, `addr=${id.addr}`);
    const ie = await identity(e);
    note(`<id E>`, `id=${ie.id}`);
    note(`<addr E>`, `addr=${ie.addr}`);
    log(await a.call("CLIENT", "KILL", "ADDR", id.addr, "SKIPME", "no"));
    assert.ok(await d.waitClosed());
    // every connection arrives on the same local address; SKIPME spares the caller
    log(await a.call("CLIENT", "KILL", "LADDR", ia.laddr));
    assert.ok(await e.waitClosed());
    log(await a.call("CLIENT", "LIST"));
    log(await a.call("CLIENT", "KILL", "TYPE", "normal"));
    log(await a.call("PING"));
  }));

Deno.test("compat: CLIENT KILL of the caller answers, then closes", () =>
  sameScenario(async (open, note, log) => {
    const a = await open();
    const b = await open();
    const ia = await identity(a);
    note("<id A>", `id=${ia.id}`);
    log(await a.call("CLIENT", "KILL", "ID", ia.id));
    log(await a.call("CLIENT", "KILL", "ID", ia.id, "SKIPME", "no"));
    assert.ok(await a.waitClosed());
    const ib = await identity(b);
    log(await b.call("CLIENT", "KILL", ib.addr));
    assert.ok(await b.waitClosed());
    const c = await open();
    log(await c.call("CLIENT", "KILL", "USER", "default", "SKIPME", "NO"));
    assert.ok(await c.waitClosed());
  }));

Deno.test("compat: CLIENT option keywords end at a NUL byte, numbers do not", () =>
  compat(async (t) => {
    for (
      const cmd of [
        ["CLIENT", "KILL", "type\0", "pubsub\0x"],
        ["CLIENT", "KILL", "TYPE", "pubsub", "SKIPME", "yes\0"],
        ["CLIENT", "KILL", "TYPE", "pubsub", "SKIPME", "maybe"],
        ["CLIENT", "KILL", "TYPE", "bogus\0x"],
        ["CLIENT", "KILL", "ID", "99999", "skipme\0", "no"],
        ["CLIENT", "KILL", "ID", "1\0"],
        ["CLIENT", "KILL", "I\0D", "1"],
        ["CLIENT", "LIST", "TYPE", "pubsub\0"],
        ["CLIENT", "LIST", "type\0", "PUBSUB"],
        ["CLIENT", "NO-EVICT", "on\0"],
        ["CLIENT", "NO-EVICT", "off\0x"],
        ["CLIENT", "NO-EVICT", "o\0ff"],
        ["CLIENT", "TRACKING", "on\0", "bcast\0"],
        ["CLIENT", "TRACKING", "off\0"],
        ["CLIENT", "UNBLOCK", "1", "timeout\0"],
        ["CLIENT", "UNBLOCK", "1", "error\0x"],
        ["HELLO", "2", "bogus\0x"],
        ["HELLO", "2", "SETNAME"],
      ]
    ) {
      await t.same(...cmd);
    }
    await t.sameShape("HELLO", "2", "setname\0", "nul-name");
    await t.same("CLIENT", "GETNAME");
  }));
