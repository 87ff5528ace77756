/**
 * Client-side caching (CLIENT TRACKING): the server remembers which clients may hold a copy of
 * which keys and tells them when a key changes, so they can drop their copy.
 *
 * Default mode: every key a tracking client reads (a readonly command's keys) is recorded in
 * `table` with the client's ID. The first change to the key sends one invalidation to every
 * client recorded for it and forgets the key: a client must read it again to hear about the
 * next change. BCAST mode: nothing is recorded per key; a change to any key under one of the
 * client's prefixes is announced, batched per prefix, once the current batch of commands has
 * run (Redis does this before it sleeps). FLUSHDB/FLUSHALL send a null invalidation ("forget
 * everything") to every tracking client.
 *
 * Messages are RESP3 pushes `>2 invalidate [keys]` on the tracking connection itself, or on the
 * REDIRECT connection: as a push when that one speaks RESP3, as a Pub/Sub message on
 * `__redis__:invalidate` when it speaks RESP2 and is subscribed to something. A RESP2 client
 * without a redirect gets nothing (RESP2 has no pushes).
 *
 * Changes a client makes to keys it tracks are announced after the reply of the command that
 * made them (after EXEC's reply for a transaction), as Redis 7.0 does; NOLOOP drops them.
 */
import { findKeys } from "../commands/registry.ts";
import type { Command } from "../commands/registry.ts";
import { ReplyWriter } from "../resp/writer.ts";
import type { Client } from "./client.ts";
import { deliver } from "./delivery.ts";
import type { Engine } from "./engine.ts";

/** One client's tracking options (Redis's CLIENT_TRACKING_* flags and fields). */
export class ClientTracking {
  /** ID of the connection that receives the invalidations; 0 for this connection. */
  redirect = 0;
  bcast = false;
  optin = false;
  optout = false;
  noloop = false;
  /** CLIENT CACHING yes (OPTIN) or no (OPTOUT) was given for the next command. */
  caching = false;
  /** The redirect connection was gone when a message had to be sent (flag R). */
  brokenRedirect = false;
  /** BCAST prefixes in byte order. */
  readonly prefixes: string[] = [];
}

/** A BCAST prefix: who follows it, and the keys under it changed since the last broadcast. */
interface PrefixState {
  readonly clients: Set<Client>;
  /** Changed key → the client that first changed it in this round (null for expiry). */
  readonly keys: Map<string, Client | null>;
}

/** The channel RESP2 clients receive redirected invalidations on. */
const INVALIDATE_CHANNEL = "__redis__:invalidate";

export class Tracking {
  /** Clients with tracking on (INFO tracking_clients). */
  clients = 0;
  /** Default mode: key → IDs of the clients that may have cached it. */
  private readonly table = new Map<string, Set<number>>();
  /** Sum of the ID sets' sizes in `table` (INFO tracking_total_items). */
  private items = 0;
  /** BCAST prefixes (INFO tracking_total_prefixes). */
  private readonly prefixTable = new Map<string, PrefixState>();
  private broadcastQueued = false;
  /**
   * Invalidations for the client whose command is running, sent after its reply: keys, or
   * null for a flush.
   */
  private pending: (string | null)[] = [];
  /** Consecutive table-limit rounds that could not get under the limit (more effort each). */
  private limitRounds = 0;
  private readonly w = new ReplyWriter(256);

  constructor(private readonly engine: Engine) {}

  /** Keys in the default-mode table (INFO tracking_total_keys). */
  get totalKeys(): number {
    return this.table.size;
  }

  get totalItems(): number {
    return this.items;
  }

  get totalPrefixes(): number {
    return this.prefixTable.size;
  }

  /** Invalidations wait for the running command's reply. */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Anything to do when a key changes. */
  get watching(): boolean {
    return this.table.size > 0 || this.prefixTable.size > 0;
  }

  /**
   * CLIENT TRACKING on with validated options. Turning it on again replaces the options and
   * the redirect, keeps a pending CLIENT CACHING, and adds the new prefixes to the old ones.
   */
  enable(c: Client, options: ClientTracking, prefixes: string[]): void {
    let t = c.tracking;
    if (t === null) {
      t = c.tracking = new ClientTracking();
      this.clients++;
    }
    t.redirect = options.redirect;
    t.bcast = options.bcast;
    t.optin = options.optin;
    t.optout = options.optout;
    t.noloop = options.noloop;
    t.brokenRedirect = false;
    if (!t.bcast) return;
    if (prefixes.length === 0) this.followPrefix(c, t, "");
    for (const p of prefixes) this.followPrefix(c, t, p);
  }

