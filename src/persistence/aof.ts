/**
 * The append-only file, as Redis 7.0's multi-part AOF: a directory (appenddirname) with a
 * manifest, one base file (an RDB image, or AOF commands when aof-use-rdb-preamble is no) and
 * incremental files of commands in RESP, replayed in order after the base.
 *
 * The incremental file receives the propagated operations (src/server/propagation.ts: each
 * write command as received or as the command it amounts to, expirations as DEL, MULTI/EXEC
 * around an execution unit of several operations), with a SELECT whenever the database
 * changes. It knows nothing about individual commands.
 *
 * Every command's bytes are written to the file (write(2)) before the command's reply leaves,
 * so a kill -9 loses nothing; appendfsync decides when the data is forced to the disk: after
 * each command (always), once a second (everysec) or when the system likes (no).
 *
 * BGREWRITEAOF opens a new incremental file, then writes a new base from a point-in-time
 * image of the dataset (the same sliced, copy-before-write walk as BGSAVE); when it is done
 * the manifest names the new base and the new incremental file, and the old files go.
 */
import type { FileHandle, FileSystem } from "../runtime/runtime.ts";
import type { PersistenceHost } from "./host.ts";
import { ByteSink } from "./bytes_io.ts";
import {
  type AofFileInfo,
  type AofManifest,
  baseName,
  formatManifest,
  incrName,
  ManifestError,
  manifestName,
  parseManifest,
} from "./aof_manifest.ts";
import { AofCommandReader } from "./aof_reader.ts";
import { AofEncoder, writeCommand } from "./aof_writer.ts";
import { RdbLoader, RdbLoadError } from "./rdb_reader.ts";
import { limitsFrom } from "./rdb_value.ts";
import { type BackgroundResult, BackgroundSnapshot, syncDirOf } from "./snapshot.ts";
import { type Persistence, wholeSecondsSince } from "./persistence.ts";
import { LoadFailure } from "./load_failure.ts";
import { configPath } from "../config/words.ts";

/** Time slice for replaying an AOF at startup (ms). */
const LOAD_SLICE_MS = 20;

export class Aof {
  /** appendonly is on: writes are being logged. */
  get enabled(): boolean {
    return this.enabledNow;
  }
  set enabled(on: boolean) {
    this.enabledNow = on;
    this.server.propagation.refresh();
  }
  private enabledNow = false;
  /** Replaying a file: nothing is logged. */
  get replaying(): boolean {
    return this.replayingNow;
  }
  set replaying(on: boolean) {
    this.replayingNow = on;
    this.server.propagation.refresh();
  }
  private replayingNow = false;
  private manifest: AofManifest = { base: null, history: [], incr: [] };
  private file: FileHandle | null = null;
  /** The incremental file being written, or null before there is one. */
  private current: AofFileInfo | null = null;
  /** The incremental file of an AOF being turned on, named only once its base exists. */
  private pendingIncr: { temp: string; info: AofFileInfo } | null = null;
  private readonly out = new ByteSink(1 << 14);
  /** The database the incremental file's last SELECT chose (-1: none yet in this file). */
  private mainDb = -1;
  // sizes and status for INFO
  currentSize = 0;
  baseSize = 0;
  lastWriteOk = true;
  lastWriteError = "";
  private needsFsync = false;
  private fsyncInFlight = false;
  private lastFsync = 0;
  // rewrites
  private rewrite: BackgroundSnapshot | null = null;
  private rewriteDone: Promise<void> | null = null;
  rewriteScheduled = false;
  lastRewriteSeconds = -1;
  rewrites = 0;
  consecutiveFailures = 0;
  lastBgrewriteOk = true;

  constructor(
    private readonly server: PersistenceHost,
    private readonly persistence: Persistence,
  ) {
    server.propagation.addConsumer(this);
  }

  /** appenddirname, in the server's dir. */
  private get dir(): string {
    return this.persistence.inDir(configPath(this.server.config.appenddirname));
  }

  private get fs(): FileSystem {
    return this.server.runtime.fs;
  }

  private errnoText(e: unknown): string {
    return this.server.runtime.errors.errnoText(e);
  }

  private get prefix(): string {
    return configPath(this.server.config.appendfilename);
  }

  private path(name: string): string {
    return `${this.dir}/${name}`;
  }

  get rewriteInProgress(): boolean {
    return this.rewrite !== null;
  }

  // ---------------------------------------------------------------------------------------
  // propagation (PropagationConsumer)

