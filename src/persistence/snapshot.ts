/**
 * Point-in-time RDB images without fork.
 *
 * `saveSync` writes everything in one go (SAVE, SHUTDOWN). `BackgroundSnapshot` (BGSAVE)
 * writes the same file in small time slices between which the server keeps serving, and still
 * produces the image of the moment it started:
 *
 * - Each database's Map is walked with a live iterator. Map order is insertion order, and
 *   every entry carries the sequence number its database gave it on insertion, so the walk
 *   stops at the first entry newer than the snapshot (everything after it is newer too), and
 *   "has the walk passed this key" is just `entry.seq <= passedSeq`.
 * - Before any change to a key (Database calls `beforeWrite` from set/delete/setExpire/persist/
 *   attach, and lookupWrite calls it before a command mutates a collection in place), a key
 *   that existed when the snapshot began and that the walk has not reached yet is serialized
 *   right then, into a side buffer for its database, and remembered so the walk skips it.
 *   This is copy-before-write at key granularity: the cost of a write during a save is at most
 *   one serialization of that key.
 * - `beforeClear` (FLUSHDB) serializes the rest of that database first.
 * - Databases are tracked by their Map objects, which SWAPDB moves between Database objects
 *   without changing them, so a swap during a save changes nothing in the image.
 */
import type { Database, Entry, WriteGuard } from "../store/database.ts";
import { ByteSink } from "./bytes_io.ts";
import type { ImageEncoder } from "./rdb_writer.ts";
import type { FileHandle, FileSystem } from "../runtime/runtime.ts";

/** How often the walk checks its time budget (entries). */
const CHECK_EVERY = 32;
/** Drain the encoder to the file once this much is buffered. */
const CHUNK_BYTES = 1 << 20;
/**
 * The same for background saves: smaller, because draining (copy and checksum) happens
 * between slices and its time adds to the pause clients see.
 */
const BG_CHUNK_BYTES = 128 << 10;

interface DbState {
  index: number;
  map: Map<string, Entry>;
  /** The database object at the start, for exact expiry lookups. */
  db: Database;
  keysAtStart: number;
  expiresAtStart: number;
  /** Entries with a higher sequence number were inserted after the snapshot began. */
  maxSeq: number;
  /** The walk has written every entry up to this sequence number. */
  passedSeq: number;
  /** Keys written ahead of the walk (before a change), which the walk must skip. */
  early: Set<string>;
  /** Their serialized form, appended after the walk's part of this database. */
  side: ByteSink | null;
  iterator: Iterator<[string, Entry]> | null;
  /** SELECTDB was written: the walk has begun on this database. */
  started: boolean;
  /** The walk is over (or FLUSHDB forced it): no more writes to track. */
  finished: boolean;
}

export interface SnapshotSource {
  dbs: Database[];
}

/** Everything about the dataset a save needs up front. */
function captureStates(dbs: Database[]): DbState[] {
  return dbs.map((db, index) => ({
    index,
    map: db.data,
    db,
    keysAtStart: db.data.size,
    expiresAtStart: db.volatile.size,
    maxSeq: db.nextSeq - 1,
    passedSeq: 0,
    early: new Set<string>(),
    side: null,
    iterator: null,
    started: false,
    finished: db.data.size === 0,
  }));
}

/**
 * Writes a complete RDB image of `dbs` synchronously to `path` (through a temp file, fsync and
 * rename). Returns the number of keys written. Throws the file system's error on failure.
 */