  private followPrefix(c: Client, t: ClientTracking, prefix: string): void {
    let state = this.prefixTable.get(prefix);
    if (state === undefined) {
      state = { clients: new Set(), keys: new Map() };
      this.prefixTable.set(prefix, state);
    }
    if (state.clients.has(c)) return;
    state.clients.add(c);
    const list = t.prefixes;
    let i = list.length;
    while (i > 0 && list[i - 1] > prefix) i--;
    list.splice(i, 0, prefix);
  }

  /**
   * CLIENT TRACKING off, RESET and disconnects. Keys the client read stay in the table until
   * they change; the client is skipped then, unless it turned tracking on again meanwhile.
   */
  disable(c: Client): void {
    const t = c.tracking;
    if (t === null) return;
    for (const prefix of t.prefixes) {
      const state = this.prefixTable.get(prefix);
      if (state === undefined) continue;
      state.clients.delete(c);
      if (state.clients.size === 0) this.prefixTable.delete(prefix);
    }
    c.tracking = null;
    this.clients--;
  }

  /** Records the keys a tracking client just read (after each readonly command). */
  private remember(c: Client, cmd: Command, args: string[]): void {
    const t = c.tracking!;
    if (t.bcast || (t.optin && !t.caching) || (t.optout && t.caching)) return;
    // shard channels sit where keys would for cluster routing; they are not cached data
    if (cmd.flags.has("pubsub")) return;
    const keys = findKeys(cmd, args);
    const id = c.id;
    for (let i = 0; i < keys.length; i++) {
      const key = args[keys[i].index];
      let ids = this.table.get(key);
      if (ids === undefined) {
        ids = new Set();
        this.table.set(key, ids);
      }
      if (!ids.has(id)) {
        ids.add(id);
        this.items++;
      }
    }
  }

  /**
   * After every command run through dispatch (inside EXEC too): remember what a tracking client
   * read, and once the top-level command is done, end a CLIENT CACHING that applied to it and
   * send the invalidations its own changes caused.
   */
  afterCommand(c: Client, cmd: Command, args: string[]): void {
    const t = c.tracking;
    if (t !== null) {
      if (cmd.flags.has("readonly")) this.remember(c, cmd, args);
      // CLIENT's own subcommands keep it, so CLIENT CACHING can be followed by CLIENT ID etc.
      if (t.caching && c.multi === null && cmd.parent?.name !== "client") t.caching = false;
    }
    if (c.multi === null && this.pending.length > 0) this.sendPending(c);
    if (this.clients > 0) this.limitTable();
  }

  /**
   * A command refused before it ran (unknown, wrong arity, ...): like any finished command it
   * ends a CLIENT CACHING outside MULTI. A refused CLIENT subcommand keeps it, as in Redis.
   */
  commandRejected(c: Client, cmd: Command | undefined): void {
    const t = c.tracking;
    if (t === null || !t.caching || c.multi !== null) return;
    if (cmd !== undefined && (cmd.name === "client" || cmd.parent?.name === "client")) return;
    t.caching = false;
  }

  private sendPending(c: Client): void {
    const pending = this.pending;
    this.pending = [];
    if (c.closed) return;
    for (const key of pending) {
      if (key === null) this.sendFlush(c);
      else this.sendKeys(c, [key]);
    }
  }

  /**
   * A key changed (a write, or expiry when `by` is null): BCAST prefixes note it for the next
   * broadcast, and every client that read it since its last change is told now.
   */
  keyChanged(key: string, by: Client | null): void {
    if (this.prefixTable.size > 0) this.noteForBroadcast(key, by);
    const ids = this.table.get(key);
    if (ids === undefined) return;
    this.table.delete(key);
    this.items -= ids.size;
    const current = this.engine.currentClient;
    const clients = this.engine.clients;
    for (const id of ids) {
      const target = clients.get(id);
      if (target === undefined) continue;
      const t = target.tracking;
      // a client that went over to BCAST since it read the key hears about prefixes only
      if (t === null || t.bcast) continue;
      if (target === current) {
        if (!t.noloop) this.pending.push(key);
        continue;
      }
      this.sendKeys(target, [key]);
    }
  }

  private noteForBroadcast(key: string, by: Client | null): void {
    let noted = false;
    for (const [prefix, state] of this.prefixTable) {
      if (!key.startsWith(prefix)) continue;
      // the first change of a round decides whose it is, for NOLOOP
      if (!state.keys.has(key)) state.keys.set(key, by);
      noted = true;
    }
    if (noted && !this.broadcastQueued) {
      this.broadcastQueued = true;
      // after the commands of the current read batch, like Redis's beforeSleep
      queueMicrotask(() => this.broadcast());
    }
  }

