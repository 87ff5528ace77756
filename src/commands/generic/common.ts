/**
 * Helpers shared by the keyspace commands: Redis's read-without-touch lookup, the 32-bit
 * integer parser behind DB indexes, and the string encodings OBJECT reports.
 */
import { parseInt64 } from "../../lib/numbers.ts";
import type { Client } from "../../engine/client.ts";
import type { Database, Entry } from "../../store/database.ts";
import type { Value } from "../../store/types.ts";
import { CommandError, ERR_DB_INDEX, ERR_NOT_INTEGER } from "../errors.ts";
import { notify, NOTIFY_KEY_MISS } from "../../engine/notify.ts";

/**
 * Lookup that counts a keyspace hit or miss but leaves the access clock alone, as Redis's
 * lookupKeyReadWithFlags(LOOKUP_NOTOUCH) used by EXISTS, TYPE, TTL and OBJECT. A miss is a
 * keymiss event unless `notifyMiss` is false (OBJECT's lookup does not announce misses).
 */
export function peekEntry(c: Client, key: string, notifyMiss = true): Entry | undefined {
  const e = c.db.entry(key);
  if (e === undefined) {
    if (notifyMiss) notify(c, NOTIFY_KEY_MISS, "keymiss", key);
    c.engine.stats.keyspaceMisses++;
  } else {
    c.engine.stats.keyspaceHits++;
  }
  return e;
}

const INT32_RANGE = "ERR value is out of range, value must between -2147483648 and 2147483647";

/**
 * A C int argument, as Redis's getIntFromObjectOrReply: `message` (when given) replaces both
 * the "not an integer" and the "out of range" errors.
 */
export function int32(arg: string, message?: string): number {
  const v = parseInt64(arg);
  if (v === null) throw new CommandError(message ?? ERR_NOT_INTEGER);
  if (typeof v === "bigint" || v < -2147483648 || v > 2147483647) {
    throw new CommandError(message ?? INT32_RANGE);
  }
  return v;
}

/** The database with index `id`, or the out-of-range error SELECT/MOVE/COPY reply. */
export function databaseAt(c: Client, id: number): Database {
  const dbs = c.engine.dbs;
  if (id < 0 || id >= dbs.length) throw new CommandError(ERR_DB_INDEX);
  return dbs[id];
}

/** Redis's OBJECT_SHARED_INTEGERS: 0..9999 are stored as shared objects. */
const SHARED_INTEGERS = 10000;

/** The integer a string would be stored as (string2l on at most 20 bytes), or null. */
function storedInteger(s: string): number | bigint | null {
  if (s.length === 0 || s.length > 20) return null;
  return parseInt64(s);
}

/** OBJECT ENCODING's name for a value held by entry e. */
export function encodingOf(e: Entry): string {
  const v = e.value;
  if (typeof v !== "string") return v.encoding();
  if (e.strEncoding !== null) return e.strEncoding;
  if (storedInteger(v) !== null) return "int";
  return v.length <= 44 ? "embstr" : "raw";
}

/**
 * OBJECT REFCOUNT: Redis shares the objects of small integers (refcount INT_MAX) unless an
 * LRU/LFU maxmemory policy needs per-key access data; everything else has one owner.
 */
export function refcountOf(c: Client, e: Entry): number {
  const v: Value = e.value;
  if (typeof v !== "string" || e.strEncoding !== null) return 1;
  const n = storedInteger(v);
  if (typeof n !== "number" || n < 0 || n >= SHARED_INTEGERS) return 1;
  const config = c.engine.config;
  const policy = config.maxmemoryPolicy;
  if (config.maxmemory !== 0 && (policy.endsWith("lru") || policy.endsWith("lfu"))) {
    return 1;
  }
  return 2147483647;
}
