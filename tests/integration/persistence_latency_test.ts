/**
 * Latency of concurrent clients while respire writes a snapshot of 1,000,000 keys: a baseline
 * with no save, then during BGSAVE (sliced, non-blocking), then during SAVE (blocking, for
 * contrast). Prints the figures docs/persistence.md reports. It takes about a minute and
 * needs a quiet machine to mean much, so it runs only when asked:
 *
 *   RESPIRE_LATENCY=1 deno test -A tests/integration/persistence_latency_test.ts
 */
import assert from "node:assert/strict";
import { RawClient } from "../helpers/raw_client.ts";
import { q, redisIn, respireIn, tempDir, text } from "./persistence_helpers.ts";

const KEYS = 1_000_000;
const CLIENTS = 4;

interface Stats {
  requests: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
}

function summarize(samples: number[]): Stats {
  const s = samples.slice().sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { requests: s.length, p50: at(0.5), p99: at(0.99), p999: at(0.999), max: s[s.length - 1] };
}

/** CLIENTS clients doing GET/SET round trips until `until` resolves; latencies in ms. */
async function load(port: number, until: Promise<unknown>): Promise<number[]> {
  let stop = false;
  until.then(() => (stop = true));
  const samples: number[] = [];
  await Promise.all(Array.from({ length: CLIENTS }, async (_, n) => {
    const c = await RawClient.connect(port);
    let i = n;
    while (!stop) {
      const key = `key:${(i * 7919) % KEYS}`;
      const t = performance.now();
      if (i % 4 === 0) await c.call("SET", key, "updated-during-the-test");
      else await c.call("GET", key);
      samples.push(performance.now() - t);
      i += CLIENTS;
    }
    c.close();
  }));
  return samples;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function show(label: string, s: Stats, extra = ""): void {
  console.log(
    `${label.padEnd(10)} requests=${s.requests} p50=${s.p50.toFixed(3)}ms p99=${
      s.p99.toFixed(3)
    }ms p99.9=${s.p999.toFixed(3)}ms max=${s.max.toFixed(1)}ms ${extra}`,
  );
}

async function waitSaveDone(c: RawClient): Promise<void> {
  for (;;) {
    const info = text(await q(c, "INFO", "persistence"));
    if (info.includes("rdb_bgsave_in_progress:0")) return;
    await sleep(50);
  }
}

Deno.test({
  name: "latency: concurrent clients during BGSAVE of 1,000,000 keys",
  ignore: Deno.env.get("RESPIRE_LATENCY") === undefined,
  fn: async () => {
    const dir = tempDir();
    {
      // the dataset: DEBUG POPULATE in redis-server, loaded by respire at startup
      await using redis = await redisIn(dir);
      const c = await RawClient.connect(redis.port);
      await q(c, "DEBUG", "POPULATE", String(KEYS), "key", "32");
      await q(c, "SAVE");
      c.close();
    }
    await using respire = await respireIn(dir);
    const admin = await RawClient.connect(respire.port);
    assert.equal(text(await q(admin, "DBSIZE")), String(KEYS));

    const baseline = summarize(await load(respire.port, sleep(5000)));
    show("baseline", baseline);

    let bgsaveMs = 0;
    const during = summarize(
      await load(
        respire.port,
        (async () => {
          await sleep(200);
          const t = performance.now();
          assert.equal(text(await q(admin, "BGSAVE")), "Background saving started");
          await waitSaveDone(admin);
          bgsaveMs = performance.now() - t;
        })(),
      ),
    );
    show("BGSAVE", during, `(save took ${(bgsaveMs / 1000).toFixed(2)} s)`);

    let saveMs = 0;
    const blocking = summarize(
      await load(
        respire.port,
        (async () => {
          await sleep(200);
          const t = performance.now();
          assert.equal(text(await q(admin, "SAVE")), "OK");
          saveMs = performance.now() - t;
          await sleep(200);
        })(),
      ),
    );
    show("SAVE", blocking, `(save took ${(saveMs / 1000).toFixed(2)} s)`);
    admin.close();
    await respire.close();

    // the same load on redis-server 7.0 (fork-based BGSAVE), for context
    await using redis = await redisIn(dir);
    const radmin = await RawClient.connect(redis.port);
    show("redis", summarize(await load(redis.port, sleep(5000))));
    let redisBgsaveMs = 0;
    const redisDuring = summarize(
      await load(
        redis.port,
        (async () => {
          await sleep(200);
          const t = performance.now();
          assert.equal(text(await q(radmin, "BGSAVE")), "Background saving started");
          await waitSaveDone(radmin);
          redisBgsaveMs = performance.now() - t;
        })(),
      ),
    );
    show("redis BG", redisDuring, `(save took ${(redisBgsaveMs / 1000).toFixed(2)} s)`);
    radmin.close();
    Deno.removeSync(dir, { recursive: true });
  },
});
