/**
 * Clients blocked on keys (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP; BZPOPMIN, BZPOPMAX,
 * BZMPOP build on the same API), with Redis 7.0's semantics:
 *
 * - A client waits on one or more keys of one database. Waiters on a key are served in the
 *   order they blocked (FIFO per key); a client waiting on several keys is served by the
 *   first of them that becomes ready, and then leaves every queue.
 * - "Ready" means a key that clients wait on was created (Redis's dbAdd → signalKeyAsReady).
 *   The Database reports creations through `KeyspaceObserver.keyAdded`, which the server
 *   forwards to `signalKeyReady`; anything else that makes data appear for waiters without
 *   creating the key (SWAPDB) calls `signalKeyReady` / `signalWaitedKeys` itself.
 * - Ready keys are served once the command that filled them has completed: the server calls
 *   `serveReadyKeys()` after every command (Server.afterCommand), as Redis calls
 *   handleClientsBlockedOnKeys after call(). Serving is synchronous and repeats until no key
 *   is ready, so a BLMOVE that pushes into a key other clients wait on wakes them in the
 *   same pass.
 * - On timeout the client gets a null array (`*-1` / RESP3 `_`), as Redis replies for list
 *   and sorted-set waits. CLIENT UNBLOCK ends a wait with that same reply or with
 *   "-UNBLOCKED client unblocked via CLIENT UNBLOCK". A client that disconnects leaves its
 *   queues at once (the connection keeps reading the socket while a command waits and calls
 *   Server.removeClient on EOF), so the next push goes to the next waiter.
 *
 * Using it from a blocking command:
 *
 *   const ms = parseTimeout(args[args.length - 1]);      // throws Redis's timeout errors
 *   ...try to serve immediately; if nothing is there:
 *   if (!c.server.blocking.mayBlock(c)) { c.w.nullArray(); return; }   // MULTI/EXEC, Lua
 *   return c.server.blocking.block(c, {
 *     keys, type: "zset", timeout: ms,
 *     // called when `key` holds a value of `type`: pop, write the reply to c.w, and return
 *     // true; return false to keep waiting (the next waiter in the queue gets its chance)
 *     serve: (key, value) => { ...; return true; },
 *   });
 *
 * The handler returns the promise; dispatch and the connection wait for it, and the
 * connection flushes the reply the serve callback wrote.
 *
 * The serve callback gets the value from a write lookup (lazy expiry, LRU touch, background
 * save notified), so it may mutate it directly.
 *
 * Atomic units (Redis's CLIENT_DENY_BLOCKING): EXEC needs nothing, as c.multi stays set while
 * its queue runs, which makes `mayBlock` false and keeps Server.afterCommand from serving
 * until the EXEC itself completes. Scripts (EVAL, FCALL) wrap their work in `atomically(fn)`
 * for the same two effects.
 */
import { CommandError } from "../commands/errors.ts";
import { lookupWrite } from "../commands/lookup.ts";
import type { Database } from "../store/database.ts";
import type { CollectionValue } from "../store/types.ts";
import type { Client } from "./client.ts";

export interface BlockRequest {
  /** The keys to wait on, in the client's current database; repeats are ignored. */
  keys: readonly string[];
  /** The value type that can serve this client; keys holding anything else are passed over. */
  type: CollectionValue["type"];
  /** Milliseconds as parseTimeout returns them; 0 waits forever. */
  timeout: number;
  /**
   * Serves the client from `key`, which holds `value` of the requested type: pops, writes the
   * reply to c.w, and returns true to end the wait (also after replying with an error, as
   * BLMOVE does for a destination of the wrong type). False keeps the client waiting.
   */
  serve(key: string, value: CollectionValue): boolean;
}

const TIMER_MAX = 2 ** 31 - 1;
/** A wait longer than this (about 285 000 years) is a wait forever. */
const FOREVER_MS = 2 ** 53;