  get listening(): boolean {
    return this.enabledNow && !this.replayingNow;
  }

  /** One propagated operation, after a SELECT when it is for another database. */
  feed(db: number, args: readonly string[]): void {
    if (db !== this.mainDb) {
      this.mainDb = db;
      writeCommand(this.out, ["SELECT", String(db)]);
    }
    writeCommand(this.out, args);
  }

  /** A key expired by the timer, a blocked client served: no reply batch flushes it. */
  unitEndedOutsideCommand(): void {
    this.flush();
  }

  /**
   * Writes the commands logged so far to the file (and fsyncs them with appendfsync always).
   * Called before any reply goes out to a socket, so nothing is acknowledged before it is in
   * the file, and one write(2) covers a whole read batch, like Redis's write in beforeSleep.
   */
  flushBuffered(): void {
    if (this.out.pos > 0) this.flush();
  }

  /**
   * Writes what is buffered to the incremental file; with appendfsync always, forces it to
   * the disk too. Runs before the command's reply is sent.
   */
  private flush(): void {
    const out = this.out;
    if (out.pos === 0 || this.file === null) {
      if (this.file === null) out.reset();
      return;
    }
    const data = out.view();
    try {
      let off = 0;
      while (off < data.length) off += this.file.writeSync(data.subarray(off));
      this.currentSize += data.length;
      out.reset();
      if (!this.lastWriteOk) {
        this.server.log.warning("AOF write error looks solved, Redis can write again.");
        this.setWriteStatus(true, "");
      }
      if (this.server.config.appendfsync === "always") {
        this.file.syncDataSync();
      } else {
        this.needsFsync = true;
      }
    } catch (e) {
      const reason = this.errnoText(e);
      this.server.log.warning(`Error writing to the AOF file: ${reason}`);
      if (this.server.config.appendfsync === "always") {
        this.server.log.warning(
          "Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...",
        );
        this.server.runtime.process.exit(1);
      }
      // kept in the buffer and retried from the cron; writes are refused meanwhile
      this.setWriteStatus(false, reason);
    }
  }

  private setWriteStatus(ok: boolean, reason: string): void {
    this.lastWriteOk = ok;
    this.lastWriteError = reason;
    this.persistence.refreshRestrictions();
  }

  /** The MISCONF error writes get while the AOF cannot be written, or null. */
  writeDenial(): string | null {
    return this.lastWriteOk
      ? null
      : `MISCONF Errors writing to the AOF file: ${this.lastWriteError}`;
  }

  /** Once a second from the cron: fsync (everysec), retry failed writes, rewrite triggers. */
  cron(): void {
    if (this.enabled) {
      if (this.out.pos > 0) this.flush();
      const now = Date.now();
      if (
        this.needsFsync && !this.fsyncInFlight && this.file !== null &&
        this.server.config.appendfsync === "everysec" && now - this.lastFsync >= 1000
      ) {
        const file = this.file;
        this.needsFsync = false;
        this.fsyncInFlight = true;
        this.lastFsync = now;
        file.syncData().catch(() => {}).finally(() => (this.fsyncInFlight = false));
      }
    }
    if (this.rewrite !== null || this.persistence.bgsaveInProgress) return;
    if (this.rewriteScheduled) {
      this.startRewrite();
      return;
    }
    if (!this.enabled) return;
    const config = this.server.config;
    const percent = config.autoAofRewritePercentage;
    const minSize = config.autoAofRewriteMinSize;
    if (percent <= 0 || this.currentSize <= minSize) return;
    const base = this.baseSize > 0 ? this.baseSize : 1;
    const growth = Math.floor(((this.currentSize - base) * 100) / base);
    if (growth >= percent) {
      this.server.log.info(`Starting automatic rewriting of AOF on ${growth}% growth`);
      this.startRewrite();
    }
  }

  // ---------------------------------------------------------------------------------------
  // files

  private persistManifest(m: AofManifest): void {
    const name = manifestName(this.prefix);
    const temp = this.path(`temp-${name}`);
    this.fs.writeTextFileSync(temp, formatManifest(m));
    const f = this.fs.openSync(temp, { read: true, write: true });
    try {
      f.syncSync();
    } finally {
      f.close();
    }
    this.fs.renameSync(temp, this.path(name));
    syncDirOf(this.fs, this.path(name));
    this.manifest = m;
  }

  private openIncr(name: string): void {
    this.closeFile();
    this.file = this.fs.openSync(this.path(name), { append: true, create: true });
    this.mainDb = -1;
  }

