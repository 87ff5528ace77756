/**
 * Keyspace notifications: commands announce what they did to a key, and when the event's class
 * is enabled by `notify-keyspace-events` the event is published on two Pub/Sub channels,
 * `__keyspace@<db>__:<key>` (message: the event name) and `__keyevent@<db>__:<event>`
 * (message: the key), as Redis does.
 *
 * Commands call `notify` after the change is made, one call per event, in the order Redis
 * emits them. The class test comes first and costs one AND while notifications are off.
 */
import type { Client } from "./client.ts";
import type { Engine } from "./engine.ts";

// Event classes. Bit values are private to respire; the letters are Redis's.
/** K: publish on __keyspace@<db>__:<key>. */
export const NOTIFY_KEYSPACE = 1 << 0;
/** E: publish on __keyevent@<db>__:<event>. */
export const NOTIFY_KEYEVENT = 1 << 1;
/** g: type-independent commands (DEL, EXPIRE, RENAME, ...). */
export const NOTIFY_GENERIC = 1 << 2;
/** $: string commands. */
export const NOTIFY_STRING = 1 << 3;
/** l: list commands. */
export const NOTIFY_LIST = 1 << 4;
/** s: set commands. */
export const NOTIFY_SET = 1 << 5;
/** h: hash commands. */
export const NOTIFY_HASH = 1 << 6;
/** z: sorted set commands. */
export const NOTIFY_ZSET = 1 << 7;
/** x: a key's time to live ran out. */
export const NOTIFY_EXPIRED = 1 << 8;
/** e: a key was evicted by the maxmemory policy. */
export const NOTIFY_EVICTED = 1 << 9;
/** t: stream commands. */
export const NOTIFY_STREAM = 1 << 10;
/** m: a read found no key (not part of A). */
export const NOTIFY_KEY_MISS = 1 << 11;
/** d: module key types. */
export const NOTIFY_MODULE = 1 << 12;
/** n: a key was created (not part of A). */
export const NOTIFY_NEW = 1 << 13;

/** What A stands for: every type class and x, e, d; not K, E, m or n. */
const NOTIFY_ALL = NOTIFY_GENERIC | NOTIFY_STRING | NOTIFY_LIST | NOTIFY_SET | NOTIFY_HASH |
  NOTIFY_ZSET | NOTIFY_EXPIRED | NOTIFY_EVICTED | NOTIFY_STREAM | NOTIFY_MODULE;

const LETTERS: Record<string, number> = {
  A: NOTIFY_ALL,
  g: NOTIFY_GENERIC,
  $: NOTIFY_STRING,
  l: NOTIFY_LIST,
  s: NOTIFY_SET,
  h: NOTIFY_HASH,
  z: NOTIFY_ZSET,
  x: NOTIFY_EXPIRED,
  e: NOTIFY_EVICTED,
  t: NOTIFY_STREAM,
  m: NOTIFY_KEY_MISS,
  d: NOTIFY_MODULE,
  n: NOTIFY_NEW,
  K: NOTIFY_KEYSPACE,
  E: NOTIFY_KEYEVENT,
};

/**
 * The class bits of a notify-keyspace-events value. The config table has already rejected
 * unknown letters (with Redis's message), so any left over are ignored here.
 */
export function parseNotifyFlags(value: string): number {
  let flags = 0;
  for (const ch of value) flags |= LETTERS[ch] ?? 0;
  return flags;
}

/** The enabled event classes of one server, and publishing. */
export class KeyspaceEvents {
  /** Enabled classes (NOTIFY_* bits); 0 while notifications are off. */
  flags: number;

  constructor(private readonly engine: Engine) {
    const config = engine.config;
    this.flags = parseNotifyFlags(config.notifyKeyspaceEvents);
    config.onChange("notify-keyspace-events", (v) => {
      this.flags = parseNotifyFlags(v);
    });
  }

  /** Publishes one event about key in database dbId if its class is enabled. */
  emit(type: number, event: string, key: string, dbId: number): void {
    const flags = this.flags;
    if ((flags & type) === 0) return;
    const pubsub = this.engine.pubsub;
    if (flags & NOTIFY_KEYSPACE) pubsub.publish(`__keyspace@${dbId}__:${key}`, event);
    if (flags & NOTIFY_KEYEVENT) pubsub.publish(`__keyevent@${dbId}__:${event}`, key);
  }
}

/** A command's event about key in the client's selected database. */
export function notify(c: Client, type: number, event: string, key: string): void {
  const events = c.engine.keyspaceEvents;
  if ((events.flags & type) === 0) return;
  events.emit(type, event, key, c.db.id);
}
