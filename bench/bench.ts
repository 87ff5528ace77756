/**
 * Side-by-side benchmark of respire against real redis-server 7.0 on this machine.
 *
 *   deno task bench            full run (3+ interleaved rounds, memory, latency)
 *   deno task bench --quick    about 2 minutes, for development and CI's smoke test
 *
 * Both servers run without persistence on free ports. redis-benchmark runs against each in
 * turn (A, B, B, A, ... so machine noise hits both alike); the table shows median req/s per
 * workload and the ratio respire/Redis. Memory is RSS growth per element after loading the
 * same data into fresh servers. Figures go to stdout and to bench/results/latest.json.
 */
import { parseArgs } from "@std/cli";
import { encodeCommand, RawClient } from "../tests/helpers/raw_client.ts";
import { freePort } from "../tests/helpers/servers.ts";

const { values: opts } = parseArgs({
  args: Deno.args,
  options: {
    quick: { type: "boolean", default: false },
    rounds: { type: "string" },
    out: { type: "string", default: "bench/results/latest.json" },
    // a comma-separated subset of throughput,memory,bgsave
    phases: { type: "string", default: "throughput,memory,bgsave" },
  },
});
const QUICK = opts.quick!;
const ROUNDS = Number(opts.rounds ?? 3);
const TESTS =
  "ping,set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin,lrange_100,lrange_600,mset";

interface Proc {
  name: string;
  port: number;
  child: Deno.ChildProcess;
}

async function waitPort(port: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`nothing listening on ${port}`);
}