class WaitNode {
  prev: WaitNode | null = null;
  next: WaitNode | null = null;
  constructor(readonly waiter: Waiter, readonly queue: WaitQueue) {}
}

/** The clients waiting on one key, oldest first (a doubly linked list: O(1) removal). */
class WaitQueue {
  head: WaitNode | null = null;
  tail: WaitNode | null = null;
  constructor(readonly db: Database, readonly key: string) {}

  append(node: WaitNode): void {
    node.prev = this.tail;
    if (this.tail === null) this.head = node;
    else this.tail.next = node;
    this.tail = node;
  }

  remove(node: WaitNode): void {
    if (node.prev === null) this.head = node.next;
    else node.prev.next = node.next;
    if (node.next === null) this.tail = node.prev;
    else node.next.prev = node.prev;
    node.prev = node.next = null;
  }
}

class Waiter {
  readonly nodes: WaitNode[] = [];
  timer: ReturnType<typeof setTimeout> | undefined = undefined;
  constructor(
    readonly client: Client,
    readonly db: Database,
    readonly request: BlockRequest,
    readonly deadline: number,
    readonly resolve: () => void,
  ) {}
}

export class BlockingManager {
  /** Per database, the wait queue of every key somebody waits on. */
  private readonly queues = new Map<Database, Map<string, WaitQueue>>();
  /** Blocked clients by client id. */
  private readonly waiters = new Map<number, Waiter>();
  /** Keys signalled since the last serve, in signal order, each once. */
  private ready: WaitQueue[] = [];
  private readonly readySet = new Set<WaitQueue>();
  private atomicDepth = 0;
  private serving = false;

  /** Number of blocked clients (INFO blocked_clients). */
  get blockedClients(): number {
    return this.waiters.size;
  }

  /** Blocked clients with a timeout (INFO clients_in_timeout_table). */
  get clientsWithTimeout(): number {
    let n = 0;
    for (const w of this.waiters.values()) if (w.deadline !== 0) n++;
    return n;
  }

  /**
   * Whether a blocking command of this client may wait: not while its transaction runs
   * (c.multi stays set during EXEC) nor inside atomically() (scripts).
   */
  mayBlock(c: Client): boolean {
    return c.multi === null && this.atomicDepth === 0;
  }

  isBlocked(c: Client): boolean {
    return this.waiters.has(c.id);
  }

  /**
   * Runs fn as one atomic unit (EXEC, EVAL): blocking commands inside it do not wait, and
   * keys it makes ready are served after it, by the enclosing command's afterCommand.
   */
  atomically<T>(fn: () => T): T {
    this.atomicDepth++;
    try {
      return fn();
    } finally {
      this.atomicDepth--;
    }
  }

  /** Blocks c until it is served, times out, is unblocked or disconnects. */
  block(c: Client, request: BlockRequest): Promise<void> {
    // a connection that is already gone has nobody to answer
    if (c.closed) return Promise.resolve();
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    const ms = request.timeout;
    const deadline = ms > 0 && ms < FOREVER_MS ? performance.now() + ms : 0;
    const w = new Waiter(c, c.db, request, deadline, resolve);
    let keys = this.queues.get(w.db);
    if (keys === undefined) {
      keys = new Map();
      this.queues.set(w.db, keys);
    }
    const seen = new Set<string>();
    for (const key of request.keys) {
      if (seen.has(key)) continue;
      seen.add(key);
      let q = keys.get(key);
      if (q === undefined) {
        q = new WaitQueue(w.db, key);
        keys.set(key, q);
      }
      const node = new WaitNode(w, q);
      q.append(node);
      w.nodes.push(node);
    }
    this.waiters.set(c.id, w);
    c.blocked = true;
    if (deadline !== 0) this.armTimer(w);
    return done;
  }