export function saveSync(
  fs: FileSystem,
  dbs: Database[],
  path: string,
  tempPath: string,
  enc: ImageEncoder,
): number {
  let keys = 0;
  const file = fs.openSync(tempPath, { write: true, create: true, truncate: true });
  try {
    const flush = (chunk: Uint8Array) => {
      let off = 0;
      while (off < chunk.length) off += file.writeSync(chunk.subarray(off));
    };
    for (let i = 0; i < dbs.length; i++) {
      const db = dbs[i];
      if (db.data.size === 0) continue;
      enc.selectDb(i, db.data.size, db.volatile.size);
      for (const [key, e] of db.data) {
        enc.keyValue(key, e, e.expireAt === 0 ? 0 : db.expireTime(e));
        keys++;
        if (enc.out.pos >= CHUNK_BYTES) flush(enc.drain());
      }
    }
    flush(enc.finish());
    file.syncSync();
  } catch (e) {
    file.close();
    try {
      fs.removeSync(tempPath);
    } catch { /* already gone */ }
    throw e;
  }
  file.close();
  fs.renameSync(tempPath, path);
  syncDirOf(fs, path);
  return keys;
}

/** fsync of the directory holding path, so the rename itself is durable. */
export function syncDirOf(fs: FileSystem, path: string): void {
  const slash = path.lastIndexOf("/");
  const dir = slash < 0 ? "." : slash === 0 ? "/" : path.slice(0, slash);
  try {
    const d = fs.openSync(dir, { read: true });
    try {
      d.syncSync();
    } finally {
      d.close();
    }
  } catch { /* not supported here: the data itself was synced */ }
}

export interface BackgroundResult {
  ok: boolean;
  keys: number;
  bytes: number;
  error?: unknown;
  /** True when abort() stopped it (FLUSHALL, SHUTDOWN): no file, and not an error. */
  aborted: boolean;
}

/**
 * A BGSAVE in progress. Install it as every database's write guard, then `run()`; it writes
 * `tempPath` in slices of at most `sliceMs`, then fsyncs and renames it to `path`.
 */
export class BackgroundSnapshot implements WriteGuard {
  private readonly states: DbState[];
  private readonly byMap = new Map<Map<string, Entry>, DbState>();
  private readonly enc: ImageEncoder;
  private current = 0;
  private aborted = false;
  /** Keys written so far / keys in the image (INFO current_save_keys_*). */
  keysWritten = 0;
  readonly keysTotal: number;
  readonly startedAt = Date.now();

  constructor(
    private readonly fs: FileSystem,
    private readonly dbs: Database[],
    private readonly path: string,
    private readonly tempPath: string,
    enc: ImageEncoder,
    private readonly sliceMs = 1,
  ) {
    this.states = captureStates(dbs);
    let total = 0;
    for (const st of this.states) {
      this.byMap.set(st.map, st);
      total += st.keysAtStart;
    }
    this.keysTotal = total;
    this.enc = enc;
    for (const db of dbs) db.writeGuard = this;
  }

  // ---- WriteGuard ----

  beforeWrite(db: Database, key: string): void {
    const st = this.byMap.get(db.data);
    if (st === undefined || st.finished) return;
    const e = st.map.get(key);
    // a key that does not exist yet, or was inserted after the start, is not in the image
    if (e === undefined || e.seq > st.maxSeq) return;
    if (st.started && e.seq <= st.passedSeq) return;
    if (st.early.has(key)) return;
    this.writeEarly(st, key, e);
  }

  beforeClear(db: Database): void {
    const st = this.byMap.get(db.data);
    if (st === undefined || st.finished) return;
    // everything not written yet goes to the side buffer before the map empties
    if (st.iterator === null) st.iterator = st.map.entries();
    for (;;) {
      const step = st.iterator.next();
      if (step.done) break;
      const [key, e] = step.value;
      if (e.seq > st.maxSeq) break;
      if (st.early.has(key)) continue;
      this.writeEarly(st, key, e);
    }
    st.finished = true;
  }

  private writeEarly(st: DbState, key: string, e: Entry): void {
    if (st.side === null) st.side = new ByteSink(1024);
    this.enc.keyValueTo(st.side, key, e, e.expireAt === 0 ? 0 : st.db.expireTime(e));
    st.early.add(key);
    this.keysWritten++;
  }

