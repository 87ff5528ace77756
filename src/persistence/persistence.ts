/**
 * The server's persistence state and operations: SAVE, BGSAVE (scheduled or not), the `save`
 * points checked from the cron, loading at startup (with -LOADING meanwhile), the final save
 * at shutdown, DEBUG RELOAD, the MISCONF write refusal and INFO's persistence fields.
 *
 * Files live in the working directory, which is `dir` (CONFIG SET dir changes directory).
 */
import type { PersistenceHost } from "./host.ts";
import type { Entry } from "../store/database.ts";
import { lfuDecay, lfuMinutes } from "../store/lfu.ts";
import { inDir } from "../config/dir.ts";
import { type LoadedKey, RdbLoader, RdbLoadError } from "./rdb_reader.ts";
import { limitsFrom } from "./rdb_value.ts";
import { RdbEncoder, type RdbWriteOptions, standardAux } from "./rdb_writer.ts";
import { type BackgroundResult, BackgroundSnapshot, saveSync } from "./snapshot.ts";
import { Aof } from "./aof.ts";
import { LoadFailure } from "./load_failure.ts";
import { ConfigError } from "../config/config.ts";
import { configPath } from "../config/words.ts";

/** Redis retries a failed background save after this many seconds. */
const BGSAVE_RETRY_DELAY = 5;
/** Time slice for loading at startup (ms); between slices clients get -LOADING. */
const LOAD_SLICE_MS = 20;

export const MISCONF_RDB = "MISCONF Redis is configured to save RDB snapshots, but it's " +
  "currently unable to persist to disk. Commands that may modify the data set are disabled, " +
  "because this instance is configured to report errors during writes if RDB snapshotting " +
  "fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about " +
  "the RDB error.";

export const LOADING_ERROR = "LOADING Redis is loading the dataset in memory";

export { LoadFailure };

interface SavePoint {
  seconds: number;
  changes: number;
}

/** Whole seconds from the second containing `startMs` to the current second. */
export function wholeSecondsSince(startMs: number): number {
  return Math.floor(Date.now() / 1000) - Math.floor(startMs / 1000);
}

export function parseSavePoints(value: string): SavePoint[] {
  const words = value.split(/\s+/).filter((w) => w !== "");
  const points: SavePoint[] = [];
  for (let i = 0; i + 1 < words.length; i += 2) {
    points.push({ seconds: Number(words[i]), changes: Number(words[i + 1]) });
  }
  return points;
}

export class Persistence {
  /**
   * True while some commands must be refused: during loading (-LOADING), and after a failed
   * background save (-MISCONF for writes). Dispatch reads only this field on the fast path.
   */
  restricting = false;
  private loadingNow = false;
  private lastBgsaveOkNow = true;
  private loadingStartTime = 0;
  private loadingTotalBytes = 0;
  private loader: RdbLoader | null = null;
  lastLoadKeysLoaded = 0;
  lastLoadKeysExpired = 0;

  // RDB saving
  private bgsave: BackgroundSnapshot | null = null;
  private bgsaveDone: Promise<void> | null = null;
  private dirtyAtBgsaveStart = 0;
  bgsaveScheduled = false;
  private lastBgsaveTry = 0;
  lastBgsaveSeconds = -1;
  rdbSaves = 0;
  /** Sliced background saves: the longest time the walk may hold the event loop (ms). */
  bgsaveSliceMs = 1;

  /** The append-only file (aof.ts). */
  readonly aof: Aof;

  constructor(private readonly server: PersistenceHost) {
    this.aof = new Aof(server, this);
  }

  /** Called once the server is constructed: reacts to CONFIG SET appendonly. */
  attach(): void {
    this.server.config.onChange("appendonly", (v) => {
      if (this.loading) return;
      if (v === "yes") {
        if (!this.aof.turnOn()) throw new ConfigError("Unable to turn on AOF. Check server logs.");
      } else {
        this.aof.turnOff();
      }
    });
  }

  /** Recomputes `restricting` after a status change. */
  refreshRestrictions(): void {
    this.restricting = this.loadingNow || !this.lastBgsaveOkNow || !this.aof.lastWriteOk;
  }

  get loading(): boolean {
    return this.loadingNow;
  }

  set loading(on: boolean) {
    this.loadingNow = on;
    this.refreshRestrictions();
  }

  /** rdb_last_bgsave_status. */
  get lastBgsaveOk(): boolean {
    return this.lastBgsaveOkNow;
  }

  set lastBgsaveOk(ok: boolean) {
    this.lastBgsaveOkNow = ok;
    this.refreshRestrictions();
  }