  private closeFile(): void {
    if (this.file === null) return;
    try {
      this.file.syncDataSync();
    } catch { /* the data was written; fsync is best effort here */ }
    try {
      this.file.close();
    } catch { /* closed */ }
    this.file = null;
  }

  private fileSize(name: string): number {
    try {
      return this.fs.statSync(this.path(name)).size;
    } catch {
      return 0;
    }
  }

  private nextIncrSeq(): number {
    let seq = 0;
    for (const f of [...this.manifest.incr, ...this.manifest.history]) {
      if (f.type === "i" && f.seq > seq) seq = f.seq;
    }
    return seq + 1;
  }

  private nextBaseSeq(): number {
    let seq = this.manifest.base?.seq ?? 0;
    for (const f of this.manifest.history) {
      if (f.seq > seq && f.name.includes(".base.")) seq = f.seq;
    }
    return seq + 1;
  }

  /**
   * At startup, after loading: opens the last incremental file for appending (or starts the
   * AOF from the loaded dataset when there is no AOF yet). Throws on file system errors.
   */
  openAtStartup(): void {
    this.enabled = true;
    this.fs.mkdirSync(this.dir, { recursive: true });
    const m = this.manifest;
    if (m.base === null && m.incr.length === 0) {
      this.server.log.info(
        `Creating AOF base file ${baseName(this.prefix, 1, this.preamble)} on server start`,
      );
      if (!this.turnOn()) throw new LoadFailure("Can't create the AOF on server start");
      return;
    }
    if (m.incr.length === 0) {
      const info: AofFileInfo = {
        name: incrName(this.prefix, this.nextIncrSeq()),
        seq: this.nextIncrSeq(),
        type: "i",
      };
      this.persistManifest({ ...m, incr: [info] });
      this.current = info;
      this.openIncr(info.name);
    } else {
      this.current = m.incr[m.incr.length - 1];
      this.openIncr(this.current.name);
    }
    this.baseSize = m.base !== null ? this.fileSize(m.base.name) : 0;
    this.currentSize = this.baseSize;
    for (const f of m.incr) this.currentSize += this.fileSize(f.name);
    if (m.base === null) this.startRewrite();
  }

  private get preamble(): boolean {
    return this.server.config.aofUseRdbPreamble;
  }

  /**
   * appendonly yes at runtime (and at startup without an AOF): writes go to a new
   * incremental file at once; the manifest names it once a base of the current dataset is
   * written. Returns false when the rewrite could not start.
   */
  turnOn(): boolean {
    if (this.enabled && this.file !== null) return true;
    try {
      this.fs.mkdirSync(this.dir, { recursive: true });
      // files of an earlier AOF in the directory: numbering continues after them, and they
      // are removed once the new base is written
      if (this.manifest.base === null && this.manifest.incr.length === 0) {
        try {
          this.manifest = parseManifest(
            this.fs.readTextFileSync(this.path(manifestName(this.prefix))),
          );
        } catch { /* none, or unreadable: start afresh */ }
      }
      const seq = this.nextIncrSeq();
      const temp = `temp-${this.prefix}.incr`;
      this.openIncr(temp);
      this.pendingIncr = { temp, info: { name: incrName(this.prefix, seq), seq, type: "i" } };
      this.current = this.pendingIncr.info;
    } catch (e) {
      this.server.log.warning(`Can't open the append-only file: ${this.errnoText(e)}`);
      return false;
    }
    this.enabled = true;
    if (this.rewrite !== null) this.abortRewrite();
    if (this.persistence.bgsaveInProgress) {
      this.rewriteScheduled = true;
      return true;
    }
    return this.startRewrite() !== "error";
  }

  /** appendonly no at runtime: flush, fsync and close; the files stay. */
  turnOff(): void {
    if (!this.enabled) return;
    this.flush();
    this.server.log.info("Calling fsync() on the AOF file.");
    this.closeFile();
    this.abortRewrite();
    this.enabled = false;
    this.pendingIncr = null;
    this.current = null;
  }

  /** SHUTDOWN: what is buffered is written and forced to disk. */
  shutdown(): void {
    if (!this.enabled) return;
    this.abortRewrite();
    this.flush();
    this.server.log.info("Calling fsync() on the AOF file.");
    this.closeFile();
  }

  // ---------------------------------------------------------------------------------------
  // rewrite

