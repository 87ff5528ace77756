/**
 * Runtime effects of the server commands on an embedded server: CONFIG SET bind/port move
 * the listeners, DEBUG SLEEP stops everyone, INFO reflects live activity.
 */
import assert from "node:assert/strict";
import { RawClient } from "../helpers/raw_client.ts";
import { freePort, startRespire } from "../helpers/servers.ts";

function infoField(raw: string, name: string): string | null {
  const m = new RegExp(`\r\n${name}:([^\r]*)`).exec(raw);
  return m ? m[1] : null;
}

Deno.test("config: CONFIG SET port and bind move the listener, keeping connections", async () => {
  await using s = await startRespire();
  const c = await RawClient.connect(s.port);
  try {
    const next = freePort();
    assert.equal(await c.call("CONFIG", "SET", "port", String(next)), "+OK\r\n");
    // the connection that asked stays, new ones go to the new port
    assert.equal(await c.call("PING"), "+PONG\r\n");
    const moved = await RawClient.connect(next);
    assert.equal(await moved.call("PING"), "+PONG\r\n");
    moved.close();
    assert.equal(s.server.port, next);
    const info = await c.call("INFO", "server");
    assert.equal(infoField(info, "tcp_port"), String(next));

    // an address that cannot be bound leaves everything as it was
    assert.equal(
      await c.call("CONFIG", "SET", "bind", "10.255.255.1"),
      "-ERR CONFIG SET failed (possibly related to argument 'bind') - " +
        "Failed to bind to specified addresses.\r\n",
    );
    assert.equal(await c.call("CONFIG", "GET", "bind"), "*2\r\n$4\r\nbind\r\n$9\r\n127.0.0.1\r\n");
    const again = await RawClient.connect(next);
    assert.equal(await again.call("PING"), "+PONG\r\n");
    again.close();

    // a port in use is refused the same way, and nothing moves
    const blocker = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const busy = (blocker.addr as Deno.NetAddr).port;
    assert.equal(
      await c.call("CONFIG", "SET", "port", String(busy)),
      "-ERR CONFIG SET failed (possibly related to argument 'port') - " +
        "Unable to listen on this port. Check server logs.\r\n",
    );
    blocker.close();
    assert.equal(s.server.port, next);

    // both at once, including an optional address that may fail alone
    const third = freePort();
    assert.equal(
      await c.call("CONFIG", "SET", "bind", "127.0.0.1 -10.255.255.1", "port", String(third)),
      "+OK\r\n",
    );
    const last = await RawClient.connect(third);
    assert.equal(await last.call("PING"), "+PONG\r\n");
    last.close();
  } finally {
    c.close();
  }
});

Deno.test("config: INFO reports live clients, rates, latency and the keyspace", async () => {
  await using s = await startRespire();
  const a = await RawClient.connect(s.port);
  const b = await RawClient.connect(s.port);
  try {
    let info = await a.call("INFO");
    assert.equal(infoField(info, "connected_clients"), "2");
    assert.equal(infoField(info, "redis_version"), "7.0.15");
    assert.ok(infoField(info, "respire_version"));
    assert.ok(Number(infoField(info, "used_memory")) > 0);
    // a burst of commands shows up in the sampled rate
    const deadline = Date.now() + 600;
    let n = 0;
    while (Date.now() < deadline) {
      await b.call("SET", `k${n % 50}`, "v");
      n++;
    }
    info = await a.call("INFO", "stats", "keyspace", "latencystats");
    assert.ok(Number(infoField(info, "instantaneous_ops_per_sec")) > 0, info);
    assert.ok(Number(infoField(info, "total_commands_processed")) >= n);
    assert.ok(Number(infoField(info, "instantaneous_input_kbps")) > 0);
    assert.equal(infoField(info, "db0"), "keys=50,expires=0,avg_ttl=0");
    assert.match(
      infoField(info, "latency_percentiles_usec_set")!,
      /^p50=\d+\.\d{3},p99=\d+\.\d{3},p99\.9=\d+\.\d{3}$/,
    );
    // latency tracking off: no new histograms
    assert.equal(await a.call("CONFIG", "SET", "latency-tracking", "no"), "+OK\r\n");
    assert.equal(await a.call("CONFIG", "RESETSTAT"), "+OK\r\n");
    await b.call("GET", "k1");
    info = await a.call("INFO", "latencystats", "commandstats");
    assert.equal(infoField(info, "latency_percentiles_usec_get"), null);
    assert.ok(infoField(info, "cmdstat_get")!.startsWith("calls=1,"));
  } finally {
    a.close();
    b.close();
  }
});