  /** Notes that key (in db) may now serve waiting clients. Cheap when nobody waits on it. */
  signalKeyReady(db: Database, key: string): void {
    if (this.waiters.size === 0) return;
    const q = this.queues.get(db)?.get(key);
    if (q === undefined || this.readySet.has(q)) return;
    this.readySet.add(q);
    this.ready.push(q);
  }

  /** Signals every waited-on key that exists in db (after SWAPDB changed its contents). */
  signalWaitedKeys(db: Database): void {
    const keys = this.queues.get(db);
    if (keys === undefined) return;
    for (const key of keys.keys()) if (db.has(key)) this.signalKeyReady(db, key);
  }

  /** True when serveReadyKeys has work. */
  get hasReadyKeys(): boolean {
    return this.ready.length > 0;
  }

  /**
   * Serves the clients waiting on the keys signalled so far, key by key in signal order, each
   * key's waiters in FIFO order while the key still holds data. Keys that serving makes ready
   * (BLMOVE's destination) are served in the same call.
   */
  serveReadyKeys(): void {
    if (this.ready.length === 0 || this.atomicDepth > 0 || this.serving) return;
    this.serving = true;
    try {
      while (this.ready.length > 0) {
        const batch = this.ready;
        this.ready = [];
        for (const q of batch) {
          // leave the set first, so serving may signal this key again
          this.readySet.delete(q);
          this.serveQueue(q);
        }
      }
    } finally {
      this.serving = false;
    }
  }

  private serveQueue(q: WaitQueue): void {
    let node = q.head;
    while (node !== null) {
      // unblocking a waiter removes only its own nodes, so the successor stays valid
      const next = node.next;
      const w = node.waiter;
      // a write lookup, as the serve callback mutates the value: lazy expiry, the LRU touch,
      // and a running background save copies the key first
      const value = lookupWrite(w.client, q.key);
      if (value === undefined) return;
      if (typeof value !== "string" && value.type === w.request.type) {
        if (this.serveOne(w, q.key, value)) this.release(w);
      }
      node = next;
    }
  }

  /**
   * Runs a waiter's serve callback, as an execution unit of its own for propagation (what it
   * pops is propagated when it returns); an error it throws is that client's reply.
   */
  private serveOne(w: Waiter, key: string, value: CollectionValue): boolean {
    return w.client.engine.propagation.unit(() => this.runServe(w, key, value));
  }

  private runServe(w: Waiter, key: string, value: CollectionValue): boolean {
    try {
      return w.request.serve(key, value);
    } catch (e) {
      if (e instanceof CommandError) {
        w.client.error(e.message);
      } else {
        w.client.engine.log.error(
          `serving a blocked client failed: ${e instanceof Error ? e.stack : e}`,
        );
        w.client.error(`ERR internal error: ${e instanceof Error ? e.message : String(e)}`);
      }
      return true;
    }
  }

  /**
   * CLIENT UNBLOCK: ends a client's wait as a timeout would, or with the UNBLOCKED error.
   * Returns false when the client is not blocked.
   */
  unblock(id: number, withError: boolean): boolean {
    const w = this.waiters.get(id);
    if (w === undefined) return false;
    if (withError) w.client.error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
    else w.client.w.nullArray();
    this.release(w);
    return true;
  }

  /** Drops the waits of a client that went away; its pending command ends without a reply. */
  clientClosed(c: Client): void {
    const w = this.waiters.get(c.id);
    if (w !== undefined) this.release(w);
  }

  private timedOut(w: Waiter): void {
    w.timer = undefined;
    if (this.waiters.get(w.client.id) !== w) return;
    if (performance.now() < w.deadline) {
      this.armTimer(w);
      return;
    }
    w.client.w.nullArray();
    this.release(w);
  }

  private armTimer(w: Waiter): void {
    const wait = Math.max(0, Math.min(TIMER_MAX, Math.ceil(w.deadline - performance.now())));
    w.timer = setTimeout(() => this.timedOut(w), wait);
  }

