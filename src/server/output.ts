/**
 * The socket side of a client. A client's own replies are collected per read batch in `c.w`;
 * bytes that other clients cause (Pub/Sub messages, MONITOR lines, ...) can arrive at any
 * moment. Both reach the socket through one ClientOutput, so they go out in the order they
 * were produced, and one writer at a time owns the socket.
 *
 * A reader that falls behind only grows its own queue: the publisher never waits for it.
 * The queue is held to `client-output-buffer-limit` for the client's class (pubsub clients:
 * 32mb hard, 8mb for 60 s soft by default); past it the client is disconnected, as Redis does.
 */
import type { ReplyWriter } from "../resp/writer.ts";
import type { Client } from "../engine/client.ts";
import type { Config } from "../config/config.ts";
import type { Conn } from "../runtime/runtime.ts";

/** Queued chunks are joined into writes of about this size. */
const WRITE_BATCH = 256 * 1024;

async function writeAll(conn: Conn, bytes: Uint8Array): Promise<void> {
  let off = 0;
  while (off < bytes.length) off += await conn.write(bytes.subarray(off));
}

/** One client class's limits: bytes (0 = none) and the soft limit's grace in seconds. */
interface BufferLimit {
  hard: number;
  soft: number;
  softSeconds: number;
}

interface BufferLimits {
  normal: BufferLimit;
  pubsub: BufferLimit;
}

function parseLimits(value: string): BufferLimits {
  // stored as "normal h s secs slave h s secs pubsub h s secs" with byte counts
  const words = value.split(" ");
  const out: BufferLimits = {
    normal: { hard: 0, soft: 0, softSeconds: 0 },
    pubsub: { hard: 0, soft: 0, softSeconds: 0 },
  };
  for (let i = 0; i + 3 < words.length; i += 4) {
    const limit = {
      hard: Number(words[i + 1]),
      soft: Number(words[i + 2]),
      softSeconds: Number(words[i + 3]),
    };
    if (words[i] === "normal") out.normal = limit;
    else if (words[i] === "pubsub") out.pubsub = limit;
  }
  return out;
}

/** One server's client-output-buffer-limit, parsed once and again on CONFIG SET. */
export class OutputLimits {
  current: BufferLimits;

  constructor(config: Config) {
    this.current = parseLimits(config.clientOutputBufferLimit);
    config.onChange("client-output-buffer-limit", (v) => this.current = parseLimits(v));
  }
}

