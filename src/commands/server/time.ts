import type { Client } from "../../engine/client.ts";
import { command } from "../registry.ts";

/**
 * Wall-clock microseconds. The monotonic clock gives the sub-millisecond part; when it has
 * drifted from the wall clock (NTP steps, suspend) the wall clock wins.
 */
export function nowMicros(): number {
  const wall = Date.now();
  const precise = performance.timeOrigin + performance.now();
  return Math.floor((Math.abs(precise - wall) < 2 ? precise : wall) * 1000);
}

export class TimeCommand {
  @command({
    name: "time",
    arity: 1,
    flags: ["loading", "stale", "fast"],
    tips: ["nondeterministic_output"],
    group: "server",
    since: "2.6.0",
    summary: "Returns the server's clock as unix seconds and microseconds.",
    complexity: "O(1)",
  })
  static time(c: Client, _args: string[]): void {
    const us = nowMicros();
    const seconds = Math.floor(us / 1_000_000);
    c.w.array(2);
    c.w.bulk(String(seconds));
    c.w.bulk(String(us - seconds * 1_000_000));
  }
}
