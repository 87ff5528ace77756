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
 *   Engine.removeClient on EOF), so the next push goes to the next waiter.
 *
 * Using it from a blocking command:
 *
 *   const ms = timeout(args[args.length - 1]);   // commands/args.ts: Redis's timeout errors
 *   ...try to serve immediately; if nothing is there:
 *   if (!c.engine.blocking.mayBlock(c)) { c.w.nullArray(); return; }   // MULTI/EXEC, Lua
 *   return c.engine.blocking.block(c, {
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
