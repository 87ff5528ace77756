/**
 * The server: configuration, databases, connected clients, statistics and the listeners.
 * `startServer` is the embedding API; main.ts uses it too.
 */
import "../commands/mod.ts";
import { type Config, ConfigError } from "../config/config.ts";
import { metricsOf } from "../commands/server/metrics.ts";
import { type Logger, serverLogger } from "../log/logger.ts";
import type { Command } from "../commands/registry.ts";
import { Database, type KeyspaceObserver } from "../store/database.ts";
import type { Client } from "./client.ts";
import { type Clock, systemClock } from "./clock.ts";
import { formatAddr, serveConnection } from "./connection.ts";
import { seededRandom } from "./random.ts";
import { Stats } from "./stats.ts";
import { BlockingManager } from "./blocking.ts";
import { WatchRegistry } from "./multi.ts";
import { PubSubRegistry } from "./pubsub.ts";
import { CommandLog } from "./command_log.ts";
import { ClientPause } from "./pause.ts";
import { KeyspaceEvents, NOTIFY_EXPIRED, NOTIFY_NEW } from "./notify.ts";
import { Tracking } from "./tracking.ts";
import { lfuDecay, lfuInitial, lfuLogIncr, lfuMinutes } from "../store/lfu.ts";
import { RESPIRE_VERSION } from "../version.ts";
import { Persistence } from "../persistence/persistence.ts";
import { configPath } from "../config/words.ts";

export interface ServerOptions {
  config: Config;
  clock?: Clock;
  /** Seed for randomized commands (RANDOMKEY, SPOP, ...); random when absent. */
  seed?: number;
  /** Called when SHUTDOWN has closed everything (main.ts exits the process here). */
  onShutdown?: () => void;
}

