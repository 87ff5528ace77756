/**
 * Pub/Sub: who listens to which channel, glob pattern and shard channel, and delivery.
 *
 * A message is encoded once per protocol and the same bytes are queued to every recipient
 * (see output.ts), so a publish to many subscribers costs one encoding and one queue append
 * per subscriber; slow subscribers never hold up the publisher.
 */
import { ReplyWriter } from "../resp/writer.ts";
import { globMatch } from "../store/glob.ts";
import type { Client } from "./client.ts";
import { deliver } from "./delivery.ts";

/** The three subscription namespaces, with the names Redis uses in its replies. */
export interface SubscriptionKind {
  /** The client's own set of names for this kind. */
  mine(c: Client): Set<string>;
  subscribe: string;
  unsubscribe: string;
  /** The count a confirmation reports after a change. */
  count(c: Client): number;
}

const regularCount = (c: Client) => c.channels.size + c.patterns.size;

export const CHANNELS: SubscriptionKind = {
  mine: (c) => c.channels,
  subscribe: "subscribe",
  unsubscribe: "unsubscribe",
  count: regularCount,
};

export const PATTERNS: SubscriptionKind = {
  mine: (c) => c.patterns,
  subscribe: "psubscribe",
  unsubscribe: "punsubscribe",
  count: regularCount,
};

export const SHARD_CHANNELS: SubscriptionKind = {
  mine: (c) => c.shardChannels,
  subscribe: "ssubscribe",
  unsubscribe: "sunsubscribe",
  count: (c) => c.shardChannels.size,
};

/** Encodes pushes once per protocol; the bytes are handed to recipients and never reused. */
class PushEncoder {
  private readonly w2 = new ReplyWriter(256);
  private readonly w3 = new ReplyWriter(256);
  private cache2: Uint8Array | null = null;
  private cache3: Uint8Array | null = null;
  private parts: string[] = [];

  start(parts: string[]): void {
    this.parts = parts;
    this.cache2 = null;
    this.cache3 = null;
  }

  bytesFor(resp: 2 | 3): Uint8Array {
    if (resp === 2) return this.cache2 ??= this.encode(this.w2, 2);
    return this.cache3 ??= this.encode(this.w3, 3);
  }

  private encode(w: ReplyWriter, resp: 2 | 3): Uint8Array {
    w.resp = resp;
    w.pos = 0;
    const parts = this.parts;
    w.push(parts.length);
    for (let i = 0; i < parts.length; i++) w.bulk(parts[i]);
    const out = w.bytes().slice();
    w.reset();
    return out;
  }
}

export class PubSubRegistry {
  readonly channels = new Map<string, Set<Client>>();
  readonly patterns = new Map<string, Set<Client>>();
  readonly shardChannels = new Map<string, Set<Client>>();
  private readonly encoder = new PushEncoder();

  private index(kind: SubscriptionKind): Map<string, Set<Client>> {
    if (kind === CHANNELS) return this.channels;
    if (kind === PATTERNS) return this.patterns;
    return this.shardChannels;
  }

  /** Adds a subscription; false when the client already had it. */
  add(kind: SubscriptionKind, c: Client, name: string): boolean {
    const mine = kind.mine(c);
    if (mine.has(name)) return false;
    mine.add(name);
    const index = this.index(kind);
    const set = index.get(name);
    if (set === undefined) index.set(name, new Set([c]));
    else set.add(c);
    return true;
  }

  /** Removes a subscription; false when the client did not have it. */
  remove(kind: SubscriptionKind, c: Client, name: string): boolean {
    const mine = kind.mine(c);
    if (!mine.delete(name)) return false;
    const index = this.index(kind);
    const set = index.get(name);
    if (set !== undefined) {
      set.delete(c);
      if (set.size === 0) index.delete(name);
    }
    return true;
  }

  /** Drops every subscription of a client without telling it (disconnect, RESET). */
  removeAll(c: Client): void {
    for (const kind of [CHANNELS, PATTERNS, SHARD_CHANNELS]) {
      for (const name of [...kind.mine(c)]) this.remove(kind, c, name);
    }
  }

  /** PUBLISH: channel subscribers first, then every matching pattern's. Returns receivers. */
  publish(channel: string, message: string): number {
    let receivers = 0;
    const subscribers = this.channels.get(channel);
    const enc = this.encoder;
    if (subscribers !== undefined) {
      enc.start(["message", channel, message]);
      for (const c of subscribers) {
        deliver(c, enc.bytesFor(c.resp));
        receivers++;
      }
    }
    if (this.patterns.size > 0) {
      for (const [pattern, clients] of this.patterns) {
        if (!globMatch(pattern, channel)) continue;
        enc.start(["pmessage", pattern, channel, message]);
        for (const c of clients) {
          deliver(c, enc.bytesFor(c.resp));
          receivers++;
        }
      }
    }
    return receivers;
  }

  /** SPUBLISH: shard channel subscribers only. Returns receivers. */
  publishShard(channel: string, message: string): number {
    const subscribers = this.shardChannels.get(channel);
    if (subscribers === undefined) return 0;
    const enc = this.encoder;
    enc.start(["smessage", channel, message]);
    for (const c of subscribers) deliver(c, enc.bytesFor(c.resp));
    return subscribers.size;
  }
}