  /**
   * BGREWRITEAOF. Returns "started", "scheduled" (another snapshot is running), "running"
   * (a rewrite already is) or "error".
   */
  requestRewrite(): "started" | "scheduled" | "running" | "error" {
    if (this.rewrite !== null) return "running";
    if (this.persistence.bgsaveInProgress) {
      this.rewriteScheduled = true;
      this.consecutiveFailures = 0;
      return "scheduled";
    }
    return this.startRewrite();
  }

  private startRewrite(): "started" | "error" {
    this.rewriteScheduled = false;
    const server = this.server;
    const prefix = this.prefix;
    let newIncr: AofFileInfo | null = null;
    try {
      this.fs.mkdirSync(this.dir, { recursive: true });
      if (this.enabled && this.pendingIncr === null) {
        // later writes go to a fresh incremental file; the manifest lists it at once, so the
        // files stay complete whatever happens to the rewrite
        this.flush();
        const seq = this.nextIncrSeq();
        newIncr = { name: incrName(prefix, seq), seq, type: "i" };
        this.openIncr(newIncr.name);
        server.log.info(`Creating AOF incr file ${newIncr.name} on background rewrite`);
        this.persistManifest({ ...this.manifest, incr: [...this.manifest.incr, newIncr] });
        this.current = newIncr;
      } else if (this.pendingIncr !== null) {
        newIncr = this.pendingIncr.info;
      }
    } catch (e) {
      server.log.warning(`Can't open the append-only file for the rewrite: ${this.errnoText(e)}`);
      this.lastBgrewriteOk = false;
      this.consecutiveFailures++;
      return "error";
    }
    const baseSeq = this.nextBaseSeq();
    const base: AofFileInfo = {
      name: baseName(prefix, baseSeq, this.preamble),
      seq: baseSeq,
      type: "b",
    };
    const temp = this.path(`temp-rewriteaof-bg-${server.runtime.process.pid}.aof`);
    const encoder = this.preamble ? this.persistence.rdbEncoder(true) : new AofEncoder();
    const snapshot = new BackgroundSnapshot(
      this.fs,
      server.dbs,
      this.path(base.name),
      temp,
      encoder,
      this.persistence.bgsaveSliceMs,
    );
    this.rewrite = snapshot;
    const started = performance.now();
    server.log.info("Background append only file rewriting started");
    this.rewriteDone = snapshot.run().then((r) => this.rewriteFinished(r, base, newIncr, started));
    return "started";
  }

  private rewriteFinished(
    r: BackgroundResult,
    base: AofFileInfo,
    newIncr: AofFileInfo | null,
    started: number,
  ): void {
    const server = this.server;
    this.rewrite = null;
    this.rewriteDone = null;
    this.lastRewriteSeconds = wholeSecondsSince(Date.now() - (performance.now() - started));
    if (r.aborted) {
      server.log.warning("Background AOF rewrite terminated by signal 10");
      return;
    }
    if (!r.ok) {
      server.log.warning(`Background AOF rewrite failed: ${this.errnoText(r.error)}`);
      this.lastBgrewriteOk = false;
      this.consecutiveFailures++;
      return;
    }
    server.log.info("Background AOF rewrite terminated with success");
    const old = this.manifest;
    const next: AofManifest = { base, history: [], incr: [] };
    try {
      if (this.pendingIncr !== null && this.file !== null) {
        // the AOF was being turned on: its incremental file gets its real name now
        const { temp, info } = this.pendingIncr;
        this.file.syncDataSync();
        this.fs.renameSync(this.path(temp), this.path(info.name));
        this.pendingIncr = null;
        server.log.info(
          `Successfully renamed the temporary AOF incr file ${temp} into ${info.name}`,
        );
        next.incr.push(info);
      } else if (this.enabled && newIncr !== null) {
        next.incr.push(newIncr);
      }
      this.persistManifest(next);
    } catch (e) {
      server.log.warning(`Error writing the AOF manifest: ${this.errnoText(e)}`);
      this.lastBgrewriteOk = false;
      this.consecutiveFailures++;
      return;
    }
    // everything the new manifest no longer names is history
    const keep = new Set([base.name, ...next.incr.map((f) => f.name)]);
    for (const f of [old.base, ...old.history, ...old.incr]) {
      if (f === null || keep.has(f.name)) continue;
      server.log.info(`Removing the history file ${f.name} in the background`);
      try {
        this.fs.removeSync(this.path(f.name));
      } catch { /* already gone */ }
    }
    this.baseSize = this.fileSize(base.name);
    this.currentSize = this.baseSize;
    for (const f of next.incr) this.currentSize += this.fileSize(f.name);
    this.rewrites++;
    this.consecutiveFailures = 0;
    this.lastBgrewriteOk = true;
    server.log.info("Background AOF rewrite finished successfully");
  }

