/**
 * CLIENT PAUSE: while a pause is on, commands of every client (ALL) or only the commands that
 * write or may replicate (WRITE) wait, in arrival order, until the pause ends by timeout or
 * CLIENT UNPAUSE. A new pause only ever extends the end time and strengthens WRITE to ALL,
 * as in Redis.
 */

export type PauseMode = "write" | "all";

/** setTimeout cannot wait longer than this. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class ClientPause {
  /** The pause in force, or null. */
  mode: PauseMode | null = null;
  /** Unix ms when the pause ends. */
  private until = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private waiting: (() => void)[] = [];

  pause(mode: PauseMode, until: number): void {
    if (this.mode !== "all") this.mode = mode;
    if (until > this.until) this.until = until;
    this.arm();
  }

  unpause(): void {
    this.mode = null;
    this.until = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resume of waiting) resume();
  }

  /** Resolves when the pause has ended; callers then check again from the start. */
  wait(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Stops the timer (server shutdown) and lets every waiting command go. */
  close(): void {
    this.unpause();
  }

  private arm(): void {
    clearTimeout(this.timer);
    const left = this.until - Date.now();
    if (left <= 0) {
      this.unpause();
      return;
    }
    this.timer = setTimeout(() => this.arm(), Math.min(left, MAX_TIMER_MS));
  }
}
