/**
 * The append-only file, as Redis 7.0's multi-part AOF: a directory (appenddirname) with a
 * manifest, one base file (an RDB image, or AOF commands when aof-use-rdb-preamble is no) and
 * incremental files of commands in RESP, replayed in order after the base.
 *
 * What goes into the incremental file for a write command (Redis calls this propagation):
 * - the command as it was sent, for commands whose effect depends only on the dataset and
 *   their arguments;
 * - otherwise the resulting state of every key the command changed: `SET key value [PXAT t]`
 *   for strings, `RESTORE key t payload REPLACE ABSTTL` for collections, `DEL key` for keys
 *   that are gone. This covers relative expirations (written as absolute times, so a reload
 *   never extends a TTL), random choices (SPOP), float arithmetic (INCRBYFLOAT) and the
 *   blocking commands, whose pops may happen long after the command was sent;
 * - `DEL key` when a key expires, at the moment it does, as Redis does;
 * - SELECT whenever the database changes, MULTI ... EXEC around a transaction's writes.
 * Changes are attributed to the running command through Server.currentClient: a change made
 * outside any command (a blocked client served after another client's push) is written as
 * state right away.
 *
 * Every command's bytes are written to the file (write(2)) before the command's reply leaves,
 * so a kill -9 loses nothing; appendfsync decides when the data is forced to the disk: after
 * each command (always), once a second (everysec) or when the system likes (no).
 *
 * BGREWRITEAOF opens a new incremental file, then writes a new base from a point-in-time
 * image of the dataset (the same sliced, copy-before-write walk as BGSAVE); when it is done
 * the manifest names the new base and the new incremental file, and the old files go.
 */
import type { Command } from "../commands/registry.ts";
import { registry } from "../commands/registry.ts";
import { errnoText } from "../config/config.ts";
import { bytesToBinary } from "../resp/bytes.ts";
import { Client } from "../server/client.ts";
import type { Server } from "../server/server.ts";
import type { Clock, Database } from "../store/database.ts";
import type { HashValue } from "../store/hash.ts";
import { ByteSink } from "./bytes_io.ts";
import { createDumpPayload } from "./dump.ts";
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

/** Commands written as the state they leave behind rather than as sent. */
const WRITTEN_AS_STATE = new Set([
  "set",
  "setex",
  "psetex",
  "getex",
  "restore",
  "incrbyfloat",
]);

/** Written as the PEXPIREAT (or the DEL) they amount to, whatever the key's type. */
const WRITTEN_AS_EXPIRY = new Set(["expire", "pexpire", "expireat"]);

/** Time slice for replaying an AOF at startup (ms). */
const LOAD_SLICE_MS = 20;

/** A clock stopped at the epoch: while an AOF replays nothing expires, as in Redis. */
const EPOCH_CLOCK: Clock = { now: () => 0 };

export class Aof {
  /** appendonly is on: writes are being logged. */
  enabled = false;
  /** Replaying a file: nothing is logged. */
  replaying = false;
  private manifest: AofManifest = { base: null, history: [], incr: [] };
  private file: Deno.FsFile | null = null;
  /** The incremental file being written, or null before there is one. */
  private current: AofFileInfo | null = null;
  /** The incremental file of an AOF being turned on, named only once its base exists. */
  private pendingIncr: { temp: string; info: AofFileInfo } | null = null;
  private readonly out = new ByteSink(1 << 14);
  private txn: ByteSink | null = null;
  private mainDb = -1;
  private txnDb = -1;
  /** Keys changed by the running command: database, key, database, key, ... */
  private touched: (Database | string)[] = [];
  /**
   * What the running command said it amounts to (logAs), written instead of the command or
   * its keys' state: a blocking pop as the plain pop, SPOP as the SREM of what it drew.
   */
  private loggedAs: { db: Database; args: string[] }[] = [];
  /** A blocked client is being served (beginServe .. endServe). */
  private serving = false;
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

