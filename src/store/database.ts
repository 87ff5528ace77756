/**
 * One numbered database: a Map from key to Entry, plus the keys with a time to live.
 * Expiry is lazy (an expired key is deleted the moment anyone looks at it) and active (the
 * server calls activeExpire on a timer, which walks the TTL keys round-robin within a time
 * budget, so memory comes back without any access).
 */
import { KeyOrder } from "./key_order.ts";
import type { Value } from "./types.ts";

/**
 * How a string value is represented in Redis, when the writing command decided it rather than
 * SET's rules. null means "as SET stores it": int for canonical integers (small ones shared),
 * embstr up to 44 bytes, raw beyond. APPEND/SETRANGE/SETBIT leave "raw", INCRBYFLOAT leaves
 * "embstr", COPY of a shared integer leaves an unshared "int".
 */
export type StringEncoding = "int" | "embstr" | "raw" | null;

/** The string encodings, by their code in the bits of Entry.meta above the 24-bit lru. */
const ENCODINGS: StringEncoding[] = [null, "int", "embstr", "raw"];
const LRU_MASK = 0xffffff;

export class Entry {
  value: Value;
  /**
   * Absolute expiry in unix ms, 0 when the key is persistent. Beyond 2^53 this is rounded;
   * Database.expireTime gives the exact value that was set.
   */
  expireAt = 0;
  /**
   * lru in the low 24 bits, the string encoding's code above them: one small integer instead
   * of two fields, 8 bytes less per key (V8 runs here without pointer compression).
   */
  private meta = 0;
  seq = 0;
  constructor(value: Value) {
    this.value = value;
  }

  /** LRU clock (seconds) or LFU data, as Redis's robj.lru: 24 bits. */
  get lru(): number {
    return this.meta & LRU_MASK;
  }
  set lru(v: number) {
    this.meta = (this.meta & ~LRU_MASK) | (v & LRU_MASK);
  }

  /** See StringEncoding; reset by every Database.set. */
  get strEncoding(): StringEncoding {
    return ENCODINGS[this.meta >>> 24];
  }
  set strEncoding(enc: StringEncoding) {
    this.meta = (this.meta & LRU_MASK) | (ENCODINGS.indexOf(enc) << 24);
  }
}

/**
 * Exact expiry times that a double cannot hold (EXPIREAT far beyond year 287396), so TTL and
 * PEXPIRETIME still print the integer that was set. Looked up only for unsafe expireAt values.
 */
const hugeExpires = new WeakMap<Entry, bigint>();

/** What the rest of the server wants to know about keyspace changes. */
export interface KeyspaceObserver {
  /** Called when a key's value changed (WATCH, client tracking). */
  keyModified(db: Database, key: string): void;
  /** Called when a key was removed because its TTL passed. */
  keyExpired(db: Database, key: string): void;
  /**
   * Called when a key comes into existence (Redis's dbAdd): clients blocked on it may now be
   * served. Overwriting an existing key is not a creation.
   */
  keyAdded?(db: Database, key: string): void;
  /** Called after SWAPDB exchanged the contents of two databases (keys appeared in both). */
  contentsSwapped?(a: Database, b: Database): void;
}

/**
 * Told before a key changes while a background save walks the keyspace, so the save can
 * serialize the key's old state first (see persistence/snapshot.ts).
 */
export interface WriteGuard {
  /** Before key's entry is replaced, deleted, re-timed or mutated in place. */
  beforeWrite(db: Database, key: string): void;
  /** Before every key of db is removed at once. */
  beforeClear(db: Database): void;
}

export interface Clock {
  /** Unix time in milliseconds. */
  now(): number;
}

export class Database {
  /** The keyspace. Replaced only by swapContents (SWAPDB); never hold on to it across calls. */
  data = new Map<string, Entry>();
  /** The keys with a TTL (same Entry objects as in data). */
  volatile = new Map<string, Entry>();
  private order = new KeyOrder(this.data);
  private expireCursor: Iterator<[string, Entry]> | null = null;
  /** Counts keys expired (stats: expired_keys). */
  expiredKeys = 0;
  /** Set while a background save is running. */
  writeGuard: WriteGuard | null = null;

  constructor(
    /** The index clients SELECT; SWAPDB swaps contents, so this stays with the object. */
    public id: number,
    /** The server's clock; stopped at the epoch while an AOF replays (Server.freezeClock). */
    public clock: Clock,
    readonly observer: KeyspaceObserver,
  ) {}

  get size(): number {
    return this.data.size;
  }