Deno.test("config: CONFIG SET hz and maxclients take effect", async () => {
  await using s = await startRespire();
  const c = await RawClient.connect(s.port);
  try {
    assert.equal(await c.call("CONFIG", "SET", "hz", "100"), "+OK\r\n");
    assert.equal(infoField(await c.call("INFO", "server"), "configured_hz"), "100");
    assert.equal(await c.call("CONFIG", "SET", "maxclients", "1"), "+OK\r\n");
    const refused = await RawClient.connect(s.port);
    assert.equal((await refused.read()).raw, "-ERR max number of clients reached\r\n");
    refused.close();
    assert.equal(await c.call("CONFIG", "SET", "maxclients", "10000"), "+OK\r\n");
  } finally {
    c.close();
  }
});

Deno.test("config: CONFIG REWRITE writes the embedded server's file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "respire-config-" });
  await using s = await startRespire();
  const c = await RawClient.connect(s.port);
  try {
    assert.equal(
      await c.call("CONFIG", "REWRITE"),
      "-ERR The server is running without a config file\r\n",
    );
    const file = `${dir}/r.conf`;
    await Deno.writeTextFile(file, "# kept\nunknown-directive 1\ntimeout 5\n");
    s.server.engine.config.file = file;
    s.server.engine.config.fileAbsolute = file;
    assert.equal(await c.call("CONFIG", "SET", "timeout", "7", "hz", "12"), "+OK\r\n");
    assert.equal(await c.call("CONFIG", "REWRITE"), "+OK\r\n");
    const text = await Deno.readTextFile(file);
    assert.ok(text.startsWith("# kept\n# ??? unknown-directive 1\ntimeout 7\n"), text);
    assert.ok(text.includes("\n# Generated by CONFIG REWRITE\n"));
    assert.ok(text.includes("\nhz 12\n"));
    // a file that cannot be written reports the system's reason
    s.server.engine.config.fileAbsolute = `${dir}/missing/r.conf`;
    assert.equal(
      await c.call("CONFIG", "REWRITE"),
      "-ERR Rewriting config file: No such file or directory\r\n",
    );
  } finally {
    c.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("config: SHUTDOWN of an embedded server closes it and calls back", async () => {
  let shutDown = false;
  const { Config } = await import("../../src/config/config.ts");
  const { Server } = await import("../../src/server/server.ts");
  const config = new Config();
  config.set("port", "0", true);
  config.set("save", "", true);
  const server = new Server({ config, onShutdown: () => (shutDown = true) });
  await server.listen();
  try {
    const c = await RawClient.connect(server.port);
    await c.send("SHUTDOWN");
    assert.ok(await c.waitClosed());
    c.close();
    for (let i = 0; i < 100 && !shutDown; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(shutDown);
    assert.ok(server.isClosing);
  } finally {
    await server.close();
  }
});

Deno.test("config: INFO counts blocked clients and those waiting with a timeout", async () => {
  await using s = await startRespire();
  const a = await RawClient.connect(s.port);
  const b = await RawClient.connect(s.port);
  const c = await RawClient.connect(s.port);
  try {
    await b.send("BLPOP", "nolist", "0");
    await c.send("BLPOP", "nolist", "30");
    await new Promise((r) => setTimeout(r, 50));
    const info = await a.call("INFO", "clients");
    assert.equal(infoField(info, "connected_clients"), "3");
    assert.equal(infoField(info, "blocked_clients"), "2");
    assert.equal(infoField(info, "clients_in_timeout_table"), "1");
  } finally {
    a.close();
    b.close();
    c.close();
  }
});

Deno.test("config: INFO counts Pub/Sub channels and patterns", async () => {
  await using s = await startRespire();
  const a = await RawClient.connect(s.port);
  const b = await RawClient.connect(s.port);
  try {
    await b.send("SUBSCRIBE", "c1", "c2");
    await b.read();
    await b.read();
    await b.send("PSUBSCRIBE", "p*");
    await b.read();
    const info = await a.call("INFO", "stats");
    assert.equal(infoField(info, "pubsub_channels"), "2");
    assert.equal(infoField(info, "pubsub_patterns"), "1");
    assert.equal(infoField(info, "pubsubshard_channels"), "0");
  } finally {
    a.close();
    b.close();
  }
});