  constructor(private readonly server: Server, private readonly persistence: Persistence) {}

  private get dir(): string {
    return configPath(this.server.config.appenddirname);
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
  // propagation

  /** A key changed (Server.keyModified). */
  keyModified(db: Database, key: string): void {
    if (this.replaying) return;
    if (this.server.currentClient !== null || this.serving) {
      this.touched.push(db, key);
      return;
    }
    // outside any command: a blocked client being served, for instance
    this.emitState(this.out, db, key, false);
    this.flush();
  }

  /** A key expired: Redis logs the deletion. */
  keyExpired(db: Database, key: string): void {
    if (this.replaying) return;
    this.select(this.out, db.id, false);
    writeCommand(this.out, ["DEL", key]);
    if (this.server.currentClient === null) this.flush();
  }

  /**
   * Called by a command (only while the AOF is on, see `logging`) with a deterministic
   * command that has its effect, so replaying it later gives the same data: the AOF then
   * holds that instead of the command as sent or the full state of the keys it touched.
   */
  logAs(db: Database, args: string[]): void {
    if (this.replaying) return;
    this.loggedAs.push({ db, args });
  }

  /** True when commands should call logAs (the AOF is on and not replaying). */
  get logging(): boolean {
    return this.enabled && !this.replaying;
  }

  /**
   * Around a blocked client's serve callback (BlockingManager), which runs after the command
   * that filled the key: what it changes is logged at once, in order, as logAs said or as
   * the state of the keys it touched.
   */
  beginServe(): void {
    this.serving = true;
  }

  endServe(): void {
    this.serving = false;
    if (this.loggedAs.length > 0) {
      this.writeLoggedAs(this.out, false);
    } else {
      const touched = this.touched;
      for (let i = 0; i < touched.length; i += 2) {
        this.emitState(this.out, touched[i] as Database, touched[i + 1] as string, false);
      }
    }
    this.touched.length = 0;
  }

  private writeLoggedAs(target: ByteSink, inTxn: boolean): void {
    for (const { db, args } of this.loggedAs) {
      this.select(target, db.id, inTxn);
      writeCommand(target, args);
    }
    this.loggedAs.length = 0;
  }

  /**
   * After each command: logs what it changed (Server.afterCommand) into the buffer that
   * flushBuffered writes out.
   */
  afterCommand(c: Client, cmd: Command, args: string[]): void {
    const name = cmd.fullName;
    if (name === "exec") {
      this.touched.length = 0;
      const txn = this.txn;
      this.txn = null;
      if (txn !== null && txn.pos > 0) {
        writeCommand(this.out, ["MULTI"]);
        this.out.bytes(txn.view());
        writeCommand(this.out, ["EXEC"]);
        // the transaction began with its own SELECT and left its database selected
        this.mainDb = this.txnDb;
      }
      return;
    }
    if (this.touched.length === 0 && this.loggedAs.length === 0) return;
    let target = this.out;
    let inTxn = false;
    if (c.multi !== null) {
      if (this.txn === null) {
        this.txn = new ByteSink(1024);
        this.txnDb = -1;
      }
      target = this.txn;
      inTxn = true;
    }
    if (this.loggedAs.length > 0) {
      this.writeLoggedAs(target, inTxn);
    } else if (WRITTEN_AS_EXPIRY.has(name)) {
      const db = c.db;
      const key = args[1];
      const e = db.data.get(key);
      this.select(target, db.id, inTxn);
      if (e === undefined) writeCommand(target, ["DEL", key]);
      else if (e.expireAt !== 0) {
        writeCommand(target, ["PEXPIREAT", key, String(db.expireTime(e))]);
      }
    } else if (WRITTEN_AS_STATE.has(name) || cmd.flags.has("blocking")) {
      const touched = this.touched;
      const seen = new Set<string>();
      for (let i = 0; i < touched.length; i += 2) {
        const db = touched[i] as Database;
        const key = touched[i + 1] as string;
        const id = `${db.id}:${key}`;
        if (seen.has(id)) continue;
        seen.add(id);
        this.emitState(target, db, key, inTxn);
      }
    } else if (name === "hincrbyfloat") {
      // the field's new value, as Redis writes it (HSET key field value)
      const hash = c.db.data.get(args[1])?.value;
      if (hash !== undefined && typeof hash !== "string" && hash.type === "hash") {
        const value = (hash as HashValue).get(args[2]);
        if (value !== undefined) {
          this.select(target, c.db.id, inTxn);
          writeCommand(target, ["HSET", args[1], args[2], value]);
        }
      }
    } else {
      this.select(target, c.db.id, inTxn);
      writeCommand(target, args);
    }
    this.touched.length = 0;
  }

  /**
   * Writes the commands logged so far to the file (and fsyncs them with appendfsync always).
   * Called before any reply goes out to a socket, so nothing is acknowledged before it is in
   * the file, and one write(2) covers a whole read batch, like Redis's write in beforeSleep.
   */
  flushBuffered(): void {
    if (this.out.pos > 0) this.flush();
  }

  private select(target: ByteSink, id: number, inTxn: boolean): void {
    if (inTxn) {
      if (this.txnDb === id) return;
      this.txnDb = id;
    } else {
      if (this.mainDb === id) return;
      this.mainDb = id;
    }
    writeCommand(target, ["SELECT", String(id)]);
  }

  /** The commands that give `key` its current state. */
  private emitState(target: ByteSink, db: Database, key: string, inTxn: boolean): void {
    this.select(target, db.id, inTxn);
    const e = db.data.get(key);
    if (e === undefined) {
      writeCommand(target, ["DEL", key]);
      return;
    }
    const at = e.expireAt === 0 ? 0 : db.expireTime(e);
    if (typeof e.value === "string") {
      if (at === 0) writeCommand(target, ["SET", key, e.value]);
      else writeCommand(target, ["SET", key, e.value, "PXAT", String(at)]);
      return;
    }
    const config = this.server.config;
    const payload = createDumpPayload(
      e.value,
      config.rdbcompression,
      config.listMaxListpackSize,
    );
    const args = ["RESTORE", key, String(at), bytesToBinary(payload, 0, payload.length), "REPLACE"];
    if (at !== 0) args.push("ABSTTL");
    writeCommand(target, args);
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
      const reason = errnoText(e);
      this.server.log.warning(`Error writing to the AOF file: ${reason}`);
      if (this.server.config.appendfsync === "always") {
        this.server.log.warning(
          "Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...",
        );
        Deno.exit(1);
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
    Deno.writeTextFileSync(temp, formatManifest(m));
    const f = Deno.openSync(temp, { read: true, write: true });
    try {
      f.syncSync();
    } finally {
      f.close();
    }
    Deno.renameSync(temp, this.path(name));
    syncDirOf(this.path(name));
    this.manifest = m;
  }

  private openIncr(name: string): void {
    this.closeFile();
    this.file = Deno.openSync(this.path(name), { append: true, create: true });
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
      return Deno.statSync(this.path(name)).size;
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
    Deno.mkdirSync(this.dir, { recursive: true });
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
      Deno.mkdirSync(this.dir, { recursive: true });
      // files of an earlier AOF in the directory: numbering continues after them, and they
      // are removed once the new base is written
      if (this.manifest.base === null && this.manifest.incr.length === 0) {
        try {
          this.manifest = parseManifest(
            Deno.readTextFileSync(this.path(manifestName(this.prefix))),
          );
        } catch { /* none, or unreadable: start afresh */ }
      }
      const seq = this.nextIncrSeq();
      const temp = `temp-${this.prefix}.incr`;
      this.openIncr(temp);
      this.pendingIncr = { temp, info: { name: incrName(this.prefix, seq), seq, type: "i" } };
      this.current = this.pendingIncr.info;
    } catch (e) {
      this.server.log.warning(`Can't open the append-only file: ${errnoText(e)}`);
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
    this.txn = null;
    this.touched.length = 0;
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
      Deno.mkdirSync(this.dir, { recursive: true });
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
      server.log.warning(`Can't open the append-only file for the rewrite: ${errnoText(e)}`);
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
    const temp = this.path(`temp-rewriteaof-bg-${Deno.pid}.aof`);
    const encoder = this.preamble ? this.persistence.rdbEncoder(true) : new AofEncoder();
    const snapshot = new BackgroundSnapshot(
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
      server.log.warning(`Background AOF rewrite failed: ${errnoText(r.error)}`);
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
        Deno.renameSync(this.path(temp), this.path(info.name));
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
      server.log.warning(`Error writing the AOF manifest: ${errnoText(e)}`);
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
        Deno.removeSync(this.path(f.name));
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
      text = Deno.readTextFileSync(this.path(name));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return false;
      throw new LoadFailure(`Fatal error: can't open the AOF manifest ${name}: ${errnoText(e)}`);
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
    const swapped = this.freezeClocks();
    this.replaying = true;
    try {
      for (let i = 0; i < files.length; i++) {
        commands += await this.loadFile(files[i], i === files.length - 1);
      }
    } finally {
      this.replaying = false;
      this.restoreClocks(swapped);
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

  private freezeClocks(): Clock[] {
    const server = this.server as unknown as { clock: Clock; dbs: { clock: Clock }[] };
    const saved = [server.clock, ...server.dbs.map((db) => db.clock)];
    server.clock = EPOCH_CLOCK;
    for (const db of server.dbs) db.clock = EPOCH_CLOCK;
    return saved;
  }

  private restoreClocks(saved: Clock[]): void {
    const server = this.server as unknown as { clock: Clock; dbs: { clock: Clock }[] };
    server.clock = saved[0];
    server.dbs.forEach((db, i) => (db.clock = saved[i + 1]));
  }

  /** Replays one file; returns the number of commands. */
  private async loadFile(info: AofFileInfo, last: boolean): Promise<number> {
    const server = this.server;
    const path = this.path(info.name);
    let data: Uint8Array;
    try {
      data = Deno.readFileSync(path);
    } catch (e) {
      throw new LoadFailure(
        `The AOF file ${info.name} ${
          e instanceof Deno.errors.NotFound ? "doesn't exist" : `can't be read: ${errnoText(e)}`
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
    const fake = this.fakeClient();
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
        for (const args of queued ?? []) this.run(fake, args, info);
        queued = null;
        continue;
      }
      if (queued !== null) queued.push(step.args);
      else this.run(fake, step.args, info);
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
      Deno.truncateSync(this.path(info.name), validUpTo);
    } catch (e) {
      throw new LoadFailure(`Error truncating the AOF file ${info.name}: ${errnoText(e)}`);
    }
    server.log.warning(`AOF ${info.name} loaded anyway because aof-load-truncated is enabled`);
  }

  private fakeClient(): Client {
    const c = new Client(this.server, "aof", "aof", -1);
    c.authenticated = true;
    return c;
  }

  private run(fake: Client, args: string[], info: AofFileInfo): void {
    let cmd = registry.lookup(args[0]);
    if (
      cmd !== undefined && (cmd.handler === null || (args.length >= 2 && cmd.subcommands.size > 0))
    ) {
      cmd = args.length >= 2 ? cmd.subcommands.get(args[1].toLowerCase()) : undefined;
    }
    if (cmd === undefined || cmd.handler === null) {
      throw new LoadFailure(
        `Unknown command '${args[0]}' reading the append only file ${info.name}`,
      );
    }
    const server = this.server;
    const caller = server.currentClient;
    server.currentClient = fake;
    try {
      cmd.handler(fake, args);
    } catch {
      /* as in Redis, a command that fails while loading changes nothing */
    } finally {
      server.currentClient = caller;
      fake.w.pos = 0;
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