  abortRewrite(): void {
    this.rewrite?.abort();
  }

  async waitForRewrite(): Promise<void> {
    while (this.rewriteDone !== null) await this.rewriteDone;
  }

  /** Seconds the running rewrite has taken, or -1. */
  private currentRewriteSeconds(): number {
    return this.rewrite === null ? -1 : Math.floor((Date.now() - this.rewrite.startedAt) / 1000);
  }

  // ---------------------------------------------------------------------------------------
  // loading

  /**
   * Loads the AOF directory named by the manifest, when there is one. Returns false when
   * there is no AOF. Throws LoadFailure for a missing file, a corrupt file, or a truncated
   * file other than a truncated last command of the last file under aof-load-truncated.
   */
  async load(): Promise<boolean> {
    const server = this.server;
    const name = manifestName(this.prefix);
    let text: string;
    try {
      text = this.fs.readTextFileSync(this.path(name));
    } catch (e) {
      if (this.server.runtime.errors.kind(e) === "NotFound") return false;
      throw new LoadFailure(
        `Fatal error: can't open the AOF manifest ${name}: ${this.errnoText(e)}`,
      );
    }
    let m: AofManifest;
    try {
      m = parseManifest(text);
    } catch (e) {
      if (e instanceof ManifestError) throw new LoadFailure(`${e.message} (${name})`);
      throw e;
    }
    this.manifest = m;
    const files = [...(m.base !== null ? [m.base] : []), ...m.incr];
    if (files.length === 0) {
      server.log.info("Found an empty AOF manifest");
      return false;
    }
    const started = performance.now();
    let commands = 0;
    // while an AOF replays nothing expires, as in Redis
    const thaw = server.freezeClock();
    this.replaying = true;
    try {
      for (let i = 0; i < files.length; i++) {
        commands += await this.loadFile(files[i], i === files.length - 1);
      }
    } finally {
      this.replaying = false;
      thaw();
    }
    // the clock was stopped while replaying: give every key a fresh access time
    const lru = server.initialLru();
    for (const db of server.dbs) for (const e of db.data.values()) e.lru = lru;
    let keys = 0;
    for (const db of server.dbs) keys += db.size;
    server.log.info(
      `DB loaded from append only file: ${
        ((performance.now() - started) / 1000).toFixed(3)
      } seconds ` +
        `(${keys} keys, ${commands} commands replayed)`,
    );
    return true;
  }