  /**
   * The -MISCONF error writes get now (after a failed background save, or while the AOF
   * cannot be written), or null. Dispatch decides which commands it applies to.
   */
  misconfDenial(): string | null {
    return this.writeDenial() ?? this.aof.writeDenial();
  }

  // ---------------------------------------------------------------------------------------
  // file names and options

  get rdbFilename(): string {
    return configPath(this.server.config.dbfilename);
  }

  /** `name` in the server's dir, where redis-server (which chdirs there) would open it. */
  inDir(name: string): string {
    return inDir(this.server.config.dirPath, name);
  }

  private tempName(kind: string): string {
    return `temp-${kind}${this.server.runtime.process.pid}.rdb`;
  }

  writeOptions(): RdbWriteOptions {
    const config = this.server.config;
    const policy = config.maxmemoryPolicy;
    let accessData: RdbWriteOptions["accessData"] = null;
    if (policy.endsWith("lru")) {
      accessData = (e: Entry) => ({ idle: this.idleSeconds(e) });
    } else if (policy.endsWith("lfu")) {
      const decay = config.lfuDecayTime;
      accessData = (e: Entry) => ({ freq: lfuDecay(e.lru, this.server.clock.now(), decay) });
    }
    return {
      compress: config.rdbcompression,
      checksum: config.rdbchecksum,
      listNodeSize: config.listMaxListpackSize,
      accessData,
    };
  }

  private idleSeconds(e: Entry): number {
    const clock = this.server.lruClock();
    return clock >= e.lru ? clock - e.lru : clock + (0xffffff - e.lru);
  }

  /** An RDB encoder with the header written (aofBase: for an AOF base file). */
  rdbEncoder(aofBase: boolean): RdbEncoder {
    const enc = new RdbEncoder(this.writeOptions());
    enc.header(standardAux(this.server.runtime.process.memoryUsage().heapUsed, aofBase));
    return enc;
  }

  get savePoints(): SavePoint[] {
    return parseSavePoints(this.server.config.save);
  }

  // ---------------------------------------------------------------------------------------
  // saving

  get bgsaveInProgress(): boolean {
    return this.bgsave !== null;
  }

  /** SAVE: a synchronous snapshot. Returns false (after logging why) on failure. */
  saveNow(): boolean {
    const server = this.server;
    const temp = this.tempName("");
    try {
      saveSync(
        server.runtime.fs,
        server.dbs,
        this.inDir(this.rdbFilename),
        this.inDir(temp),
        this.rdbEncoder(false),
      );
    } catch (e) {
      this.logSaveError(e, temp);
      return false;
    }
    server.dirty = 0;
    server.lastSave = Math.floor(Date.now() / 1000);
    this.lastBgsaveOk = true;
    server.log.info("DB saved on disk");
    return true;
  }

  private logSaveError(e: unknown, temp: string): void {
    const errors = this.server.runtime.errors;
    const reason = errors.errnoText(e);
    if (errors.kind(e) === "PermissionDenied" || errors.kind(e) === "NotFound") {
      this.server.log.warning(
        `Failed opening the temp RDB file ${temp} (in server root dir ${this.server.config.dirPath}) for saving: ${reason}`,
      );
    } else {
      this.server.log.warning(`Write error saving DB on disk: ${reason}`);
    }
  }

  /**
   * Starts a background save. Returns false when one cannot start (one is running, or the
   * temp file cannot be created: the error is logged and recorded as a failed save).
   */
  startBgsave(): boolean {
    if (this.bgsave !== null || this.aof.rewriteInProgress) return false;
    const server = this.server;
    this.rdbSaves++;
    this.lastBgsaveTry = Math.floor(Date.now() / 1000);
    this.dirtyAtBgsaveStart = server.dirty;
    const temp = this.tempName("bg-");
    const snapshot = new BackgroundSnapshot(
      server.runtime.fs,
      server.dbs,
      this.inDir(this.rdbFilename),
      this.inDir(temp),
      this.rdbEncoder(false),
      this.bgsaveSliceMs,
    );
    this.bgsave = snapshot;
    this.bgsaveScheduled = false;
    server.log.info("Background saving started");
    const started = performance.now();
    this.bgsaveDone = snapshot.run().then((result) => this.bgsaveFinished(result, started, temp));
    return true;
  }