  /** Removes a waiter from every queue and lets its command complete. */
  private release(w: Waiter): void {
    if (this.waiters.get(w.client.id) !== w) return;
    this.waiters.delete(w.client.id);
    if (w.timer !== undefined) {
      clearTimeout(w.timer);
      w.timer = undefined;
    }
    const keys = this.queues.get(w.db);
    for (const node of w.nodes) {
      const q = node.queue;
      q.remove(node);
      if (q.head === null && keys !== undefined) {
        keys.delete(q.key);
        if (this.readySet.delete(q)) {
          const at = this.ready.indexOf(q);
          if (at >= 0) this.ready.splice(at, 1);
        }
      }
    }
    if (keys !== undefined && keys.size === 0) this.queues.delete(w.db);
    w.client.blocked = false;
    w.resolve();
  }
}

// ---------------------------------------------------------------------------------------------
// Timeouts

const ERR_TIMEOUT_FLOAT = "ERR timeout is not a float or out of range";
const ERR_TIMEOUT_NEGATIVE = "ERR timeout is negative";

/** Redis reads a long double from at most this many bytes (MAX_LONG_DOUBLE_CHARS). */
const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

const DECIMAL = /^([+-]?)(?:([0-9]+)\.?([0-9]*)|\.([0-9]+))(?:[eE]([+-]?[0-9]+))?$/;
const HEX =
  /^([+-]?)0[xX](?:([0-9a-fA-F]+)\.?([0-9a-fA-F]*)|\.([0-9a-fA-F]+))(?:[pP]([+-]?[0-9]+))?$/;
const INFINITE = /^[+-]?inf(inity)?$/i;
const SMALL_INT = /^(0|[1-9][0-9]{0,11})$/;

/**
 * A blocking command's timeout in seconds (fractions allowed) as milliseconds; 0 means wait
 * forever. Follows Redis 7.0 exactly: the text is read as a C long double (strtold: hex
 * floats and "inf" accepted, spaces and NaN refused), multiplied by 1000 and rounded up in
 * long double arithmetic, then converted to a 64-bit integer, where anything out of range
 * becomes negative. So "-0.0001" and even "-0.001" round to 0 (forever), "0.0001" waits 1 ms
 * and "inf" is "negative". Throws Redis's error texts.
 */
export function parseTimeout(arg: string): number {
  if (SMALL_INT.test(arg)) return Number(arg) * 1000;
  if (arg.length === 0 || arg.length >= MAX_LONG_DOUBLE_CHARS) {
    throw new CommandError(ERR_TIMEOUT_FLOAT);
  }
  // strtold sees a C string: it ends at the first NUL byte
  const nul = arg.indexOf("\0");
  const s = nul < 0 ? arg : arg.slice(0, nul);
  const c0 = s.charCodeAt(0);
  if (c0 === 32 || (c0 >= 9 && c0 <= 13)) throw new CommandError(ERR_TIMEOUT_FLOAT);
  const ms = timeoutMs(s);
  if (ms === null) throw new CommandError(ERR_TIMEOUT_FLOAT);
  if (ms < 0) throw new CommandError(ERR_TIMEOUT_NEGATIVE);
  return ms;
}

/**
 * ceill(value * 1000.0L) converted to long long, for the number text s; null when strtold
 * would refuse s. Out-of-range conversions give -1 (x86 yields LLONG_MIN).
 */
