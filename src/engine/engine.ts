/**
 * The engine: one server's data and command execution, with no sockets. It owns the
 * keyspace (databases, expiry, the clocks, the dirty counter, keyspace events), runs commands
 * (dispatch.ts, Redis's call()) and their propagation (propagation.ts), and keeps the
 * registries that belong to the data: watched keys, blocked clients, Pub/Sub subscriptions,
 * client tracking, the command log, persistence. The network server (src/server/) accepts
 * connections, turns each into a Client of the engine and drives its timer; tests drive an
 * engine directly with socket-less clients.
 */
import "../commands/mod.ts";
import type { Config } from "../config/config.ts";
import { ServerMetrics } from "./metrics.ts";
import { type Logger, serverLogger } from "../log/logger.ts";
import type { Command } from "../commands/registry.ts";
import { Database, type KeyspaceObserver } from "../store/database.ts";
import { Client } from "./client.ts";
import { findCommand } from "./dispatch.ts";
import { type Clock, systemClock } from "./clock.ts";
import { seededRandom } from "./random.ts";
import { Stats } from "./stats.ts";
import { BlockingManager } from "./blocking.ts";
import { discardTransaction, WatchRegistry } from "./multi.ts";
import { PubSubRegistry } from "./pubsub.ts";
import { CommandLog } from "./command_log.ts";
import { ClientPause } from "./pause.ts";
import { KeyspaceEvents, NOTIFY_EXPIRED, NOTIFY_NEW } from "./notify.ts";
import { Tracking } from "./tracking.ts";
import { lfuDecay, lfuInitial, lfuLogIncr, lfuMinutes } from "../store/lfu.ts";
import { RESPIRE_VERSION } from "../version.ts";
import { Persistence } from "../persistence/persistence.ts";
import { Propagation } from "./propagation.ts";
import type { Runtime } from "../runtime/runtime.ts";

export interface EngineOptions {
  config: Config;
  clock?: Clock;
  /** Seed for randomized commands (RANDOMKEY, SPOP, ...); random when absent. */
  seed?: number;
  /** Sockets, files and process facts; default the config's (the Deno adapter unless set). */
  runtime?: Runtime;
}

/**
 * What commands may ask of the network server driving the engine (INFO's tcp_port,
 * SHUTDOWN). An engine without one (tests) reports port 0 and closes its clients.
 */
export interface NetworkControl {
  /** The TCP port listened on, 0 when none. */
  readonly port: number;
  /** Stops listening, closes every client, then ends the process where one runs it. */
  shutdown(): Promise<void>;
}

/** A clock stopped at the epoch: while an AOF replays nothing expires, as in Redis. */
const EPOCH_CLOCK: Clock = { now: () => 0 };

/** 40 random hex digits, as Redis's run id and replication id. */
function randomHexId(): string {
  return Array.from(
    crypto.getRandomValues(new Uint8Array(20)),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
}

export class Engine implements KeyspaceObserver {
  readonly config: Config;
  /** What the engine asks of the runtime (src/runtime/): files, process facts. */
  readonly runtime: Runtime;
  /** Replaced only while an AOF replays (freezeClock). */
  clock: Clock;
  readonly random: () => number;
  readonly stats = new Stats();
  /** What commands change, for the AOF (and later replicas): propagation.ts. */
  readonly propagation = new Propagation();
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
  /** The fake client AOF commands are replayed through, made on first use. */
  private aofClient: Client | null = null;
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
  /** The replication id INFO replication reports (a primary without replicas keeps one). */
  readonly replicationId: string;
  /** Rates, memory peak and latency histograms for INFO (engine/metrics.ts). */
  readonly metrics: ServerMetrics;
  /** Writes since the last save (rdb_changes_since_last_save). */
  dirty = 0;
  lastSave = Math.floor(Date.now() / 1000);
  activeExpireEnabled = true;
  /** The network server driving this engine, if any. */
  network: NetworkControl = {
    port: 0,
    shutdown: () => {
      for (const c of this.clients.values()) c.kill();
      return Promise.resolve();
    },
  };

  constructor(options: EngineOptions) {
    this.config = options.config;
    this.runtime = options.runtime ?? options.config.runtime;
    this.clock = options.clock ?? systemClock;
    this.random = options.seed === undefined ? Math.random : seededRandom(options.seed);
    this.commandLog = new CommandLog(this.config);
    this.keyspaceEvents = new KeyspaceEvents(this);
    this.runId = randomHexId();
    this.replicationId = randomHexId();
    this.metrics = new ServerMetrics(this.config, this.runtime);
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
    this.watches.touch(db, key);
  }
  keyExpired(db: Database, key: string): void {
    // Redis propagates an expiry as the deletion it amounts to, where it happens
    if (this.propagation.active) {
      this.propagation.also(db.id, [
        this.config.lazyfreeLazyExpire ? "UNLINK" : "DEL",
        key,
      ]);
    }
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

  /**
   * Runs one command read from an AOF (PersistenceHost), as Redis's fake AOF client: no reply,
   * no statistics, and a command that fails changes nothing. False for an unknown command.
   */
  replayCommand(args: string[]): boolean {
    const cmd = findCommand(args);
    if (cmd === undefined || cmd.handler === null) return false;
    let fake = this.aofClient;
    if (fake === null) {
      fake = this.aofClient = new Client(this, "aof", "aof", -1);
      fake.authenticated = true;
    }
    const caller = this.currentClient;
    this.currentClient = fake;
    try {
      cmd.handler(fake, args);
    } catch {
      /* as in Redis, a command that fails while loading changes nothing */
    } finally {
      this.currentClient = caller;
      fake.w.pos = 0;
    }
    return true;
  }

  /** Stops the clocks at the epoch until the returned function runs (PersistenceHost). */
  freezeClock(): () => void {
    const clock = this.clock;
    this.clock = EPOCH_CLOCK;
    for (const db of this.dbs) db.clock = EPOCH_CLOCK;
    return () => {
      this.clock = clock;
      for (const db of this.dbs) db.clock = clock;
    };
  }

  /**
   * RESET: what other features hold for the connection goes (its transaction and watched
   * keys, subscriptions without notifications, client tracking, MONITOR), before the connection's own state (database,
   * protocol, name, authentication) goes back to its defaults.
   */
  resetClient(c: Client): void {
    discardTransaction(c);
    c.monitor = false;
    this.commandLog.monitors.delete(c);
    this.pubsub.removeAll(c);
    this.tracking.disable(c);
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
    this.metrics.afterCommand(cmd, usec);
    this.commandLog.record(c, cmd, args, usec);
    // clients blocked on keys this command filled are served now that it has completed
    // (not between the commands of an EXEC: the EXEC itself comes here last)
    if (this.blocking.hasReadyKeys && c.multi === null) this.blocking.serveReadyKeys();
    if (c.tracking !== null || this.tracking.hasPending) this.tracking.afterCommand(c, cmd, args);
  }

  /** Periodic work, hz times a second: active expiry within a CPU budget, idle timeouts. */
  cron(): void {
    this.refreshLruClock();
    this.metrics.cron(this);
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

  version(): string {
    return RESPIRE_VERSION;
  }
}