  private bgsaveFinished(result: BackgroundResult, started: number, temp: string): void {
    const server = this.server;
    this.bgsave = null;
    this.bgsaveDone = null;
    const seconds = (performance.now() - started) / 1000;
    // whole seconds between the wall-clock seconds of start and end, as Redis counts them
    this.lastBgsaveSeconds = wholeSecondsSince(Date.now() - seconds * 1000);
    if (result.ok) {
      server.dirty = Math.max(0, server.dirty - this.dirtyAtBgsaveStart);
      server.lastSave = Math.floor(Date.now() / 1000);
      this.lastBgsaveOk = true;
      // redis-server's child logs the line without figures, its parent the next one
      server.log.info("DB saved on disk");
      server.log.info("Background saving terminated with success");
    } else if (result.aborted) {
      server.log.warning("Background saving terminated by signal 10");
    } else {
      this.logSaveError(result.error, temp);
      this.lastBgsaveOk = false;
      server.log.warning("Background saving error");
    }
  }

  /** Stops a running background save (no file is written). */
  abortBgsave(): void {
    if (this.bgsave === null) return;
    this.bgsave.abort();
  }

  /** Resolves when no background save is running. */
  async waitForBgsave(): Promise<void> {
    while (this.bgsaveDone !== null) await this.bgsaveDone;
  }

  /** The progress INFO shows for the running save. */
  private bgsaveProgress(): { processed: number; total: number; seconds: number } {
    const b = this.bgsave;
    if (b === null) return { processed: 0, total: 0, seconds: -1 };
    return {
      processed: b.keysWritten,
      total: b.keysTotal,
      seconds: Math.floor((Date.now() - b.startedAt) / 1000),
    };
  }

  /** Called by the server cron: save points and scheduled saves. */
  cron(): void {
    if (this.loading) return;
    this.aof.cron();
    if (this.bgsave !== null || this.aof.rewriteInProgress) return;
    const server = this.server;
    const now = Math.floor(Date.now() / 1000);
    const retryAllowed = now - this.lastBgsaveTry > BGSAVE_RETRY_DELAY || this.lastBgsaveOk;
    if (this.bgsaveScheduled && retryAllowed) {
      this.startBgsave();
      return;
    }
    for (const sp of this.savePoints) {
      if (server.dirty >= sp.changes && now - server.lastSave > sp.seconds && retryAllowed) {
        server.log.info(`${sp.changes} changes in ${sp.seconds} seconds. Saving...`);
        this.startBgsave();
        return;
      }
    }
  }

  /**
   * The save SHUTDOWN (or SIGTERM) does: any background save is stopped, then a synchronous
   * one. Not while loading (the file on disk is what is being loaded). Returns false when it
   * failed.
   */
  shutdownSave(): boolean {
    if (this.loading) return true;
    this.aof.shutdown();
    if (this.bgsave !== null) {
      this.server.log.warning("There is a child saving an .rdb. Killing it!");
      this.abortBgsave();
    }
    this.server.log.info("Saving the final RDB snapshot before exiting.");
    // saveNow logs "DB saved on disk", once, as Redis's rdbSave does
    return this.saveNow();
  }

  /** SHUTDOWN NOSAVE (or no save points): background jobs stop, the AOF is synced. */
  shutdownWithoutSave(): void {
    this.abortBgsave();
    this.aof.shutdown();
  }

  /**
   * A shutdown by signal, under shutdown-on-sigterm / shutdown-on-sigint ("default", or
   * flags among save, nosave, now, force). Returns false when the save failed and the server
   * must keep running.
   */
  shutdownOnSignal(policy: string): boolean {
    const flags = policy.split(/\s+/);
    const save = flags.includes("save") ||
      (!flags.includes("nosave") && this.savePoints.length > 0);
    if (!save) {
      this.shutdownWithoutSave();
      return true;
    }
    if (this.shutdownSave()) return true;
    if (!flags.includes("force")) return false;
    this.server.log.warning("Error trying to save the DB. Exit anyway.");
    return true;
  }

  /**
   * FLUSHALL: like Redis, a running background save is abandoned, and when save points are
   * configured the (now empty) dataset is saved at once.
   */
  afterFlushAll(): void {
    this.abortBgsave();
    if (this.savePoints.length === 0) return;
    this.saveNow();
  }

  /** The MISCONF error write commands get after a failed background save, or null. */
  writeDenial(): string | null {
    if (this.lastBgsaveOk) return null;
    const config = this.server.config;
    if (!config.stopWritesOnBgsaveError || config.save === "") return null;
    return MISCONF_RDB;
  }

  // ---------------------------------------------------------------------------------------
  // loading

