/**
 * Connection state over real sockets: authentication, protocol switching, names, databases,
 * CLIENT KILL and CLIENT REPLY, with raw connections and with real client libraries.
 */
import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { createClient } from "redis";
import { decodeReply, type Reply } from "../../src/resp/reply_decoder.ts";
import { encodeCommand, RawClient } from "../helpers/raw_client.ts";
import { startRespire } from "../helpers/servers.ts";

function text(r: Reply): string {
  assert.ok(r.type === "bulk" || r.type === "verbatim" || r.type === "simple", r.type);
  return r.value;
}

/** The CLIENT INFO fields of a connection, by name. */
async function clientInfo(c: RawClient): Promise<Map<string, string>> {
  await c.send("CLIENT", "INFO");
  const line = text((await c.read()).reply).trimEnd();
  return new Map(
    line.split(" ").map((f) => {
      const eq = f.indexOf("=");
      return [f.slice(0, eq), f.slice(eq + 1)];
    }),
  );
}

function pipeline(commands: string[][]): Uint8Array {
  const parts = commands.map(encodeCommand);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

Deno.test("AUTH flow with requirepass", async () => {
  await using server = await startRespire({ requirepass: "s3cret" });
  const c = await RawClient.connect(server.port);
  try {
    assert.equal(await c.call("PING"), "-NOAUTH Authentication required.\r\n");
    assert.equal(await c.call("SELECT", "1"), "-NOAUTH Authentication required.\r\n");
    assert.match(await c.call("HELLO", "3"), /^-NOAUTH HELLO must be called/);
    assert.equal(
      await c.call("AUTH", "nope"),
      "-WRONGPASS invalid username-password pair or user is disabled.\r\n",
    );
    assert.equal(await c.call("AUTH", "s3cret"), "+OK\r\n");
    assert.equal(await c.call("PING"), "+PONG\r\n");
    assert.equal(await c.call("RESET"), "+RESET\r\n");
    assert.equal(await c.call("PING"), "-NOAUTH Authentication required.\r\n");
    const hello = await (async () => {
      await c.send("HELLO", "3", "AUTH", "default", "s3cret", "SETNAME", "authed");
      return (await c.read()).reply;
    })();
    assert.equal(hello.type, "map");
    const info = await clientInfo(c);
    assert.equal(info.get("name"), "authed");
    assert.equal(info.get("resp"), "3");
    assert.equal(info.get("user"), "default");
    assert.equal(await c.call("QUIT"), "+OK\r\n");
    assert.ok(await c.waitClosed());
  } finally {
    c.close();
  }
  // before AUTH, a big multibulk header is a protocol error that closes the connection
  const early = await RawClient.connect(server.port);
  try {
    await early.sendRaw("*100\r\n");
    assert.equal(
      (await early.read()).raw,
      "-ERR Protocol error: unauthenticated multibulk length\r\n",
    );
    assert.ok(await early.waitClosed());
  } finally {
    early.close();
  }
});

Deno.test("HELLO 3 reply, and the protocol it selects", async () => {
  await using server = await startRespire();
  const c = await RawClient.connect(server.port);
  try {
    const id = await c.call("CLIENT", "ID");
    await c.send("HELLO", "3");
    const { raw, reply } = await c.read();
    assert.ok(raw.startsWith("%7\r\n"));
    assert.equal(reply.type, "map");
    const fields = new Map<string, Reply>();
    const items = (reply as { items: Reply[] }).items;
    for (let i = 0; i < items.length; i += 2) fields.set(text(items[i]), items[i + 1]);
    assert.deepEqual([...fields.keys()], [
      "server",
      "version",
      "proto",
      "id",
      "mode",
      "role",
      "modules",
    ]);
    assert.equal(text(fields.get("server")!), "redis");
    assert.equal(text(fields.get("version")!), "7.0.15");
    assert.deepEqual(fields.get("proto"), { type: "int", value: 3n });
    assert.equal(`:${(fields.get("id") as { value: bigint }).value}\r\n`, id);
    assert.equal(text(fields.get("mode")!), "standalone");
    assert.equal(text(fields.get("role")!), "master");
    assert.deepEqual(fields.get("modules"), { type: "array", items: [] });
    assert.equal(await c.call("CLIENT", "GETNAME"), "_\r\n");
    assert.match(await c.call("CLIENT", "INFO"), /^=\d+\r\ntxt:id=/);
    await c.send("HELLO", "2");
    assert.ok((await c.read()).raw.startsWith("*14\r\n"));
    assert.equal(await c.call("CLIENT", "GETNAME"), "$-1\r\n");
  } finally {
    c.close();
  }
});

Deno.test("SELECT keeps each connection in its own database", async () => {
  await using server = await startRespire();
  const a = await RawClient.connect(server.port);
  const b = await RawClient.connect(server.port);
  try {
    assert.equal(await a.call("SELECT", "1"), "+OK\r\n");
    assert.equal(await a.call("SET", "k", "in-1"), "+OK\r\n");
    assert.equal(await b.call("GET", "k"), "$-1\r\n");
    assert.equal(await b.call("SET", "k", "in-0"), "+OK\r\n");
    assert.equal(await a.call("GET", "k"), "$4\r\nin-1\r\n");
    assert.equal((await clientInfo(a)).get("db"), "1");
    assert.equal((await clientInfo(b)).get("db"), "0");
    assert.equal(await a.call("SELECT", "16"), "-ERR DB index is out of range\r\n");
    assert.equal(await a.call("GET", "k"), "$4\r\nin-1\r\n");
  } finally {
    a.close();
    b.close();
  }
});

Deno.test("CLIENT KILL closes another connection at once", async () => {
  await using server = await startRespire();
  const killer = await RawClient.connect(server.port);
  const victim = await RawClient.connect(server.port);
  try {
    assert.equal(await victim.call("CLIENT", "SETNAME", "victim"), "+OK\r\n");
    const id = (await victim.call("CLIENT", "ID")).slice(1, -2);
    // the killed connection is gone from the very next command's point of view
    await killer.sendRaw(pipeline([["CLIENT", "KILL", "ID", id], ["CLIENT", "LIST"]]));
    assert.equal((await killer.read()).raw, ":1\r\n");
    assert.ok(!text((await killer.read()).reply).includes("name=victim"));
    assert.ok(await victim.waitClosed());
    assert.equal(await killer.call("CLIENT", "KILL", "ID", id), ":0\r\n");
  } finally {
    killer.close();
    victim.close();
  }
});

Deno.test("QUIT answers, then closes without running what follows", async () => {
  await using server = await startRespire();
  const c = await RawClient.connect(server.port);
  const other = await RawClient.connect(server.port);
  try {
    await c.sendRaw(pipeline([["SET", "before", "1"], ["QUIT"], ["SET", "after", "1"]]));
    assert.equal((await c.read()).raw, "+OK\r\n");
    assert.equal((await c.read()).raw, "+OK\r\n");
    assert.ok(await c.waitClosed());
    assert.equal(await other.call("GET", "before"), "$1\r\n1\r\n");
    assert.equal(await other.call("GET", "after"), "$-1\r\n");
  } finally {
    c.close();
    other.close();
  }
});

Deno.test("CLIENT REPLY OFF and SKIP over a pipeline", async () => {
  await using server = await startRespire();
  const c = await RawClient.connect(server.port);
  try {
    await c.sendRaw(pipeline([
      ["CLIENT", "REPLY", "OFF"],
      ["SET", "k", "1"],
      ["SET", "k", "2"],
      ["CLIENT", "REPLY", "ON"],
      ["CLIENT", "REPLY", "SKIP"],
      ["GET", "k"],
      ["ECHO", "last"],
    ]));
    assert.equal((await c.read()).raw, "+OK\r\n");
    assert.equal((await c.read()).raw, "$4\r\nlast\r\n");
    assert.equal(await c.call("GET", "k"), "$1\r\n2\r\n");
  } finally {
    c.close();
  }
});

Deno.test("CLIENT SETINFO (Redis 7.2) records the library in CLIENT LIST", async () => {
  await using server = await startRespire();
  const c = await RawClient.connect(server.port);
  try {
    assert.equal(
      await c.call("CLIENT", "SETINFO", "LIB-NAME"),
      "-ERR wrong number of arguments for 'client|setinfo' command\r\n",
    );
    assert.equal(
      await c.call("CLIENT", "SETINFO", "lib-color", "red"),
      "-ERR Unrecognized option 'lib-color'\r\n",
    );
    assert.equal(
      await c.call("CLIENT", "SETINFO", "lib-Name", "has space"),
      "-ERR lib-Name cannot contain spaces, newlines or special characters.\r\n",
    );
    let info = await clientInfo(c);
    assert.ok(!info.has("lib-name"), "a 7.0 CLIENT LIST line until a library announces itself");
    assert.equal(await c.call("CLIENT", "SETINFO", "LIB-NAME", "mylib"), "+OK\r\n");
    assert.equal(await c.call("CLIENT", "SETINFO", "lib-ver", "1.2.3"), "+OK\r\n");
    info = await clientInfo(c);
    assert.equal(info.get("lib-name"), "mylib");
    assert.equal(info.get("lib-ver"), "1.2.3");
    assert.deepEqual([...info.keys()].slice(-3), ["resp", "lib-name", "lib-ver"]);
    assert.equal(await c.call("CLIENT", "SETINFO", "lib-ver", ""), "+OK\r\n");
    assert.equal((await clientInfo(c)).get("lib-ver"), "");
  } finally {
    c.close();
  }
});

Deno.test("unix socket connections show the socket path and flag U", async () => {
  const dir = await Deno.makeTempDir({ prefix: "respire-conn-" });
  const path = `${dir}/respire.sock`;
  await using server = await startRespire({ unixsocket: path });
  const conn = await Deno.connect({ transport: "unix", path });
  try {
    await conn.write(encodeCommand(["CLIENT", "INFO"]));
    const buf = new Uint8Array(4096);
    let got = new Uint8Array(0);
    let decoded: [Reply, number] | null = null;
    while (decoded === null) {
      const n = await conn.read(buf);
      assert.ok(n !== null);
      got = new Uint8Array([...got, ...buf.subarray(0, n)]);
      decoded = decodeReply(got);
    }
    const line = text(decoded[0]);
    assert.match(line, new RegExp(`addr=${path}:0 laddr=${path}:0 `));
    assert.match(line, / flags=U /);
  } finally {
    conn.close();
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("node-redis and ioredis: password, name, database and protocol on connect", async () => {
  await using server = await startRespire({ requirepass: "pw" });
  const node = createClient({
    url: `redis://127.0.0.1:${server.port}`,
    password: "pw",
    name: "node-conn",
    RESP: 3,
    database: 3,
  });
  node.on("error", () => {});
  const io = new Redis({
    port: server.port,
    host: "127.0.0.1",
    password: "pw",
    db: 5,
    connectionName: "io-conn",
    enableReadyCheck: false,
    lazyConnect: true,
  });
  try {
    await node.connect();
    await io.connect();
    assert.equal(await node.clientGetName(), "node-conn");
    assert.equal(await io.client("GETNAME"), "io-conn");
    const nodeInfo = String(await node.sendCommand(["CLIENT", "INFO"]));
    assert.match(nodeInfo, / name=node-conn /);
    assert.match(nodeInfo, / db=3 /);
    assert.match(nodeInfo, / resp=3/);
    assert.match(nodeInfo, / lib-name=node-redis/);
    const ioInfo = String(await io.client("INFO"));
    assert.match(ioInfo, / name=io-conn /);
    assert.match(ioInfo, / db=5 /);
    assert.match(ioInfo, / resp=2/);
    const list = String(await io.client("LIST"));
    assert.match(list, /name=node-conn/);
    const nodeId = await node.clientId();
    assert.equal(await io.client("KILL", "ID", String(nodeId)), 1);
  } finally {
    try {
      await node.disconnect();
    } catch { /* killed above */ }
    io.disconnect();
  }
});

Deno.test("CLIENT NO-TOUCH (Redis 7.2) leaves LFU counters alone", async () => {
  await using server = await startRespire({ config: { "maxmemory-policy": "allkeys-lfu" } });
  const c = await RawClient.connect(server.port);
  try {
    assert.equal(await c.call("CLIENT", "NO-TOUCH", "maybe"), "-ERR syntax error\r\n");
    assert.equal(await c.call("SET", "k", "v"), "+OK\r\n");
    const freq = async () => Number((await c.call("OBJECT", "FREQ", "k")).slice(1, -2));
    const before = await freq();
    assert.equal(await c.call("CLIENT", "NO-TOUCH", "ON"), "+OK\r\n");
    assert.match(await c.call("CLIENT", "INFO"), / flags=T /);
    for (let i = 0; i < 200; i++) await c.call("GET", "k");
    assert.equal(await freq(), before);
    assert.equal(await c.call("CLIENT", "NO-TOUCH", "off"), "+OK\r\n");
    for (let i = 0; i < 200; i++) await c.call("GET", "k");
    assert.ok(await freq() > before);
    assert.equal(await c.call("CLIENT", "NO-TOUCH", "on"), "+OK\r\n");
    assert.equal(await c.call("RESET"), "+RESET\r\n");
    assert.match(await c.call("CLIENT", "INFO"), / flags=N /);
  } finally {
    c.close();
  }
});