  /** Replays one file; returns the number of commands. */
  private async loadFile(info: AofFileInfo, last: boolean): Promise<number> {
    const server = this.server;
    const path = this.path(info.name);
    let data: Uint8Array;
    try {
      data = this.fs.readFileSync(path);
    } catch (e) {
      throw new LoadFailure(
        `The AOF file ${info.name} ${
          this.server.runtime.errors.kind(e) === "NotFound"
            ? "doesn't exist"
            : `can't be read: ${this.errnoText(e)}`
        }`,
      );
    }
    if (data.length === 0) return 0;
    let start = 0;
    if (data.length >= 5 && String.fromCharCode(...data.subarray(0, 5)) === "REDIS") {
      server.log.info(
        `Reading RDB ${info.type === "b" ? "base file" : "preamble"} on AOF loading...`,
      );
      const databases = server.dbs.length;
      const loader = new RdbLoader(data, {
        limits: limitsFrom(server.config),
        now: 0,
        dropExpired: false,
        verifyChecksum: server.config.rdbchecksum,
      }, (k) => {
        if (k.db >= databases) {
          throw new RdbLoadError("the RDB part uses a database index out of range");
        }
        const db = server.dbs[k.db];
        if (db.data.has(k.key)) db.delete(k.key);
        db.set(k.key, k.value);
        if (k.expireAt !== 0) db.setExpire(k.key, k.expireAt);
      });
      try {
        while (!loader.step(performance.now() + LOAD_SLICE_MS)) await nextTurn();
      } catch (e) {
        if (e instanceof RdbLoadError) {
          throw new LoadFailure(
            `Error reading the RDB base file ${info.name}, AOF loading aborted: ${e.message}`,
          );
        }
        throw e;
      }
      server.log.info(`Reading the remaining AOF tail...`);
      start = loader.endOffset;
    }
    return await this.replay(data, start, info, last);
  }

  private async replay(
    data: Uint8Array,
    start: number,
    info: AofFileInfo,
    last: boolean,
  ): Promise<number> {
    const server = this.server;
    const reader = new AofCommandReader(data, start);
    let queued: string[][] | null = null;
    let validBeforeMulti = 0;
    let commands = 0;
    let deadline = performance.now() + LOAD_SLICE_MS;
    for (;;) {
      if ((commands & 255) === 0 && performance.now() > deadline) {
        await nextTurn();
        deadline = performance.now() + LOAD_SLICE_MS;
      }
      const step = reader.next();
      if (step.kind === "eof") {
        if (queued === null) return commands;
        server.log.warning(`Revert incomplete MULTI/EXEC transaction in AOF file ${info.name}`);
        this.truncated(info, last, validBeforeMulti, data.length);
        return commands;
      }
      if (step.kind === "truncated") {
        this.truncated(info, last, queued !== null ? validBeforeMulti : step.at, data.length);
        return commands;
      }
      if (step.kind === "error") {
        throw new LoadFailure(
          `Bad file format reading the append only file ${info.name} (at offset ${step.at}): ` +
            `make a backup of your AOF file, then use redis-check-aof --fix <filename.manifest>`,
        );
      }
      commands++;
      const name = step.args[0].toLowerCase();
      if (name === "multi") {
        queued = [];
        validBeforeMulti = step.start;
        continue;
      }
      if (name === "exec") {
        for (const args of queued ?? []) this.run(args, info);
        queued = null;
        continue;
      }
      if (queued !== null) queued.push(step.args);
      else this.run(step.args, info);
    }
  }

  /** A short read: the good prefix stays when this is the last file and the config allows. */
  private truncated(info: AofFileInfo, last: boolean, validUpTo: number, size: number): void {
    const server = this.server;
    server.log.warning(`!!! Warning: short read while loading the AOF file ${info.name}!!!`);
    if (!last || !server.config.aofLoadTruncated) {
      throw new LoadFailure(
        `Unexpected end of file reading the append only file ${info.name}. You can: ` +
          `1) Make a backup of your AOF file, then use redis-check-aof --fix <filename.manifest>. ` +
          `2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.`,
      );
    }
    server.log.warning(
      `!!! Truncating the AOF ${info.name} at offset ${validUpTo} (of ${size}) !!!`,
    );
    try {
      this.fs.truncateSync(this.path(info.name), validUpTo);
    } catch (e) {
      throw new LoadFailure(`Error truncating the AOF file ${info.name}: ${this.errnoText(e)}`);
    }
    server.log.warning(`AOF ${info.name} loaded anyway because aof-load-truncated is enabled`);
  }

  private run(args: string[], info: AofFileInfo): void {
    if (!this.server.replayCommand(args)) {
      throw new LoadFailure(
        `Unknown command '${args[0]}' reading the append only file ${info.name}`,
      );
    }
  }

  // ---------------------------------------------------------------------------------------
  // INFO

  info(l: string[]): void {
    l.push(
      `aof_enabled:${this.enabled ? 1 : 0}`,
      `aof_rewrite_in_progress:${this.rewrite !== null ? 1 : 0}`,
      `aof_rewrite_scheduled:${this.rewriteScheduled ? 1 : 0}`,
      `aof_last_rewrite_time_sec:${this.lastRewriteSeconds}`,
      `aof_current_rewrite_time_sec:${this.currentRewriteSeconds()}`,
      `aof_last_bgrewrite_status:${this.lastBgrewriteOk ? "ok" : "err"}`,
      `aof_rewrites:${this.rewrites}`,
      `aof_rewrites_consecutive_failures:${this.consecutiveFailures}`,
      `aof_last_write_status:${this.lastWriteOk ? "ok" : "err"}`,
      "aof_last_cow_size:0",
      "module_fork_in_progress:0",
      "module_fork_last_cow_size:0",
    );
    if (this.enabled) {
      l.push(
        `aof_current_size:${this.currentSize}`,
        `aof_base_size:${this.baseSize}`,
        `aof_pending_rewrite:${this.rewriteScheduled ? 1 : 0}`,
        `aof_buffer_length:${this.out.pos}`,
        "aof_pending_bio_fsync:0",
        "aof_delayed_fsync:0",
      );
    }
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