  // ---- the walk ----

  /** Stops at the next slice boundary; the temp file is removed and nothing is renamed. */
  abort(): void {
    this.aborted = true;
    this.release();
  }

  get isAborted(): boolean {
    return this.aborted;
  }

  private release(): void {
    for (const db of this.dbs) if (db.writeGuard === this) db.writeGuard = null;
    for (const st of this.states) {
      st.finished = true;
      st.early.clear();
      st.side = null;
      st.iterator = null;
    }
  }

  /**
   * Serializes for at most `sliceMs`; returns true when the image is complete (everything is
   * then in the encoder, ending with EOF and the checksum).
   */
  private slice(): boolean {
    const deadline = performance.now() + this.sliceMs;
    const enc = this.enc;
    let n = 0;
    while (this.current < this.states.length) {
      const st = this.states[this.current];
      if (st.keysAtStart === 0) {
        st.finished = true;
        this.current++;
        continue;
      }
      if (!st.started) {
        enc.selectDb(st.index, st.keysAtStart, st.expiresAtStart);
        st.started = true;
      }
      if (!st.finished) {
        if (st.iterator === null) st.iterator = st.map.entries();
        for (;;) {
          if (++n % CHECK_EVERY === 0 && performance.now() > deadline) return false;
          if (enc.out.pos >= BG_CHUNK_BYTES) return false;
          const step = st.iterator.next();
          if (step.done) break;
          const [key, e] = step.value;
          // insertion order: everything from here on is newer than the snapshot
          if (e.seq > st.maxSeq) break;
          st.passedSeq = e.seq;
          if (st.early.size > 0 && st.early.has(key)) continue;
          enc.keyValue(key, e, e.expireAt === 0 ? 0 : st.db.expireTime(e));
          this.keysWritten++;
        }
      }
      st.finished = true;
      st.iterator = null;
      if (st.side !== null) enc.raw(st.side.view());
      st.side = null;
      st.early.clear();
      this.current++;
    }
    return true;
  }

  /** Runs the whole save; never throws (the result says how it went). */
  async run(): Promise<BackgroundResult> {
    let file: FileHandle | null = null;
    try {
      file = await this.fs.open(this.tempPath, { write: true, create: true, truncate: true });
      for (;;) {
        if (this.aborted) break;
        const complete = this.slice();
        if (complete) {
          // the image is captured: stop tracking writes before the last I/O
          for (const db of this.dbs) if (db.writeGuard === this) db.writeGuard = null;
          await writeAll(file, this.enc.finish());
          break;
        }
        if (this.enc.out.pos >= BG_CHUNK_BYTES) await writeAll(file, this.enc.drain());
        else await nextTurn();
      }
      if (this.aborted) {
        file.close();
        file = null;
        await removeQuietly(this.fs, this.tempPath);
        return { ok: false, aborted: true, keys: this.keysWritten, bytes: this.enc.drained };
      }
      await file.sync();
      file.close();
      file = null;
      await this.fs.rename(this.tempPath, this.path);
      syncDirOf(this.fs, this.path);
      return { ok: true, aborted: false, keys: this.keysWritten, bytes: this.enc.drained };
    } catch (error) {
      if (file !== null) {
        try {
          file.close();
        } catch { /* closed */ }
      }
      await removeQuietly(this.fs, this.tempPath);
      return { ok: false, aborted: false, keys: this.keysWritten, bytes: 0, error };
    } finally {
      this.release();
    }
  }
}

async function writeAll(file: FileHandle, chunk: Uint8Array): Promise<void> {
  let off = 0;
  while (off < chunk.length) off += await file.write(chunk.subarray(off));
}

async function removeQuietly(fs: FileSystem, path: string): Promise<void> {
  try {
    await fs.remove(path);
  } catch { /* never created, or gone */ }
}

/** Lets timers and network I/O run before the next slice. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