  /** The sequence number the next inserted key will get (see KeyOrder). */
  get nextSeq(): number {
    return this.order.nextSequence;
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
    if (this.writeGuard !== null) this.writeGuard.beforeWrite(this, key);
    const e = this.data.get(key);
    if (e !== undefined) {
      e.value = value;
      e.strEncoding = null;
      if (e.expireAt !== 0 && (!keepTtl || e.expireAt <= this.clock.now())) {
        e.expireAt = 0;
        this.volatile.delete(key);
      }
      return e;
    }
    const fresh = new Entry(value);
    this.data.set(key, fresh);
    this.order.added(key, fresh);
    this.observer.keyAdded?.(this, key);
    return fresh;
  }

  delete(key: string): boolean {
    if (this.writeGuard !== null) this.writeGuard.beforeWrite(this, key);
    const e = this.data.get(key);
    if (e === undefined) return false;
    this.data.delete(key);
    if (e.expireAt !== 0) this.volatile.delete(key);
    return true;
  }

  /**
   * Sets an absolute expiry (unix ms, non-zero) on an existing key. A bigint or unsafe number
   * is kept exactly for the TTL replies; comparisons use the rounded number.
   */
  setExpire(key: string, at: number | bigint): void {
    if (this.writeGuard !== null) this.writeGuard.beforeWrite(this, key);
    const e = this.data.get(key);
    if (e === undefined) return;
    if (typeof at === "bigint") {
      const rounded = Number(at);
      e.expireAt = rounded;
      if (!Number.isSafeInteger(rounded)) hugeExpires.set(e, at);
    } else {
      e.expireAt = at;
    }
    this.volatile.set(key, e);
  }

  /** The exact expiry of an entry in unix ms (0 when persistent), bigint beyond 2^53. */
  expireTime(e: Entry): number | bigint {
    const at = e.expireAt;
    if (Number.isSafeInteger(at)) return at;
    const exact = hugeExpires.get(e);
    // a stale record (expireAt was changed since) must not win
    return exact !== undefined && Number(exact) === at ? exact : BigInt(at);
  }

  /**
   * Removes key and returns its entry (value, TTL, LRU data intact) for RENAME and MOVE to
   * re-insert with attach.
   */
  detach(key: string): Entry | undefined {
    const e = this.data.get(key);
    if (e === undefined) return undefined;
    this.delete(key);
    return e;
  }

  /** Inserts an entry taken with detach under a key that does not exist. */
  attach(key: string, e: Entry): void {
    this.data.set(key, e);
    this.order.added(key, e);
    if (e.expireAt !== 0) this.volatile.set(key, e);
    this.observer.keyAdded?.(this, key);
  }

  /**
   * Exchanges everything this database holds with another (SWAPDB). The objects, and so the
   * clients that selected them, stay where they are and see the other contents.
   */
  swapContents(other: Database): void {
    if (other === this) return;
    const data = this.data;
    const volatile = this.volatile;
    const order = this.order;
    const cursor = this.expireCursor;
    this.data = other.data;
    this.volatile = other.volatile;
    this.order = other.order;
    this.expireCursor = other.expireCursor;
    other.data = data;
    other.volatile = volatile;
    other.order = order;
    other.expireCursor = cursor;
    this.observer.contentsSwapped?.(this, other);
  }

  /** Removes a TTL; true when there was one. */
  persist(key: string): boolean {
    if (this.writeGuard !== null) this.writeGuard.beforeWrite(this, key);
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
    if (this.writeGuard !== null) this.writeGuard.beforeClear(this);
    this.data.clear();
    this.volatile.clear();
    this.order.clear();
    this.expireCursor = null;
  }

  /**
   * A uniformly drawn live key. Like Redis on a primary, an expired draw is reclaimed and the
   * draw repeated, so this ends with a live key or an empty database.
   */
  randomKey(rand: () => number): string | undefined {
    for (;;) {
      const k = this.order.random(rand);
      if (k === undefined) return undefined;
      const e = this.data.get(k)!;
      if (e.expireAt === 0 || e.expireAt > this.clock.now()) return k;
      this.expire(k);
    }
  }

  /**
   * One SCAN step from cursor: visits keys until `count` were seen or `count * 10` index
   * slots were examined (Redis's effort bound). Keys whose TTL passed are visited too; the
   * caller decides (Redis filters them after collecting). Returns the next cursor, 0 at the
   * end. See KeyOrder for the guarantee.
   */
  scan(cursor: number, count: number, visit: (key: string, e: Entry) => void): number {
    return this.order.scan(cursor, count, count * 10, visit);
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