function timeoutMs(s: string): number | null {
  if (INFINITE.test(s)) return -1;
  let neg: boolean;
  let num: bigint;
  let den = 1n;
  /** log2 of the value's magnitude, roughly (within a few units). */
  let magnitude: number;
  let m = DECIMAL.exec(s);
  if (m !== null) {
    neg = m[1] === "-";
    const intDigits = m[2] ?? "";
    const fracDigits = m[3] ?? m[4] ?? "";
    const digits = (intDigits + fracDigits).replace(/^0+/, "");
    if (digits === "") return 0;
    const exp10 = clampExponent(m[5]) - fracDigits.length;
    const decimalMagnitude = digits.length + exp10; // value in [10^(d-1), 10^d)
    if (decimalMagnitude > 4933) return null; // overflow (HUGE_VALL, ERANGE)
    if (decimalMagnitude < -4950) return null; // underflow to zero (ERANGE)
    if (decimalMagnitude === 4933 && leading(digits) > 0.118973149535723176) return null;
    magnitude = decimalMagnitude * 3.321928;
    if (magnitude < 90 && magnitude > -90) {
      num = BigInt(digits);
      if (exp10 >= 0) num *= 10n ** BigInt(exp10);
      else den = 10n ** BigInt(-exp10);
    } else {
      num = 0n;
    }
  } else {
    m = HEX.exec(s);
    if (m === null) return null;
    neg = m[1] === "-";
    const intDigits = m[2] ?? "";
    const fracDigits = m[3] ?? m[4] ?? "";
    const digits = (intDigits + fracDigits).replace(/^0+/, "");
    if (digits === "") return 0;
    const exp2 = clampExponent(m[5]) - 4 * fracDigits.length;
    magnitude = digits.length * 4 + exp2;
    if (magnitude > 16384) return null;
    if (magnitude < -16445) return null;
    if (magnitude < 90 && magnitude > -90) {
      num = BigInt("0x" + digits);
      if (exp2 >= 0) num <<= BigInt(exp2);
      else den = 1n << BigInt(-exp2);
    } else {
      num = 0n;
    }
  }
  // far beyond 2^63 ms: the conversion overflows to LLONG_MIN
  if (magnitude >= 90) return -1;
  // far below a millisecond: rounds up to 1 ms, or to -0 (wait forever) when negative
  if (magnitude <= -90) return neg ? 0 : 1;
  const [sig, exp] = roundExtended(num, den);
  const [prodSig, prodExp] = roundExtended(sig * 1000n, 1n);
  const e = exp + prodExp;
  let whole: bigint;
  if (e >= 0) {
    whole = prodSig << BigInt(e);
  } else {
    whole = prodSig >> BigInt(-e);
    const fraction = prodSig & ((1n << BigInt(-e)) - 1n);
    if (!neg && fraction !== 0n) whole += 1n;
  }
  if (neg) return whole === 0n ? 0 : -1;
  if (whole > 9223372036854775807n) return -1;
  return Number(whole);
}

function clampExponent(text: string | undefined): number {
  if (text === undefined) return 0;
  const v = Number(text);
  return Math.max(-1e6, Math.min(1e6, v));
}

/** The first digits of a digit string as a fraction 0.ddd. */
function leading(digits: string): number {
  return Number("0." + digits.slice(0, 20));
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * Rounds num/den (both positive) to the x87 extended format's 64-bit significand, ties to
 * even, as strtold and long double multiplication do. Returns [significand, exponent] with
 * value = significand * 2^exponent.
 */
function roundExtended(num: bigint, den: bigint): [bigint, number] {
  // scale so the quotient has 66 or 67 bits: 2 or 3 bits beyond the significand
  const shift = 66 - (bitLength(num) - bitLength(den));
  let q: bigint;
  let rest: bigint;
  if (shift >= 0) {
    const scaled = num << BigInt(shift);
    q = scaled / den;
    rest = scaled % den;
  } else {
    const scaled = den << BigInt(-shift);
    q = num / scaled;
    rest = num % scaled;
  }
  const extra = bitLength(q) - 64;
  const dropped = q & ((1n << BigInt(extra)) - 1n);
  q >>= BigInt(extra);
  let exp = extra - shift;
  const half = 1n << BigInt(extra - 1);
  if (dropped > half || (dropped === half && (rest !== 0n || (q & 1n) === 1n))) {
    q += 1n;
    if (q === 1n << 64n) {
      q >>= 1n;
      exp++;
    }
  }
  return [q, exp];
}
