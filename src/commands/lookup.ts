/**
 * Key lookups for command handlers, with Redis's side effects in one place: lazy expiry,
 * keyspace hit/miss counters, the LRU/LFU touch (skipped for CLIENT NO-TOUCH), and type
 * checks that throw the WRONGTYPE error.
 */
import type { Client } from "../engine/client.ts";
import type { Entry } from "../store/database.ts";
import type { CollectionValue, Value } from "../store/types.ts";
import { CommandError, ERR_WRONGTYPE } from "./errors.ts";
import { notify, NOTIFY_GENERIC, NOTIFY_KEY_MISS } from "../engine/notify.ts";

/** Updates the access clock the way Redis's lookupKey does. */
export function touchEntry(c: Client, e: Entry): void {
  if (c.noTouch) return;
  const engine = c.engine;
  if (engine.lfuEnabled) e.lru = engine.lfuTouch(e.lru);
  else e.lru = engine.lruClock();
}

/** Lookup for reading: counts hits and misses. */
export function lookupRead(c: Client, key: string): Value | undefined {
  const e = c.db.entry(key);
  if (e === undefined) {
    notify(c, NOTIFY_KEY_MISS, "keymiss", key);
    c.engine.stats.keyspaceMisses++;
    return undefined;
  }
  c.engine.stats.keyspaceHits++;
  touchEntry(c, e);
  return e.value;
}

/**
 * Lookup for writing: no hit/miss accounting. The caller may mutate the value in place, so a
 * running background save is told first.
 */
export function lookupWrite(c: Client, key: string): Value | undefined {
  const db = c.db;
  const e = db.entry(key);
  if (e === undefined) return undefined;
  if (db.writeGuard !== null) db.writeGuard.beforeWrite(db, key);
  touchEntry(c, e);
  return e.value;
}

/** Reads a string value; throws WRONGTYPE for other types. */
export function readString(c: Client, key: string): string | undefined {
  const v = lookupRead(c, key);
  if (v === undefined || typeof v === "string") return v;
  throw new CommandError(ERR_WRONGTYPE);
}

/** Reads a string value for modification; throws WRONGTYPE for other types. */
export function writeString(c: Client, key: string): string | undefined {
  const v = lookupWrite(c, key);
  if (v === undefined || typeof v === "string") return v;
  throw new CommandError(ERR_WRONGTYPE);
}

/** Reads a collection of the given type; throws WRONGTYPE for other types. */
export function readCollection<T extends CollectionValue>(
  c: Client,
  key: string,
  type: T["type"],
  forWrite = false,
): T | undefined {
  const v = forWrite ? lookupWrite(c, key) : lookupRead(c, key);
  if (v === undefined) return undefined;
  if (typeof v === "string" || v.type !== type) throw new CommandError(ERR_WRONGTYPE);
  return v as T;
}

/** Stores a value under key (SET semantics) and records the write. */
export function storeValue(c: Client, key: string, value: Value, keepTtl = false): Entry {
  const db = c.db;
  const isNew = !db.data.has(key);
  const e = db.set(key, value, keepTtl);
  // Redis keeps LFU history across overwrites; an LRU clock restarts with the new value
  if (isNew || !c.engine.lfuEnabled) e.lru = c.engine.initialLru();
  c.engine.keyChanged(db, key);
  return e;
}

/**
 * What a STORE command does with its destination when the result is empty: Redis deletes the
 * key (a "del" event when it existed) instead of storing an empty collection.
 */
export function deleteDestination(c: Client, key: string): void {
  if (!c.db.delete(key)) return;
  c.engine.keyChanged(c.db, key);
  notify(c, NOTIFY_GENERIC, "del", key);
}