async function startRedis(extra: string[] = []): Promise<Proc> {
  const port = freePort();
  const child = new Deno.Command("redis-server", {
    args: [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      ...extra,
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  await waitPort(port);
  return { name: "redis", port, child };
}

/** The V8 flags of `deno task start`, so the benchmark measures the server as users run it. */
function startTaskV8Flags(): string[] {
  const denoJson = JSON.parse(Deno.readTextFileSync(new URL("../deno.json", import.meta.url)));
  return (denoJson.tasks.start as string).split(/\s+/).filter((w) => w.startsWith("--v8-flags="));
}

async function startRespire(extra: string[] = []): Promise<Proc> {
  const port = freePort();
  const main = new URL("../main.ts", import.meta.url).pathname;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      ...startTaskV8Flags(),
      main,
      "--port",
      String(port),
      "--save",
      "",
      "--loglevel",
      "warning",
      ...extra,
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  await waitPort(port);
  return { name: "respire", port, child };
}

async function stop(p: Proc): Promise<void> {
  try {
    p.child.kill("SIGKILL");
  } catch { /* gone */ }
  await p.child.status;
}

interface Row {
  test: string;
  rps: number;
  p50: number;
  p99: number;
}

async function redisBenchmark(port: number, args: string[]): Promise<Row[]> {
  const out = await new Deno.Command("redis-benchmark", {
    args: ["-h", "127.0.0.1", "-p", String(port), "-c", "50", "-r", "100000", "--csv", ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const rows: Row[] = [];
  for (const line of text.split("\n").slice(1)) {
    const cells = line.match(/"([^"]*)"/g)?.map((c) => c.slice(1, -1));
    if (!cells || cells.length < 7) continue;
    rows.push({
      test: cells[0],
      rps: Number(cells[1]),
      p50: Number(cells[4]),
      p99: Number(cells[6]),
    });
  }
  if (rows.length === 0) {
    throw new Error(
      `redis-benchmark printed nothing usable: ${new TextDecoder().decode(out.stderr)}`,
    );
  }
  return rows;
}

interface Workload {
  label: string;
  args: string[];
}

const n = (full: number, quick: number) => String(QUICK ? quick : full);
const WORKLOADS: Workload[] = [
  { label: "", args: ["-t", TESTS, "-d", "16", "-n", n(100_000, 10_000)] },
  { label: " -P16", args: ["-t", TESTS, "-d", "16", "-P", "16", "-n", n(1_000_000, 100_000)] },
  { label: " -d1024", args: ["-t", "set,get", "-d", "1024", "-n", n(100_000, 10_000)] },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function geomean(xs: number[]): number {
  return Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
}

async function throughput() {
  const redis = await startRedis();
  const respire = await startRespire();
  const samples = new Map<string, { redis: Row[]; respire: Row[] }>();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const w of WORKLOADS) {
        const order = round % 2 === 0 ? [redis, respire] : [respire, redis];
        for (const p of order) {
          console.error(`round ${round + 1}/${ROUNDS} ${p.name}${w.label}`);
          for (const row of await redisBenchmark(p.port, w.args)) {
            const key = row.test + w.label;
            const entry = samples.get(key) ?? { redis: [], respire: [] };
            entry[p.name as "redis" | "respire"].push(row);
            samples.set(key, entry);
          }
        }
      }
    }
  } finally {
    await stop(redis);
    await stop(respire);
  }
  return [...samples.entries()].map(([test, s]) => {
    const r = median(s.redis.map((x) => x.rps));
    const o = median(s.respire.map((x) => x.rps));
    return {
      test,
      redis_rps: r,
      respire_rps: o,
      ratio: o / r,
      redis_p50_ms: median(s.redis.map((x) => x.p50)),
      respire_p50_ms: median(s.respire.map((x) => x.p50)),
      redis_p99_ms: median(s.redis.map((x) => x.p99)),
      respire_p99_ms: median(s.respire.map((x) => x.p99)),
    };
  });
}

function rssBytes(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) * 1024 : NaN;
}

/** Sends commands over one connection in pipelined batches and waits for every reply. */
async function load(port: number, commands: Iterable<string[]>): Promise<void> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const buf = new Uint8Array(1 << 20);
  let pending = 0;
  const drain = async (until: number) => {
    // every reply of these load commands is a single line (+OK or :n)
    while (pending > until) {
      const got = await conn.read(buf);
      if (got === null) throw new Error("server closed the connection while loading");
      for (let i = 0; i < got; i++) if (buf[i] === 10) pending--;
    }
  };
  let batch: Uint8Array[] = [];
  let size = 0;
  const flush = async () => {
    const all = new Uint8Array(size);
    let off = 0;
    for (const b of batch) {
      all.set(b, off);
      off += b.length;
    }
    for (let o = 0; o < all.length;) o += await conn.write(all.subarray(o));
    batch = [];
    size = 0;
    await drain(2000);
  };
  for (const cmd of commands) {
    const enc = encodeCommand(cmd);
    batch.push(enc);
    size += enc.length;
    pending++;
    if (batch.length >= 1000) await flush();
  }
  await flush();
  await drain(0);
  conn.close();
}

interface Dataset {
  name: string;
  elements: number;
  commands: () => Iterable<string[]>;
}

const scale = QUICK ? 10 : 1;
const value16 = "v".repeat(16);
const DATASETS: Dataset[] = [
  {
    name: `${1_000_000 / scale} string keys, 16-byte values`,
    elements: 1_000_000 / scale,
    *commands() {
      for (let i = 0; i < 1_000_000 / scale; i++) yield ["SET", `key:${i}`, value16];
    },
  },
  {
    name: `100 sorted sets x ${10_000 / scale} members`,
    elements: 100 * 10_000 / scale,
    *commands() {
      for (let k = 0; k < 100; k++) {
        for (let i = 0; i < 10_000 / scale; i += 100) {
          const args = ["ZADD", `zset:${k}`];
          for (let j = i; j < i + 100; j++) args.push(String(j * 1.5), `member:${j}`);
          yield args;
        }
      }
    },
  },
  {
    name: `100 hashes x ${10_000 / scale} fields`,
    elements: 100 * 10_000 / scale,
    *commands() {
      for (let k = 0; k < 100; k++) {
        for (let i = 0; i < 10_000 / scale; i += 100) {
          const args = ["HSET", `hash:${k}`];
          for (let j = i; j < i + 100; j++) args.push(`field:${j}`, value16);
          yield args;
        }
      }
    },
  },
  {
    name: `100 lists x ${10_000 / scale} elements`,
    elements: 100 * 10_000 / scale,
    *commands() {
      for (let k = 0; k < 100; k++) {
        for (let i = 0; i < 10_000 / scale; i += 100) {
          const args = ["RPUSH", `list:${k}`];
          for (let j = i; j < i + 100; j++) args.push(`${value16}${j}`);
          yield args;
        }
      }
    },
  },
];

async function memory() {
  const results = [];
  for (const ds of DATASETS) {
    const perServer: Record<string, number> = {};
    for (const start of [startRedis, startRespire]) {
      const p = await start();
      try {
        await new Promise((r) => setTimeout(r, 500));
        const before = rssBytes(p.child.pid);
        console.error(`memory: loading ${ds.name} into ${p.name}`);
        await load(p.port, ds.commands());
        await new Promise((r) => setTimeout(r, 1500));
        perServer[p.name] = (rssBytes(p.child.pid) - before) / ds.elements;
      } finally {
        await stop(p);
      }
    }
    results.push({
      dataset: ds.name,
      redis_bytes_per_element: perServer.redis,
      respire_bytes_per_element: perServer.respire,
      ratio: perServer.respire / perServer.redis,
    });
  }
  return results;
}

/**
 * GET latency while the server writes snapshots back to back (BGSAVE again as soon as one
 * finishes), against the same benchmark with no snapshot running. Redis forks; respire
 * serializes in slices inside its own process (docs/persistence.md).
 */
async function bgsaveLatency() {
  const dataset = DATASETS[0];
  const out = [];
  for (const start of [startRedis, startRespire]) {
    const dir = await Deno.makeTempDir({ prefix: "respire-bench-" });
    const p = await start(["--dir", dir]);
    try {
      console.error(`bgsave latency: loading ${dataset.name} into ${p.name}`);
      await load(p.port, dataset.commands());
      const args = ["-t", "get", "-d", "16", "-n", n(200_000, 50_000)];
      const idle = (await redisBenchmark(p.port, args))[0];
      const client = await RawClient.connect(p.port);
      let saving = true;
      let saves = 0;
      const saver = (async () => {
        while (saving) {
          await client.call("BGSAVE");
          saves++;
          while (saving) {
            const info = await client.call("INFO", "persistence");
            if (info.includes("rdb_bgsave_in_progress:0")) break;
            await new Promise((r) => setTimeout(r, 20));
          }
        }
      })();
      const during = (await redisBenchmark(p.port, args))[0];
      saving = false;
      await saver;
      // let the last snapshot finish: Redis's forked child outlives a SIGKILL of its parent
      // and would still be writing into dir while it is removed
      for (;;) {
        const info = await client.call("INFO", "persistence");
        if (info.includes("rdb_bgsave_in_progress:0")) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      client.close();
      out.push({
        server: p.name,
        keys: dataset.elements,
        idle_rps: idle.rps,
        bgsave_rps: during.rps,
        idle_p99_ms: idle.p99,
        bgsave_p99_ms: during.p99,
        snapshots: saves,
      });
    } finally {
      await stop(p);
      await removeDir(dir);
    }
  }
  return out;
}

/** Removes a scratch directory, retrying while a leftover writer (a fork) still adds files. */
async function removeDir(dir: string): Promise<void> {
  for (let attempt = 1;; attempt++) {
    try {
      await Deno.remove(dir, { recursive: true });
      return;
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return;
      if (attempt >= 50) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const fmt = (x: number, digits = 0) =>
  x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

const started = Date.now();
const phases = new Set(opts.phases!.split(","));
const rows = phases.has("throughput") ? await throughput() : [];
const mem = phases.has("memory") ? await memory() : [];
const saves = phases.has("bgsave") ? await bgsaveLatency() : [];

console.log(`\n## Throughput (redis-benchmark -c 50 -r 100000, median of ${ROUNDS} rounds)\n`);
console.log("| workload | Redis req/s | respire req/s | ratio |");
console.log("| --- | ---: | ---: | ---: |");
for (const r of rows) {
  console.log(`| ${r.test} | ${fmt(r.redis_rps)} | ${fmt(r.respire_rps)} | ${fmt(r.ratio, 2)} |`);
}
const plain = rows.filter((r) => !r.test.includes("-P16") && !r.test.includes("-d1024"));
const piped = rows.filter((r) => r.test.includes("-P16"));
const summary = {
  geomean_ratio_no_pipelining: geomean(plain.map((r) => r.ratio)),
  geomean_ratio_pipelined_16: geomean(piped.map((r) => r.ratio)),
};
console.log(
  `\nGeometric mean ratio without pipelining: ${fmt(summary.geomean_ratio_no_pipelining, 2)}`,
);
console.log(`Geometric mean ratio with -P 16: ${fmt(summary.geomean_ratio_pipelined_16, 2)}`);

console.log("\n## Latency under -c 50 (ms)\n");
console.log("| workload | Redis p50 | respire p50 | Redis p99 | respire p99 | p99 ratio |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows.filter((r) => r.test === "SET" || r.test === "GET")) {
  console.log(
    `| ${r.test} | ${fmt(r.redis_p50_ms, 3)} | ${fmt(r.respire_p50_ms, 3)} | ${
      fmt(r.redis_p99_ms, 3)
    } | ` +
      `${fmt(r.respire_p99_ms, 3)} | ${fmt(r.respire_p99_ms / r.redis_p99_ms, 2)} |`,
  );
}

console.log("\n## Memory (RSS growth per element)\n");
console.log("| dataset | Redis bytes | respire bytes | ratio |");
console.log("| --- | ---: | ---: | ---: |");
for (const m of mem) {
  console.log(
    `| ${m.dataset} | ${fmt(m.redis_bytes_per_element, 1)} | ${
      fmt(m.respire_bytes_per_element, 1)
    } | ` +
      `${fmt(m.ratio, 2)} |`,
  );
}

console.log("\n## GET latency during back-to-back BGSAVE (ms, -c 50)\n");
console.log(
  "| server | keys | p99 idle | p99 during BGSAVE | req/s idle | req/s during | snapshots |",
);
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const b of saves) {
  console.log(
    `| ${b.server} | ${fmt(b.keys)} | ${fmt(b.idle_p99_ms, 3)} | ${fmt(b.bgsave_p99_ms, 3)} | ` +
      `${fmt(b.idle_rps)} | ${fmt(b.bgsave_rps)} | ${b.snapshots} |`,
  );
}

const report = {
  when: new Date().toISOString(),
  quick: QUICK,
  rounds: ROUNDS,
  seconds: Math.round((Date.now() - started) / 1000),
  machine: {
    cpus: navigator.hardwareConcurrency,
    os: Deno.build.os,
    arch: Deno.build.arch,
    deno: Deno.version.deno,
  },
  throughput: rows,
  summary,
  memory: mem,
  bgsave_latency: saves,
};
await Deno.mkdir(new URL("./results/", import.meta.url), { recursive: true });
await Deno.writeTextFile(opts.out!, JSON.stringify(report, null, 2) + "\n");
console.log(`\nWrote ${opts.out} (${report.seconds} s)`);
