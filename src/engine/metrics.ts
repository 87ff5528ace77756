/**
 * Measurements INFO reports that need history: instantaneous rates sampled on the server's
 * timer (like Redis, 16 samples taken every 100 ms and averaged), the memory peak, and the
 * per-command latency histograms behind INFO latencystats.
 */
import type { Config } from "../config/config.ts";
import type { Command } from "../commands/registry.ts";
import type { Engine } from "./engine.ts";
import type { Runtime } from "../runtime/runtime.ts";

const SAMPLES = 16;
const SAMPLE_PERIOD_MS = 100;

/** One rate: the average of the last 16 per-second rates computed between samples. */
class InstantaneousMetric {
  private readonly samples = new Float64Array(SAMPLES);
  private idx = 0;
  private lastTime = 0;
  private lastCount = 0;

  sample(now: number, count: number): void {
    const elapsed = now - this.lastTime;
    const delta = count - this.lastCount;
    this.samples[this.idx] = this.lastTime > 0 && elapsed > 0
      ? Math.floor(delta * 1000 / elapsed)
      : 0;
    this.idx = (this.idx + 1) % SAMPLES;
    this.lastTime = now;
    this.lastCount = count;
  }

  /** Per second, averaged over the samples. */
  value(): number {
    let sum = 0;
    for (let i = 0; i < SAMPLES; i++) sum += this.samples[i];
    return sum / SAMPLES;
  }

  reset(): void {
    this.samples.fill(0);
    this.lastTime = 0;
    this.lastCount = 0;
  }
}

/**
 * A latency histogram with two significant digits, like the HdrHistogram Redis uses: 256
 * linear sub-buckets per power of two. Values are nanoseconds; a percentile reads as the
 * highest value that its bucket stands for, as HdrHistogram reports it.
 */
export class LatencyHistogram {
  private counts = new Map<number, number>();
  total = 0;

  private static magnitude(v: number): number {
    return v < 2 ** 31 ? 31 - Math.clz32(v) : Math.floor(Math.log2(v));
  }

  private static slot(ns: number): number {
    const v = Math.max(1, Math.floor(ns));
    const shift = Math.max(0, LatencyHistogram.magnitude(v) - 7);
    // the slot number is the lowest value of the bucket; buckets never overlap
    return Math.floor(v / 2 ** shift) * 2 ** shift;
  }

  private static highestEquivalent(slot: number): number {
    const shift = Math.max(0, LatencyHistogram.magnitude(Math.max(1, slot)) - 7);
    return slot + 2 ** shift - 1;
  }

  record(ns: number): void {
    const s = LatencyHistogram.slot(ns);
    this.counts.set(s, (this.counts.get(s) ?? 0) + 1);
    this.total++;
  }

  /** The value (ns) at a percentile between 0 and 100. */
  valueAt(percentile: number): number {
    if (this.total === 0) return 0;
    const wanted = Math.max(1, Math.floor((Math.min(percentile, 100) / 100) * this.total + 0.5));
    const slots = [...this.counts.keys()].sort((a, b) => a - b);
    let seen = 0;
    for (const s of slots) {
      seen += this.counts.get(s)!;
      if (seen >= wanted) return LatencyHistogram.highestEquivalent(s);
    }
    return LatencyHistogram.highestEquivalent(slots[slots.length - 1]);
  }
}

export class ServerMetrics {
  readonly ops = new InstantaneousMetric();
  readonly netInput = new InstantaneousMetric();
  readonly netOutput = new InstantaneousMetric();
  private lastSample = 0;
  /** Bytes in use when the server started (used_memory_startup). */
  readonly startupMemory: number;
  peakMemory: number;
  readonly latency = new Map<Command, LatencyHistogram>();
  /** latency-tracking, kept here so the per-command path reads a field, not the config. */
  private trackLatency: boolean;

  constructor(config: Config, private readonly runtime: Runtime) {
    this.startupMemory = usedMemory(runtime);
    this.peakMemory = this.startupMemory;
    this.trackLatency = config.latencyTracking;
    config.onChange("latency-tracking", (v) => (this.trackLatency = v === "yes"));
  }

  /** Called after every command with its duration. */
  afterCommand(cmd: Command, usec: number): void {
    if (this.trackLatency) this.recordLatency(cmd, usec);
  }

  /** Called from the server's timer; samples at most every 100 ms. */
  cron(engine: Engine): void {
    const now = Date.now();
    if (now - this.lastSample < SAMPLE_PERIOD_MS) return;
    this.lastSample = now;
    const stats = engine.stats;
    this.ops.sample(now, stats.commandsProcessed);
    this.netInput.sample(now, stats.netInputBytes);
    this.netOutput.sample(now, stats.netOutputBytes);
    this.updatePeak(usedMemory(this.runtime));
  }

  updatePeak(used: number): void {
    if (used > this.peakMemory) this.peakMemory = used;
  }

  recordLatency(cmd: Command, usec: number): void {
    let h = this.latency.get(cmd);
    if (h === undefined) {
      h = new LatencyHistogram();
      this.latency.set(cmd, h);
    }
    h.record(usec * 1000);
  }

  reset(): void {
    this.ops.reset();
    this.netInput.reset();
    this.netOutput.reset();
    this.peakMemory = usedMemory(this.runtime);
    this.latency.clear();
  }
}

/** JS heap in use plus memory held outside it (array buffers): the used_memory figure. */
export function usedMemory(runtime: Runtime): number {
  const m = runtime.process.memoryUsage();
  return m.heapUsed + m.external;
}
