/**
 * LATENCY against redis-server 7.0: the subcommands' replies and errors with the monitor off
 * and on, events recorded for slow commands (DEBUG SLEEP), the DOCTOR report and the GRAPH
 * drawing, and HISTOGRAM's shape. Sample times and measured milliseconds differ between the
 * servers and are masked before comparing.
 */
import assert from "node:assert/strict";
import { decodeReply, type Reply } from "../../src/resp/reply_decoder.ts";
import { compat, type Pair } from "../helpers/compat.ts";

function parse(raw: string): Reply {
  const r = decodeReply(Uint8Array.from(raw, (ch) => ch.charCodeAt(0)));
  if (r === null) throw new Error(`incomplete reply ${JSON.stringify(raw)}`);
  return r[0];
}

/** Numbers in replies and report texts, which depend on timing, become "N". */
function masked(raw: string): string {
  return raw.replace(/:\d+\r\n/g, ":N\r\n").replace(/\d+(\.\d+)?(ms| ms| sec|s\n)/g, "N$2")
    .replace(/^([=$])\d+\r\n/, "$1LEN\r\n");
}

async function sameMasked(t: Pair, ...args: string[]): Promise<string> {
  const [a, b] = await t.both(...args);
  assert.equal(masked(b), masked(a), `${args.join(" ")} differs\n${a}\n${b}`);
  return a;
}

Deno.test("compat: LATENCY with the monitor off", () =>
  compat(async (t) => {
    await t.same("LATENCY", "LATEST");
    await t.same("LATENCY", "DOCTOR");
    await t.same("LATENCY", "HISTORY", "command");
    await t.same("LATENCY", "RESET");
    await t.same("LATENCY", "RESET", "command", "other");
    await t.same("LATENCY", "GRAPH", "command");
    await t.same("LATENCY", "HELP");
    await t.same("LATENCY");
    await t.same("LATENCY", "NOSUCH");
    await t.same("LATENCY", "HISTORY");
    await t.same("LATENCY", "LATEST", "x");
    await t.same("LATENCY", "GRAPH");
    await t.same("LATENCY", "HISTOGRAM", "nosuchcommand");
    await t.same("LATENCY", "HELP", "x");
    // DEBUG SLEEP is slow but nothing is recorded while the threshold is 0
    await t.same("DEBUG", "SLEEP", "0.01");
    await t.same("LATENCY", "LATEST");
  }));

Deno.test("compat: LATENCY events, DOCTOR and GRAPH for slow commands", () =>
  compat(async (t) => {
    await t.same("CONFIG", "SET", "latency-monitor-threshold", "5");
    await t.same("LATENCY", "DOCTOR");
    // events are kept per second: start just after a second boundary, so both slow commands
    // land in the same second on both servers (otherwise HISTORY has 1 or 2 entries by chance)
    await new Promise((r) => setTimeout(r, 1020 - (Date.now() % 1000)));
    await t.same("DEBUG", "SLEEP", "0.02");
    await t.same("DEBUG", "SLEEP", "0.03");
    const latest = parse(await sameMasked(t, "LATENCY", "LATEST"));
    assert.ok("items" in latest && latest.items.length === 1);
    await sameMasked(t, "LATENCY", "HISTORY", "command");
    await sameMasked(t, "LATENCY", "GRAPH", "command");
    await sameMasked(t, "LATENCY", "DOCTOR");
    // the advice depends on the slow log configuration
    await t.same("CONFIG", "SET", "slowlog-log-slower-than", "-1");
    await sameMasked(t, "LATENCY", "DOCTOR");
    await t.same("CONFIG", "SET", "slowlog-log-slower-than", "1000");
    await sameMasked(t, "LATENCY", "DOCTOR");
    await t.same("CONFIG", "SET", "slowlog-log-slower-than", "10000");
    // with the monitor off again, recorded events still make a report
    await t.same("CONFIG", "SET", "latency-monitor-threshold", "0");
    await sameMasked(t, "LATENCY", "DOCTOR");
    await t.same("LATENCY", "RESET", "nosuch");
    await t.same("LATENCY", "RESET", "command", "command");
    await t.same("LATENCY", "LATEST");
    await t.same("LATENCY", "DOCTOR");
  }));

Deno.test("compat: LATENCY HISTOGRAM shape", () =>
  compat(async (t) => {
    await t.same("CONFIG", "RESETSTAT");
    await t.same("SET", "k", "v");
    await t.same("SET", "k", "v");
    await t.same("GET", "k");
    await t.sameShape("LATENCY", "HISTOGRAM", "set");
    await t.sameShape("LATENCY", "HISTOGRAM", "set", "get", "nosuch", "set");
    await t.sameShape("LATENCY", "HISTOGRAM", "config");
    await t.sameShape("LATENCY", "HISTOGRAM", "CONFIG|RESETSTAT");
    const [a, b] = await t.both("LATENCY", "HISTOGRAM", "set");
    // "calls" counts the same in both; the buckets depend on speed
    assert.equal(b.split("calls")[1].slice(0, 8), a.split("calls")[1].slice(0, 8));
  }));
