/**
 * One numbered database: a Map from key to Entry, plus the keys with a time to live.
 * Expiry is lazy (an expired key is deleted the moment anyone looks at it) and active (the
 * server calls activeExpire on a timer, which walks the TTL keys round-robin within a time
 * budget, so memory comes back without any access).
 */
import { KeyOrder } from "./key_order.ts";
import type { Value } from "./types.ts";

export class Entry {
  value: Value;
  /** Absolute expiry in unix ms, 0 when the key is persistent. */
  expireAt = 0;
  /** LRU clock (seconds) or LFU data, as Redis's robj.lru. */
  lru = 0;
  seq = 0;
  constructor(value: Value) {
    this.value = value;
  }
}

/** What the rest of the server wants to know about keyspace changes. */
export interface KeyspaceObserver {
  /** Called when a key's value changed (WATCH, client tracking). */
  keyModified(db: Database, key: string): void;
  /** Called when a key was removed because its TTL passed. */
  keyExpired(db: Database, key: string): void;
}

export interface Clock {
  /** Unix time in milliseconds. */
  now(): number;
}

export class Database {
  readonly data = new Map<string, Entry>();
  readonly volatile = new Map<string, Entry>();
  private readonly order = new KeyOrder(this.data);
  private expireCursor: Iterator<[string, Entry]> | null = null;
  /** Counts keys expired (stats: expired_keys). */
  expiredKeys = 0;

  constructor(
    /** Mutable because SWAPDB exchanges database objects between indexes. */
    public id: number,
    readonly clock: Clock,
    readonly observer: KeyspaceObserver,
  ) {}

  get size(): number {
    return this.data.size;
  }

  /** The live entry for key, deleting it first if its time has passed. */
  entry(key: string): Entry | undefined {
    const e = this.data.get(key);
    if (e === undefined || e.expireAt === 0) return e;
    if (e.expireAt > this.clock.now()) return e;
    this.expire(key);
    return undefined;
  }

  /** The live value for key. */
  get(key: string): Value | undefined {
    return this.entry(key)?.value;
  }

  has(key: string): boolean {
    return this.entry(key) !== undefined;
  }

  /**
   * Stores a value (SET semantics): an existing key keeps its place but loses its TTL unless
   * keepTtl is set. Returns the entry.
   */
  set(key: string, value: Value, keepTtl = false): Entry {
    const e = this.data.get(key);
    if (e !== undefined) {
      e.value = value;
      if (e.expireAt !== 0 && (!keepTtl || e.expireAt <= this.clock.now())) {
        e.expireAt = 0;
        this.volatile.delete(key);
      }
      return e;
    }
    const fresh = new Entry(value);
    this.data.set(key, fresh);
    this.order.added(key, fresh);
    return fresh;
  }

  delete(key: string): boolean {
    const e = this.data.get(key);
    if (e === undefined) return false;
    this.data.delete(key);
    if (e.expireAt !== 0) this.volatile.delete(key);
    return true;
  }

  /** Sets an absolute expiry (ms) on an existing key. */
  setExpire(key: string, at: number): void {
    const e = this.data.get(key);
    if (e === undefined) return;
    e.expireAt = at;
    this.volatile.set(key, e);
  }

  /** Removes a TTL; true when there was one. */
  persist(key: string): boolean {
    const e = this.entry(key);
    if (e === undefined || e.expireAt === 0) return false;
    e.expireAt = 0;
    this.volatile.delete(key);
    return true;
  }

  /** Deletes an expired key and tells the observer. */
  private expire(key: string): void {
    this.delete(key);
    this.expiredKeys++;
    this.observer.keyExpired(this, key);
  }

  clear(): void {
    this.data.clear();
    this.volatile.clear();
    this.order.clear();
    this.expireCursor = null;
  }

  randomKey(rand: () => number): string | undefined {
    for (let i = 0; i < 100; i++) {
      const k = this.order.random(rand);
      if (k === undefined) return undefined;
      const e = this.data.get(k)!;
      if (e.expireAt === 0 || e.expireAt > this.clock.now()) return k;
      // like Redis, an expired sample is reclaimed and we draw again
      this.expire(k);
    }
    return this.order.random(rand);
  }

  /** SCAN over the keyspace; see KeyOrder for the cursor guarantee. */
  scan(cursor: number, count: number, visit: (key: string, e: Entry) => void): number {
    return this.order.scan(cursor, count, visit);
  }

  /**
   * Active expiry: examines TTL keys round-robin until the deadline (ms, performance.now()
   * based) or until every TTL key was seen once. Returns keys removed.
   */
  activeExpire(deadline: number): number {
    if (this.volatile.size === 0) return 0;
    const now = this.clock.now();
    let removed = 0;
    let seen = 0;
    const limit = this.volatile.size;
    while (seen < limit) {
      if (this.expireCursor === null) this.expireCursor = this.volatile.entries();
      const step = this.expireCursor.next();
      if (step.done) {
        this.expireCursor = null;
        break;
      }
      seen++;
      const [key, e] = step.value;
      if (e.expireAt !== 0 && e.expireAt <= now && this.data.get(key) === e) {
        this.expire(key);
        removed++;
      }
      if ((seen & 31) === 0 && performance.now() > deadline) break;
    }
    return removed;
  }

  /** Average TTL in ms of the volatile keys (INFO keyspace avg_ttl), sampled. */
  averageTtl(): number {
    if (this.volatile.size === 0) return 0;
    const now = this.clock.now();
    let sum = 0;
    let n = 0;
    for (const e of this.volatile.values()) {
      if (e.expireAt > now) {
        sum += e.expireAt - now;
        n++;
      }
      if (n >= 128) break;
    }
    return n === 0 ? 0 : Math.floor(sum / n);
  }
}
