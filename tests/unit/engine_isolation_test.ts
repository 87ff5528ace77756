/**
 * Two engines in one process share nothing: command statistics, configuration, clients,
 * keyspaces and metrics belong to each engine instance (no module-level state holds them).
 * No socket is involved: commands run through dispatch on socket-less clients.
 */
import assert from "node:assert/strict";
import { Config } from "../../src/config/config.ts";
import { Client } from "../../src/engine/client.ts";
import { execute } from "../../src/engine/dispatch.ts";
import { Engine } from "../../src/engine/engine.ts";

function engineWithClient(): { engine: Engine; run: (...args: string[]) => string } {
  const engine = new Engine({ config: new Config() });
  const c = new Client(engine, "127.0.0.1:1", "127.0.0.1:6379", 9);
  engine.addClient(c);
  const run = (...args: string[]): string => {
    assert.equal(execute(c, args), undefined);
    const reply = String.fromCharCode(...c.w.bytes());
    c.w.reset();
    return reply;
  };
  return { engine, run };
}

function info(run: (...args: string[]) => string, section: string): Map<string, string> {
  const text = run("INFO", section);
  const body = text.slice(text.indexOf("\r\n") + 2);
  const fields = new Map<string, string>();
  for (const line of body.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

Deno.test("engine isolation: two engines in one process count, configure and store apart", () => {
  const one = engineWithClient();
  const two = engineWithClient();
  one.run("SET", "k", "v");
  one.run("SET", "k", "w");
  one.run("GET", "k");
  two.run("GET", "k");
  one.run("CONFIG", "SET", "hz", "50");
  one.run("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");

  const stats1 = info(one.run, "commandstats");
  const stats2 = info(two.run, "commandstats");
  assert.match(stats1.get("cmdstat_set") ?? "", /^calls=2,/);
  assert.match(stats1.get("cmdstat_get") ?? "", /^calls=1,/);
  assert.equal(stats2.get("cmdstat_set"), undefined);
  assert.match(stats2.get("cmdstat_get") ?? "", /^calls=1,/);

  assert.equal(one.engine.config.get("hz"), "50");
  assert.equal(two.engine.config.get("hz"), "10");
  assert.equal(one.engine.lfuEnabled, true);
  assert.equal(two.engine.lfuEnabled, false);
  assert.equal(one.run("GET", "k"), "$1\r\nw\r\n");
  assert.equal(two.run("GET", "k"), "$-1\r\n");
  assert.equal(one.engine.clients.size, 1);
  assert.equal(two.engine.clients.size, 1);
  assert.notEqual(one.engine.runId, two.engine.runId);
  assert.notEqual(one.engine.metrics, two.engine.metrics);

  // CONFIG RESETSTAT clears one engine's counters only
  one.run("CONFIG", "RESETSTAT");
  assert.equal(info(one.run, "commandstats").get("cmdstat_set"), undefined);
  assert.match(info(two.run, "commandstats").get("cmdstat_get") ?? "", /^calls=/);
});