export class ClientOutput {
  private chunks: Uint8Array[] = [];
  private head = 0;
  /** Bytes accepted and not yet confirmed written (queued plus the write in progress). */
  pending = 0;
  /** Running totals, to wait for a given byte to reach the socket. */
  private accepted = 0;
  private written = 0;
  private waiters: { upTo: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  /** A write owns the socket (the drain task, or a flush of c.w's own buffer). */
  private writing = false;
  private softLimitSince = 0;
  private dead: unknown = null;

  constructor(
    private readonly conn: Conn,
    private readonly c: Client,
    private readonly limits: OutputLimits,
  ) {}

  /**
   * Writes the batch of replies collected in `w` after everything queued before it, and waits
   * until it is written (the client's read loop pauses meanwhile, so a client that pipelines
   * without reading cannot grow its replies without bound).
   */
  async flushReplies(w: ReplyWriter): Promise<void> {
    if (w.pos === 0) return;
    if (this.dead !== null) throw this.dead;
    this.c.engine.stats.netOutputBytes += w.pos;
    if (!this.writing && this.head === this.chunks.length) {
      // Nothing ahead of these replies: write straight from the reply buffer. Pushes meanwhile
      // see an empty writer and queue behind (w.pos is 0 while its buffer is in flight).
      const bytes = w.bytes();
      w.pos = 0;
      this.writing = true;
      try {
        this.c.engine.stats.writesProcessed++;
        this.c.engine.persistence.aof.flushBuffered();
        await writeAll(this.conn, bytes);
      } catch (e) {
        this.fail(e);
        throw e;
      } finally {
        this.writing = false;
        w.reset();
      }
      if (this.head < this.chunks.length) this.startDrain();
      return;
    }
    const copy = w.bytes().slice();
    w.pos = 0;
    w.reset();
    this.append(copy);
    const upTo = this.accepted;
    if (this.written >= upTo) return;
    await new Promise<void>((resolve, reject) => this.waiters.push({ upTo, resolve, reject }));
  }

  /**
   * Queues bytes produced outside the client's own command (the bytes are shared between
   * recipients and must not change afterwards). Enforces the output buffer limits.
   */
  enqueue(bytes: Uint8Array): void {
    if (this.dead !== null) return;
    this.c.engine.stats.netOutputBytes += bytes.length;
    this.append(bytes);
    this.checkLimits();
  }

  private append(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.pending += bytes.length;
    this.accepted += bytes.length;
    if (!this.writing) this.startDrain();
  }

  private startDrain(): void {
    this.writing = true;
    this.drain().catch((e) => this.fail(e));
  }

  private async drain(): Promise<void> {
    // Let the running batch (a publisher's pipeline) queue everything it produces first, so
    // one write carries many messages.
    await null;
    try {
      while (this.head < this.chunks.length && this.dead === null) {
        const batch = this.take();
        this.c.engine.stats.writesProcessed++;
        this.c.engine.persistence.aof.flushBuffered();
        await writeAll(this.conn, batch);
        if (this.dead !== null) return;
        this.written += batch.length;
        this.pending -= batch.length;
        this.wake();
      }
    } finally {
      this.writing = false;
    }
  }

  /** The next write: one big chunk as it is, or small ones joined up to WRITE_BATCH. */
  private take(): Uint8Array {
    const chunks = this.chunks;
    const first = chunks[this.head];
    if (first.length >= WRITE_BATCH || this.head + 1 === chunks.length) {
      this.head++;
      this.compact();
      return first;
    }
    let size = 0;
    let end = this.head;
    while (end < chunks.length && size + chunks[end].length <= WRITE_BATCH) {
      size += chunks[end].length;
      end++;
    }
    const out = new Uint8Array(size);
    let off = 0;
    for (let i = this.head; i < end; i++) {
      out.set(chunks[i], off);
      off += chunks[i].length;
    }
    this.head = end;
    this.compact();
    return out;
  }

  private compact(): void {
    if (this.head === this.chunks.length) {
      this.chunks = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    let n = 0;
    while (n < waiters.length && waiters[n].upTo <= this.written) waiters[n++].resolve();
    if (n > 0) waiters.splice(0, n);
  }

  /** Redis's checkClientOutputBufferLimits: a hard limit at once, a soft one after its grace. */
  private checkLimits(): void {
    const limits = this.limits.current;
    const limit = this.c.pubsub ? limits.pubsub : limits.normal;
    const used = this.pending;
    const hard = limit.hard > 0 && used >= limit.hard;
    let soft = limit.soft > 0 && used >= limit.soft;
    if (soft) {
      const now = Date.now();
      if (this.softLimitSince === 0) {
        this.softLimitSince = now;
        soft = false;
      } else if (now - this.softLimitSince <= limit.softSeconds * 1000) {
        soft = false;
      }
    } else {
      this.softLimitSince = 0;
    }
    if (!hard && !soft) return;
    const c = this.c;
    c.engine.log.warning(
      `Client ${
        c.infoLine(Date.now())
      } scheduled to be closed ASAP for overcoming of output buffer limits.`,
    );
    this.fail(c.engine.runtime.errors.brokenPipe("output buffer limit reached"));
    c.closed = true;
    c.kill();
  }

  /** Drops everything queued; later writes fail with the same error. */
  fail(e: unknown): void {
    if (this.dead !== null) return;
    this.dead = e;
    this.chunks = [];
    this.head = 0;
    this.pending = 0;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(e);
  }
}
