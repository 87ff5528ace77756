import type { Clock } from "../store/database.ts";

export type { Clock };

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that only moves when told to, for tests that expire keys without sleeping.
 * It starts at the real time.
 */
export class ManualClock implements Clock {
  private t: number;
  constructor(start = Date.now()) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(ms: number): void {
    this.t = ms;
  }
}