export class Server implements KeyspaceObserver {
  readonly config: Config;
  readonly clock: Clock;
  readonly random: () => number;
  readonly stats = new Stats();
  readonly log: Logger = serverLogger();
  /** RDB snapshots, loading, the save schedule (persistence/persistence.ts). */
  readonly persistence: Persistence = new Persistence(this);
  /** WATCHed keys (multi.ts). */
  readonly watches = new WatchRegistry();
  /** Pub/Sub subscriptions (pubsub.ts). */
  readonly pubsub = new PubSubRegistry();
  /** MONITOR clients, slow log and latency events (command_log.ts). */
  readonly commandLog: CommandLog;
  /** CLIENT PAUSE state (pause.ts). */
  readonly pause = new ClientPause();
  /** Clients blocked on keys (blocking.ts). */
  readonly blocking = new BlockingManager();
  /** notify-keyspace-events and publishing keyspace events (notify.ts). */
  readonly keyspaceEvents: KeyspaceEvents;
  /** Client-side caching: who may hold which keys (tracking.ts). */
  readonly tracking: Tracking = new Tracking(this);
  /** The client whose command is running (set by dispatch), null between commands. */
  currentClient: Client | null = null;
  /**
   * While a connection runs the commands of one read batch synchronously: when the last
   * command ended (performance.now()), which is when the next one starts. -1 otherwise.
   * Saves one clock read per command (a Deno op, ~100 ns) without changing what is measured
   * by more than the parsing of one command.
   */
  commandClock = -1;
  /** maxmemory-policy is an LFU policy; read on every key access, so kept as a field. */
  lfuEnabled = false;
  /** lruClock() of the system clock, refreshed by the timer (Redis's server.lruclock). */
  private cachedLruClock = 0;
  dbs: Database[] = [];
  readonly clients = new Map<number, Client>();
  nextClientId = 1;
  readonly startedAt = Date.now();
  readonly runId: string;
  /** Writes since the last save (rdb_changes_since_last_save). */
  dirty = 0;
  lastSave = Math.floor(Date.now() / 1000);
  activeExpireEnabled = true;
  private listeners: Deno.Listener[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  /** The bind addresses and port the TCP listeners were opened for. */
  private tcpSpec = "";
  /** The host each TCP listener was asked for (bind's spelling), to reuse it on a rebind. */
  private readonly listenerHosts = new WeakMap<Deno.Listener, string>();
  /** Listeners closed by a rebind; their accept loops end quietly. */
  private readonly retired = new WeakSet<Deno.Listener>();
  private nextFd = 8;
  private closing: Promise<void> | null = null;
  private readonly connections = new Set<Promise<void>>();
  readonly onShutdown: () => void;
  /** Addresses actually bound, for the startup log and tests. */
  boundAddrs: string[] = [];
  port = 0;

  constructor(options: ServerOptions) {
    this.config = options.config;
    this.clock = options.clock ?? systemClock;
    this.random = options.seed === undefined ? Math.random : seededRandom(options.seed);
    this.onShutdown = options.onShutdown ?? (() => {});
    this.commandLog = new CommandLog(this.config);
    this.keyspaceEvents = new KeyspaceEvents(this);
    this.runId = Array.from(
      crypto.getRandomValues(new Uint8Array(20)),
      (b) => b.toString(16).padStart(2, "0"),
    ).join("");
    // the lru field of every key holds LFU data while this is set
    this.lfuEnabled = this.config.maxmemoryPolicy.endsWith("lfu");
    this.config.onChange("maxmemory-policy", (v) => this.lfuEnabled = v.endsWith("lfu"));
    this.refreshLruClock();
    const n = this.config.databases;
    for (let i = 0; i < n; i++) this.dbs.push(new Database(i, this.clock, this));
    this.persistence.attach();
  }

  /** An access under LFU: decay, then logarithmic increment (Redis's updateLFU). */
  lfuTouch(lru: number): number {
    const now = this.clock.now();
    let counter = lfuDecay(lru, now, this.config.lfuDecayTime);
    counter = lfuLogIncr(counter, this.config.lfuLogFactor, this.random);
    return (lfuMinutes(now) << 8) | counter;
  }

  /** The lru field for a newly created key. */
  initialLru(): number {
    return this.lfuEnabled ? lfuInitial(this.clock.now()) : this.lruClock();
  }

  // KeyspaceObserver
  keyModified(db: Database, key: string): void {
    if (this.persistence.aof.enabled) this.persistence.aof.keyModified(db, key);
    this.watches.touch(db, key);
  }
  keyExpired(db: Database, key: string): void {
    if (this.persistence.aof.enabled) this.persistence.aof.keyExpired(db, key);
    this.stats.expiredKeys++;
    this.keyspaceEvents.emit(NOTIFY_EXPIRED, "expired", key, db.id);
    this.watches.touch(db, key);
    if (this.tracking.watching) this.tracking.keyChanged(key, null);
  }
  keyAdded(db: Database, key: string): void {
    // keys read from an RDB file are not announced as new, as in Redis
    if (!this.persistence.loading) this.keyspaceEvents.emit(NOTIFY_NEW, "new", key, db.id);
    this.blocking.signalKeyReady(db, key);
  }
  contentsSwapped(a: Database, b: Database): void {
    // clients blocked in either database may find their keys filled now (Redis's
    // scanDatabaseForReadyKeys in SWAPDB)
    this.blocking.signalWaitedKeys(a);
    this.blocking.signalWaitedKeys(b);
  }

  /**
   * Records a write to key: WATCH/tracking hooks and the dirty counter. Tracking hears about
   * writes here rather than in keyModified, which FLUSHDB and SWAPDB also call for WATCH's
   * sake: Redis sends no per-key invalidations for those.
   */
  keyChanged(db: Database, key: string, changes = 1): void {
    this.dirty += changes;
    this.keyModified(db, key);
    if (this.tracking.watching) this.tracking.keyChanged(key, this.currentClient);
  }

  /**
   * Redis's LRU clock: seconds, 24 bits. With the system clock it is the value the timer last
   * cached, as in Redis (its resolution is a second, the timer runs hz times a second); other
   * clocks (ManualClock in tests) are read directly, since they move only when told to.
   */
  lruClock(): number {
    if (this.clock === systemClock) return this.cachedLruClock;
    return Math.floor(this.clock.now() / 1000) & 0xffffff;
  }

  private refreshLruClock(): void {
    this.cachedLruClock = Math.floor(this.clock.now() / 1000) & 0xffffff;
  }

  addClient(c: Client): void {
    this.clients.set(c.id, c);
    this.stats.connectionsReceived++;
  }

  removeClient(c: Client): void {
    c.closed = true;
    this.clients.delete(c.id);
    this.blocking.clientClosed(c);
    this.pubsub.removeAll(c);
    this.watches.unwatchAll(c);
    this.commandLog.monitors.delete(c);
    this.tracking.clientClosed(c);
  }

  afterCommand(c: Client, cmd: Command, args: string[], usec: number): void {
    metricsOf(this).afterCommand(cmd, usec);
    this.commandLog.record(c, cmd, args, usec);
    // the append-only file hears about the command before any blocked client is served
    if (this.persistence.aof.enabled) this.persistence.aof.afterCommand(c, cmd, args);
    // clients blocked on keys this command filled are served now that it has completed
    // (not between the commands of an EXEC: the EXEC itself comes here last)
    if (this.blocking.hasReadyKeys && c.multi === null) this.blocking.serveReadyKeys();
    if (c.tracking !== null || this.tracking.hasPending) this.tracking.afterCommand(c, cmd, args);
  }

  /**
   * Opens the TCP listeners that bind and port ask for: all of them or none (an address
   * starting with "-" may fail alone). Port 0 picks a free port. Listeners in `keep` that
   * already serve a wanted address are reused, since a socket just closed cannot be bound
   * again until the event loop has turned.
   */
  private bindTcp(
    port: number,
    keep: Deno.Listener[] = [],
  ): { listeners: Deno.Listener[]; opened: Deno.Listener[]; port: number } {
    const binds = this.config.bind.split(/\s+/).filter((b) => b !== "");
    const listeners: Deno.Listener[] = [];
    const opened: Deno.Listener[] = [];
    let chosen = port;
    try {
      for (const raw of binds) {
        const optional = raw.startsWith("-");
        const host = (optional ? raw.slice(1) : raw).replace(/^\*$/, "0.0.0.0");
        const reuse = keep.find((l) =>
          this.listenerHosts.get(l) === host && (l.addr as Deno.NetAddr).port === chosen
        );
        if (reuse !== undefined) {
          listeners.push(reuse);
          continue;
        }
        try {
          const l = Deno.listen({ hostname: host, port: chosen, transport: "tcp" });
          chosen = (l.addr as Deno.NetAddr).port;
          this.listenerHosts.set(l, host);
          listeners.push(l);
          opened.push(l);
        } catch (e) {
          if (!optional) throw e;
        }
      }
    } catch (e) {
      for (const l of opened) l.close();
      throw e;
    }
    return { listeners, opened, port: chosen };
  }

  /**
   * CONFIG SET bind/port: moves the TCP listeners, keeping connected clients. Throws
   * ConfigError (and keeps the old listeners) when the new addresses cannot all be bound.
   */
  private rebind(error: string): void {
    if (this.timer === undefined || this.closing) return;
    const port = this.config.port || this.port;
    const spec = `${this.config.bind}|${port}`;
    if (spec === this.tcpSpec) return;
    const old = this.listeners.filter((l) => l.addr.transport === "tcp");
    let fresh;
    try {
      fresh = this.bindTcp(port, old);
    } catch (e) {
      this.log.warning(`Failed to bind: ${(e as Error).message}`);
      throw new ConfigError(error);
    }
    this.tcpSpec = spec;
    const oldAddrs = new Set(old.map((l) => formatAddr(l.addr)));
    for (const l of old) {
      if (fresh.listeners.includes(l)) continue;
      this.retired.add(l);
      l.close();
    }
    this.listeners = [
      ...fresh.listeners,
      ...this.listeners.filter((l) => l.addr.transport !== "tcp"),
    ];
    this.boundAddrs = [
      ...fresh.listeners.map((l) => formatAddr(l.addr)),
      ...this.boundAddrs.filter((a) => !oldAddrs.has(a)),
    ];
    this.port = fresh.port;
    for (const l of fresh.opened) this.acceptLoop(l);
  }

  async listen(): Promise<void> {
    const port = this.config.port;
    const tcp = this.bindTcp(port);
    this.listeners.push(...tcp.listeners);
    this.boundAddrs.push(...tcp.listeners.map((l) => formatAddr(l.addr)));
    if (port !== 0 || tcp.listeners.length > 0) this.port = tcp.port;
    this.tcpSpec = `${this.config.bind}|${this.port}`;
    const unixsocket = configPath(this.config.unixsocket);
    if (unixsocket !== "") {
      try {
        await Deno.remove(unixsocket);
      } catch { /* not there */ }
      const l = Deno.listen({ transport: "unix", path: unixsocket });
      const perm = this.config.unixsocketperm;
      if (perm > 0) await Deno.chmod(unixsocket, perm);
      this.listeners.push(l);
      this.boundAddrs.push(unixsocket);
    }
    for (const l of this.listeners) this.acceptLoop(l);
    this.startTimer();
    this.config.onChange("bind", () => this.rebind("Failed to bind to specified addresses."));
    this.config.onChange(
      "port",
      () => this.rebind("Unable to listen on this port. Check server logs."),
    );
    // CONFIG SET hz takes effect on the next tick
    this.config.onChange("hz", () => {
      if (this.timer !== undefined && !this.closing) this.startTimer();
    });
  }

  private startTimer(): void {
    clearInterval(this.timer);
    const hz = Math.max(1, Math.min(500, this.config.hz));
    this.timer = setInterval(() => this.cron(), Math.floor(1000 / hz));
  }

  private async acceptLoop(listener: Deno.Listener): Promise<void> {
    try {
      for await (const conn of listener) {
        if (this.closing) {
          conn.close();
          continue;
        }
        if (this.clients.size >= this.config.maxclients) {
          this.stats.rejectedConnections++;
          this.rejectConnection(conn);
          continue;
        }
        if (conn.remoteAddr.transport === "tcp") {
          try {
            (conn as Deno.TcpConn).setNoDelay(true);
            // tcp-keepalive: probes on (Deno leaves their period to the system's settings)
            if (this.config.tcpKeepalive > 0) (conn as Deno.TcpConn).setKeepAlive(true);
          } catch { /* not fatal */ }
        }
        const task = serveConnection(this, conn, this.nextFd++);
        this.connections.add(task);
        task.finally(() => this.connections.delete(task));
      }
    } catch (e) {
      if (!this.closing && !this.retired.has(listener)) this.log.warning(`accept failed: ${e}`);
    }
  }

  private async rejectConnection(conn: Deno.Conn): Promise<void> {
    try {
      await conn.write(new TextEncoder().encode("-ERR max number of clients reached\r\n"));
    } catch { /* the client went away */ }
    try {
      conn.close();
    } catch { /* closed */ }
  }

  /** Periodic work: active expiry within a CPU budget, idle-client timeouts. */
  private cron(): void {
    this.refreshLruClock();
    metricsOf(this).cron(this);
    this.persistence.cron();
    // like Redis, active expiry stops while clients are paused (CLIENT PAUSE)
    if (this.activeExpireEnabled && this.pause.mode === null) {
      const hz = Math.max(1, this.config.hz);
      // Redis gives the slow cycle 25% of each tick's time
      const deadline = performance.now() +
        (250 / hz) * (this.config.activeExpireEffort / 4 + 0.75) / 4;
      for (const db of this.dbs) {
        if (performance.now() > deadline) break;
        db.activeExpire(deadline);
      }
    }
    const timeout = this.config.timeout;
    if (timeout > 0) {
      const now = Date.now();
      for (const c of this.clients.values()) {
        // as in Redis, subscribers and MONITOR clients are never idle-closed
        if (now - c.lastInteraction > timeout * 1000 && !c.blocked && !c.pubsub && !c.monitor) {
          this.log.debug(`Closing idle client`);
          c.kill();
        }
      }
    }
  }

  /** Stops listening, closes every client and the timers. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = (async () => {
      clearInterval(this.timer);
      // commands waiting out a CLIENT PAUSE must not keep their connections open
      this.pause.close();
      for (const l of this.listeners) {
        try {
          l.close();
        } catch { /* closed */ }
      }
      for (const c of this.clients.values()) c.kill();
      await Promise.allSettled([...this.connections]);
      const unixsocket = configPath(this.config.unixsocket);
      if (unixsocket !== "") {
        try {
          await Deno.remove(unixsocket);
        } catch { /* gone */ }
      }
    })();
    return this.closing;
  }

  get isClosing(): boolean {
    return this.closing !== null;
  }

  version(): string {
    return RESPIRE_VERSION;
  }
}
