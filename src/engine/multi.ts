/**
 * Transactions: the commands a client queues between MULTI and EXEC, and the keys it WATCHes.
 *
 * A watched key is invalidated by anything that changes it, whoever does it: every write
 * reaches `Server.keyModified` (through `keyChanged`), expiry reaches `Server.keyExpired`, and
 * FLUSHDB/FLUSHALL/SWAPDB report every key they touch. The registry is indexed by database
 * and key, so a write to an unwatched key costs one size check.
 */
import type { Command } from "../commands/registry.ts";
import type { Database } from "../store/database.ts";
import type { Client } from "./client.ts";

export interface QueuedCommand {
  cmd: Command;
  args: string[];
}

export class MultiState {
  readonly commands: QueuedCommand[] = [];
  /** A command was rejected while queuing: EXEC answers EXECABORT. */
  aborted = false;
  /** Some queued command writes or may replicate (EXEC waits out a CLIENT PAUSE WRITE). */
  writes = false;
}

/** Starts a transaction (MULTI). */
export function beginTransaction(c: Client): void {
  c.multi = new MultiState();
  c.multiQueued = 0;
}

/** Queues a command inside MULTI. */
export function queueCommand(c: Client, cmd: Command, args: string[]): void {
  const m = c.multi!;
  m.commands.push({ cmd, args });
  if (cmd.isWrite || cmd.flags.has("may_replicate")) m.writes = true;
  c.multiQueued = m.commands.length;
}

/** Marks the open transaction as failed (a command was rejected while queuing). */
export function flagTransaction(c: Client): void {
  if (c.multi !== null) c.multi.aborted = true;
}

/** Leaves MULTI, dropping the queue, and forgets every watched key (DISCARD, EXEC, RESET). */
export function discardTransaction(c: Client): void {
  c.multi = null;
  c.multiQueued = -1;
  c.dirtyCas = false;
  c.engine.watches.unwatchAll(c);
}

interface WatchedKey {
  client: Client;
  db: Database;
  key: string;
  /**
   * The key had already expired (but was not yet deleted) when WATCH was called: its deletion
   * is not a change. Redis 7.0 keeps the same flag.
   */
  expired: boolean;
}

/** The keys WATCHed by every client of one server. */
export class WatchRegistry {
  private readonly byDb = new Map<Database, Map<string, WatchedKey[]>>();
  private readonly byClient = new Map<Client, WatchedKey[]>();

  watch(c: Client, db: Database, key: string): void {
    let mine = this.byClient.get(c);
    if (mine === undefined) {
      mine = [];
      this.byClient.set(c, mine);
    } else {
      for (const wk of mine) if (wk.db === db && wk.key === key) return;
    }
    const e = db.data.get(key);
    const wk: WatchedKey = {
      client: c,
      db,
      key,
      expired: e !== undefined && e.expireAt !== 0 && e.expireAt <= db.clock.now(),
    };
    mine.push(wk);
    let keys = this.byDb.get(db);
    if (keys === undefined) {
      keys = new Map();
      this.byDb.set(db, keys);
    }
    const list = keys.get(key);
    if (list === undefined) keys.set(key, [wk]);
    else list.push(wk);
  }

  unwatchAll(c: Client): void {
    const mine = this.byClient.get(c);
    if (mine === undefined) return;
    this.byClient.delete(c);
    for (const wk of mine) {
      const keys = this.byDb.get(wk.db)!;
      const list = keys.get(wk.key)!;
      const i = list.indexOf(wk);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) {
        keys.delete(wk.key);
        if (keys.size === 0) this.byDb.delete(wk.db);
      }
    }
  }

  /** A key changed (or was deleted or expired): its watchers' transactions will fail. */
  touch(db: Database, key: string): void {
    if (this.byDb.size === 0) return;
    const list = this.byDb.get(db)?.get(key);
    if (list === undefined) return;
    let dirty: Client[] | null = null;
    for (const wk of list) {
      if (wk.expired) {
        // deleting a key that was already expired at WATCH time changes nothing logically
        const e = db.data.get(key);
        if (e === undefined || (e.expireAt !== 0 && e.expireAt <= db.clock.now())) {
          wk.expired = false;
          continue;
        }
      }
      (dirty ??= []).push(wk.client);
    }
    if (dirty === null) return;
    for (const c of dirty) {
      c.dirtyCas = true;
      // nothing more can happen to a failed transaction: stop watching at once
      this.unwatchAll(c);
    }
  }

  /**
   * EXEC's last check: a watched key that was alive at WATCH time and has expired since, even
   * if nothing deleted it yet, fails the transaction.
   */
  expiredSinceWatch(c: Client): boolean {
    const mine = this.byClient.get(c);
    if (mine === undefined) return false;
    for (const wk of mine) {
      if (wk.expired) continue;
      const e = wk.db.data.get(wk.key);
      if (e !== undefined && e.expireAt !== 0 && e.expireAt <= wk.db.clock.now()) return true;
    }
    return false;
  }

  /** Number of keys a client watches. */
  count(c: Client): number {
    return this.byClient.get(c)?.length ?? 0;
  }
}