  /** Sends each BCAST prefix's changed keys (sorted) to its clients, prefixes in byte order. */
  private broadcast(): void {
    this.broadcastQueued = false;
    const prefixes = [...this.prefixTable.keys()].sort();
    for (const prefix of prefixes) {
      const state = this.prefixTable.get(prefix)!;
      if (state.keys.size === 0) continue;
      const keys = [...state.keys.keys()].sort();
      for (const c of state.clients) {
        if (c.tracking?.noloop) {
          const others = keys.filter((k) => state.keys.get(k) !== c);
          if (others.length > 0) this.sendKeys(c, others);
        } else {
          this.sendKeys(c, keys);
        }
      }
      state.keys.clear();
    }
  }

  /**
   * FLUSHDB/FLUSHALL: every tracking client (BCAST too) is told to drop everything, and the
   * table is emptied. The client running the flush hears it after the reply.
   */
  flushed(): void {
    if (this.clients > 0) {
      const current = this.engine.currentClient;
      for (const c of this.engine.clients.values()) {
        if (c.tracking === null) continue;
        if (c === current) this.pending.push(null);
        else this.sendFlush(c);
      }
    }
    this.table.clear();
    this.items = 0;
  }

  /** Disconnects: the client stops tracking. */
  clientClosed(c: Client): void {
    this.disable(c);
  }

  /**
   * tracking-table-max-keys: past the limit, keys are invalidated (oldest first) until the
   * table fits again, with an effort that grows while it keeps overflowing, as in Redis.
   */
  private limitTable(): void {
    const max = this.engine.config.trackingTableMaxKeys;
    if (max === 0 || this.table.size <= max) {
      this.limitRounds = 0;
      return;
    }
    let effort = 100 * (this.limitRounds + 1);
    for (const key of this.table.keys()) {
      if (effort-- <= 0) break;
      this.evict(key);
      if (this.table.size <= max) {
        this.limitRounds = 0;
        return;
      }
    }
    this.limitRounds++;
  }

  /** Drops a key from the table, telling its readers (nobody is the one changing it). */
  private evict(key: string): void {
    const ids = this.table.get(key)!;
    this.table.delete(key);
    this.items -= ids.size;
    for (const id of ids) {
      const target = this.engine.clients.get(id);
      if (target === undefined || target.tracking === null || target.tracking.bcast) continue;
      this.sendKeys(target, [key]);
    }
  }

  /**
   * Where a tracking client's messages go: itself, its redirect connection, or nowhere (the
   * redirect connection is gone: a RESP3 client is told so each time).
   */
  private destination(c: Client): Client | null {
    const t = c.tracking;
    const redirect = t === null ? 0 : t.redirect;
    if (redirect === 0) return c.resp === 3 ? c : null;
    const target = this.engine.clients.get(redirect);
    if (target === undefined) {
      t!.brokenRedirect = true;
      if (c.resp === 3) {
        const w = this.start(3);
        w.push(2);
        w.bulk("tracking-redir-broken");
        w.int(redirect);
        deliver(c, this.finish());
      }
      return null;
    }
    if (target.resp === 3 || target.pubsub) return target;
    return null;
  }

  /** Starts an invalidation message for target: a push, or a message on the channel. */
  private header(target: Client): ReplyWriter {
    const w = this.start(target.resp);
    if (target.resp === 3) {
      w.push(2);
      w.bulk("invalidate");
    } else {
      w.push(3);
      w.bulk("message");
      w.bulk(INVALIDATE_CHANNEL);
    }
    return w;
  }

  private sendKeys(c: Client, keys: string[]): void {
    const target = this.destination(c);
    if (target === null) return;
    const w = this.header(target);
    w.array(keys.length);
    for (let i = 0; i < keys.length; i++) w.bulk(keys[i]);
    deliver(target, this.finish());
  }

  /** The flush message; its null is in the tracking client's protocol, wherever it goes. */
  private sendFlush(c: Client): void {
    const target = this.destination(c);
    if (target === null) return;
    const w = this.header(target);
    const resp = w.resp;
    w.resp = c.resp;
    w.nullBulk();
    w.resp = resp;
    deliver(target, this.finish());
  }

  private start(resp: 2 | 3): ReplyWriter {
    const w = this.w;
    w.resp = resp;
    w.pos = 0;
    return w;
  }

  /** The message's bytes: a copy, since recipients keep them queued. */
  private finish(): Uint8Array {
    const out = this.w.bytes().slice();
    this.w.reset();
    return out;
  }
}
