/**
 * Redis's LFU approximation: the 24-bit lru field holds 16 bits of "last decrement time" in
 * minutes and an 8-bit logarithmic access counter (see Redis's evict.c).
 */
export const LFU_INIT_VAL = 5;

export function lfuMinutes(nowMs: number): number {
  return Math.floor(nowMs / 60000) & 65535;
}

function elapsedMinutes(ldt: number, nowMs: number): number {
  const now = lfuMinutes(nowMs);
  return now >= ldt ? now - ldt : 65535 - ldt + now;
}

/** The counter after applying the decay for the minutes since its last decrement. */
export function lfuDecay(lru: number, nowMs: number, decayTime: number): number {
  const ldt = lru >> 8;
  const counter = lru & 255;
  const periods = decayTime ? Math.floor(elapsedMinutes(ldt, nowMs) / decayTime) : 0;
  return periods ? (periods > counter ? 0 : counter - periods) : counter;
}

/** Logarithmic increment: the higher the counter, the less likely it grows. */
export function lfuLogIncr(counter: number, logFactor: number, random: () => number): number {
  if (counter === 255) return 255;
  const r = random();
  const base = Math.max(0, counter - LFU_INIT_VAL);
  const p = 1.0 / (base * logFactor + 1);
  return r < p ? counter + 1 : counter;
}

export function lfuInitial(nowMs: number): number {
  return (lfuMinutes(nowMs) << 8) | LFU_INIT_VAL;
}