  /**
   * Loads dir/dbfilename into the (empty) databases when the file exists, a slice at a time
   * so clients are answered with -LOADING meanwhile. Throws LoadFailure when the file cannot
   * be read or is corrupt; the file is left untouched.
   */
  async loadAtStartup(): Promise<void> {
    if (this.server.config.appendonly) {
      // with the AOF on, the AOF is the dataset (the RDB file is not read), as in Redis
      this.startLoading(0);
      try {
        await this.aof.load();
      } finally {
        this.loading = false;
      }
      try {
        this.aof.openAtStartup();
      } catch (e) {
        if (e instanceof LoadFailure) throw e;
        throw new LoadFailure(
          `Can't open the append-only file: ${this.server.runtime.errors.errnoText(e)}`,
        );
      }
      return;
    }
    const path = this.inDir(this.rdbFilename);
    const { fs, errors } = this.server.runtime;
    let data: Uint8Array;
    // reading a large file takes a while too: clients already get -LOADING meanwhile
    this.startLoading(0);
    try {
      this.loadingTotalBytes = (await fs.stat(path)).size;
      data = await fs.readFile(path);
    } catch (e) {
      this.loading = false;
      if (errors.kind(e) === "NotFound") return;
      throw new LoadFailure(`Fatal error loading the DB: ${errors.errnoText(e)}. Exiting.`);
    }
    await this.loadBuffer(data, true);
  }

  /** Loads an RDB image (sliced when `sliced`); throws LoadFailure. */
  async loadBuffer(data: Uint8Array, sliced: boolean): Promise<void> {
    const started = performance.now();
    if (!this.loading) this.startLoading(data.length);
    this.loadingTotalBytes = data.length;
    try {
      const loader = this.makeLoader(data);
      this.loader = loader;
      while (!loader.step(sliced ? performance.now() + LOAD_SLICE_MS : Infinity)) {
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      this.finishLoad(loader, started);
    } catch (e) {
      if (e instanceof RdbLoadError) throw this.corrupt(e);
      throw e;
    } finally {
      this.loading = false;
      this.loader = null;
    }
  }

  private startLoading(totalBytes: number): void {
    this.loading = true;
    this.loadingStartTime = Math.floor(Date.now() / 1000);
    this.loadingTotalBytes = totalBytes;
  }

  /**
   * DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, empty the databases, load the file back.
   * Returns the error reply, or null when it worked.
   */
  debugReload(options: string[]): string | null {
    let merge = false;
    let flush = true;
    let save = true;
    for (const o of options) {
      const opt = o.toUpperCase();
      if (opt === "MERGE") merge = true;
      else if (opt === "NOFLUSH") flush = false;
      else if (opt === "NOSAVE") save = false;
      else return "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.";
    }
    const server = this.server;
    if (save && !this.saveNow()) return "ERR";
    if (flush) {
      for (const db of server.dbs) {
        for (const key of db.data.keys()) server.keyModified(db, key);
        db.clear();
      }
    }
    try {
      this.loadSync(merge);
    } catch (e) {
      server.log.warning(e instanceof Error ? e.message : String(e));
      return "ERR Error trying to load the RDB dump, check server logs.";
    }
    server.log.warning("DB reloaded by DEBUG RELOAD");
    return null;
  }

  /** A synchronous load of dir/dbfilename into the databases (DEBUG RELOAD). */
  loadSync(replaceExisting = false): void {
    let data: Uint8Array;
    try {
      data = this.server.runtime.fs.readFileSync(this.inDir(this.rdbFilename));
    } catch (e) {
      throw new LoadFailure(
        `Fatal error loading the DB: ${this.server.runtime.errors.errnoText(e)}.`,
      );
    }
    const started = performance.now();
    const loader = this.makeLoader(data, replaceExisting);
    try {
      loader.step(Infinity);
    } catch (e) {
      if (e instanceof RdbLoadError) throw this.corrupt(e);
      throw e;
    }
    this.finishLoad(loader, started);
  }

  private makeLoader(data: Uint8Array, replaceExisting = false): RdbLoader {
    const server = this.server;
    const databases = server.dbs.length;
    const lfu = server.lfuEnabled;
    const lru = server.config.maxmemoryPolicy.endsWith("lru");
    // the access clock for new keys, refreshed every few thousand keys rather than per key
    let freshLru = server.initialLru();
    let sinceRefresh = 0;
    return new RdbLoader(data, {
      limits: limitsFrom(server.config),
      now: server.clock.now(),
      dropExpired: true,
      verifyChecksum: server.config.rdbchecksum,
    }, (k: LoadedKey) => {
      if (k.db >= databases) {
        throw new RdbLoadError(
          `FATAL: Data file was created with a Redis server configured to handle more than ${databases} databases. Exiting`,
        );
      }
      const db = server.dbs[k.db];
      if (db.data.has(k.key)) {
        if (!replaceExisting) throw new RdbLoadError(`RDB has duplicated key in DB ${k.db}`);
        db.delete(k.key);
      }
      const e = db.set(k.key, k.value);
      if (k.expireAt !== 0) db.setExpire(k.key, k.expireAt);
      if (lfu && k.freq >= 0) {
        e.lru = (lfuMinutes(server.clock.now()) << 8) | k.freq;
      } else if (lru && k.idle >= 0) {
        let at = server.lruClock() - k.idle;
        if (at < 0) at += 0xffffff;
        e.lru = at;
      } else {
        if (++sinceRefresh === 4096) {
          sinceRefresh = 0;
          freshLru = server.initialLru();
        }
        e.lru = freshLru;
      }
    });
  }

  private finishLoad(loader: RdbLoader, started: number): void {
    const server = this.server;
    const produced = loader.aux.get("redis-ver");
    if (produced !== undefined) server.log.info(`Loading RDB produced by version ${produced}`);
    const ctime = Number(loader.aux.get("ctime"));
    if (Number.isFinite(ctime) && ctime > 0) {
      server.log.info(`RDB age ${Math.max(0, Math.floor(Date.now() / 1000) - ctime)} seconds`);
    }
    this.lastLoadKeysLoaded = loader.keysLoaded;
    this.lastLoadKeysExpired = loader.keysExpired;
    if (loader.functionsSkipped > 0) {
      server.log.warning(
        `The RDB file holds ${loader.functionsSkipped} function libraries; respire has no functions engine and skipped them`,
      );
    }
    if (loader.emptyKeysSkipped > 0) {
      server.log.info(
        `Done loading RDB, keys loaded: ${loader.keysLoaded}, keys expired: ${loader.keysExpired}, empty keys skipped: ${loader.emptyKeysSkipped}.`,
      );
    } else {
      server.log.info(
        `Done loading RDB, keys loaded: ${loader.keysLoaded}, keys expired: ${loader.keysExpired}.`,
      );
    }
    server.log.info(
      `DB loaded from disk: ${((performance.now() - started) / 1000).toFixed(3)} seconds`,
    );
  }

  private corrupt(e: RdbLoadError): LoadFailure {
    return new LoadFailure(
      `Error loading the RDB file ${this.rdbFilename} (in ${this.server.config.dirPath}): ${e.message}. ` +
        "The file was left untouched. Fix or remove it (redis-check-rdb can tell what is wrong).",
    );
  }

  // ---------------------------------------------------------------------------------------
  // INFO

  /** The fields of INFO persistence, in Redis's order. */
  info(l: string[]): void {
    const server = this.server;
    const progress = this.bgsaveProgress();
    const perc = progress.total > 0 ? (100 * progress.processed) / progress.total : 0;
    l.push(
      `loading:${this.loading ? 1 : 0}`,
      "async_loading:0",
      "current_cow_peak:0",
      "current_cow_size:0",
      "current_cow_size_age:0",
      `current_fork_perc:${perc.toFixed(2)}`,
      `current_save_keys_processed:${progress.processed}`,
      `current_save_keys_total:${progress.total}`,
      `rdb_changes_since_last_save:${server.dirty}`,
      `rdb_bgsave_in_progress:${this.bgsave !== null ? 1 : 0}`,
      `rdb_last_save_time:${server.lastSave}`,
      `rdb_last_bgsave_status:${this.lastBgsaveOk ? "ok" : "err"}`,
      `rdb_last_bgsave_time_sec:${this.lastBgsaveSeconds}`,
      `rdb_current_bgsave_time_sec:${progress.seconds}`,
      `rdb_saves:${this.rdbSaves}`,
      "rdb_last_cow_size:0",
      `rdb_last_load_keys_expired:${this.lastLoadKeysExpired}`,
      `rdb_last_load_keys_loaded:${this.lastLoadKeysLoaded}`,
    );
    this.aof.info(l);
    if (this.loading) {
      const loaded = this.loader !== null ? this.loader.position : 0;
      const total = this.loadingTotalBytes;
      const elapsed = Math.floor(Date.now() / 1000) - this.loadingStartTime;
      const eta = loaded > 0 && elapsed > 0 ? Math.floor((total - loaded) / (loaded / elapsed)) : 1;
      l.push(
        `loading_start_time:${this.loadingStartTime}`,
        `loading_total_bytes:${total}`,
        "loading_rdb_used_mem:0",
        `loading_loaded_bytes:${loaded}`,
        `loading_loaded_perc:${total > 0 ? ((100 * loaded) / total).toFixed(2) : "0.00"}`,
        `loading_eta_seconds:${eta}`,
      );
    }
  }
}
