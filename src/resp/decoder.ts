/**
 * Incremental decoder for client requests: RESP multibulk (`*N\r\n$len\r\n...`) and inline
 * commands (`PING\r\n`). Bytes are appended as they arrive; `next()` yields whole commands as
 * arrays of binary strings. State survives between reads, so a command split at any byte, or
 * ten thousand commands in one read, cost the same per byte. Errors carry Redis's exact text.
 */
import { cachedName, NAME_CACHE_MAX_LEN } from "./name_cache.ts";
import { bytesToBinary } from "../lib/bytes.ts";
import { splitArgs } from "../lib/split_args.ts";

export class ProtocolError extends Error {
  constructor(detail: string) {
    super(`Protocol error: ${detail}`);
  }
}

/** Redis's PROTO_INLINE_MAX_SIZE: the longest inline line or count header. */
export const INLINE_MAX = 64 * 1024;
/** Above this size a bulk argument gets a buffer of its own size, as Redis's big-arg path. */
const BIG_ARG = 32 * 1024;
const INT_MAX = 2147483647;

export interface DecoderLimits {
  /** proto-max-bulk-len */
  maxBulkLen: number;
  /** client-query-buffer-limit: bytes of one pending command */
  maxQueryBuffer: number;
}

export class RequestDecoder {
  buf: Uint8Array;
  start = 0;
  end = 0;
  limits: DecoderLimits;
  /** When set, small counts are all an unauthenticated client may send (Redis 7.0.x). */
  unauthenticated = false;

  private argsLeft = 0;
  private args: string[] = [];
  private bulkLen = -1;
  private pendingBytes = 0;

  constructor(limits: DecoderLimits, initialSize = 16 * 1024) {
    this.limits = limits;
    this.buf = new Uint8Array(initialSize);
  }

  /** Space to read into; compacts or grows the buffer first when needed. */
  readTarget(): Uint8Array {
    let free = this.buf.length - this.end;
    const want = this.bulkLen >= BIG_ARG ? this.bulkLen + 2 - (this.end - this.start) : 4096;
    if (free < want || free < 4096) {
      const used = this.end - this.start;
      if (this.start > 0 && this.buf.length - used >= Math.max(want, 4096)) {
        this.buf.copyWithin(0, this.start, this.end);
      } else {
        let size = this.buf.length * 2;
        while (size - used < Math.max(want, 4096)) size *= 2;
        const next = new Uint8Array(size);
        next.set(this.buf.subarray(this.start, this.end));
        this.buf = next;
      }
      this.start = 0;
      this.end = used;
      free = this.buf.length - this.end;
    }
    return this.buf.subarray(this.end);
  }

  commit(n: number): void {
    this.end += n;
  }

  /** Appends bytes (for tests and the TransformStream form). */
  push(chunk: Uint8Array): void {
    let off = 0;
    while (off < chunk.length) {
      const target = this.readTarget();
      const n = Math.min(target.length, chunk.length - off);
      target.set(chunk.subarray(off, off + n));
      this.commit(n);
      off += n;
    }
  }

  /** Bytes buffered but not yet consumed into a command. */
  get buffered(): number {
    return this.end - this.start + this.pendingBytes;
  }

  /** Returns the next complete command, or null when more bytes are needed. */
  next(): string[] | null {
    for (;;) {
      if (this.argsLeft === 0) {
        if (this.start >= this.end) {
          this.start = this.end = 0;
          return null;
        }
        if (this.buf[this.start] === 42 /* * */) {
          const r = this.readMultibulkCount();
          if (r === 0) return null;
          if (r === 2) continue; // empty multibulk, skip
        } else {
          const cmd = this.readInline();
          if (cmd === null) return null;
          if (cmd.length === 0) continue;
          return cmd;
        }
      }
      const done = this.readBulks();
      if (!done) {
        if (this.end - this.start + this.pendingBytes > this.limits.maxQueryBuffer) {
          throw new QueryBufferLimitError();
        }
        return null;
      }
      const out = this.args;
      this.args = [];
      this.pendingBytes = 0;
      return out;
    }
  }

  private findCR(from: number): number {
    const buf = this.buf;
    const end = this.end;
    for (let i = from; i < end; i++) if (buf[i] === 13) return i;
    return -1;
  }

  /** 0 = need more, 1 = started a multibulk, 2 = empty multibulk consumed. */
  private readMultibulkCount(): number {
    const cr = this.findCR(this.start);
    if (cr < 0) {
      if (this.end - this.start > INLINE_MAX) throw new ProtocolError("too big mbulk count string");
      return 0;
    }
    if (cr + 1 >= this.end) return 0; // the \n is not here yet
    const n = parseStrictInt(this.buf, this.start + 1, cr);
    if (n === null || n > INT_MAX) throw new ProtocolError("invalid multibulk length");
    if (this.unauthenticated && n > 10) {
      throw new ProtocolError("unauthenticated multibulk length");
    }
    this.start = cr + 2;
    if (n <= 0) return 2;
    this.argsLeft = n;
    this.args = [];
    this.pendingBytes = 0;
    this.bulkLen = -1;
    return 1;
  }

  private readBulks(): boolean {
    const buf = this.buf;
    while (this.argsLeft > 0) {
      if (this.bulkLen < 0) {
        const cr = this.findCR(this.start);
        if (cr < 0) {
          if (this.end - this.start > INLINE_MAX) {
            throw new ProtocolError("too big bulk count string");
          }
          return false;
        }
        if (cr + 1 >= this.end) return false;
        if (buf[this.start] !== 36 /* $ */) {
          throw new ProtocolError(`expected '$', got '${String.fromCharCode(buf[this.start])}'`);
        }
        const len = parseStrictInt(buf, this.start + 1, cr);
        if (len === null || len < 0 || len > this.limits.maxBulkLen) {
          throw new ProtocolError("invalid bulk length");
        }
        if (this.unauthenticated && len > 16384) {
          throw new ProtocolError("unauthenticated bulk length");
        }
        this.bulkLen = len;
        this.start = cr + 2;
      }
      const len = this.bulkLen;
      if (this.end - this.start < len + 2) return false;
      const args = this.args;
      // the command name: a shared instance keeps command-table lookups off V8's slow path
      args.push(
        args.length === 0 && len <= NAME_CACHE_MAX_LEN
          ? cachedName(buf, this.start, this.start + len)
          : bytesToBinary(buf, this.start, this.start + len),
      );
      this.pendingBytes += len;
      this.start += len + 2;
      this.bulkLen = -1;
      this.argsLeft--;
    }
    return true;
  }

  private readInline(): string[] | null {
    const buf = this.buf;
    let nl = -1;
    for (let i = this.start; i < this.end; i++) {
      if (buf[i] === 10) {
        nl = i;
        break;
      }
    }
    if (nl < 0) {
      if (this.end - this.start > INLINE_MAX) throw new ProtocolError("too big inline request");
      return null;
    }
    let lineEnd = nl;
    if (lineEnd > this.start && buf[lineEnd - 1] === 13) lineEnd--;
    const line = bytesToBinary(buf, this.start, lineEnd);
    this.start = nl + 1;
    const args = splitArgs(line);
    if (args === null) throw new ProtocolError("unbalanced quotes in request");
    return args;
  }
}

export class QueryBufferLimitError extends Error {
  constructor() {
    super("closing client that reached max query buffer length");
  }
}

/** Redis's string2ll over bytes: optional '-', no '+', no leading zeros. */
function parseStrictInt(buf: Uint8Array, from: number, to: number): number | null {
  if (from >= to || to - from > 20) return null;
  let i = from;
  let neg = false;
  if (buf[i] === 45) {
    neg = true;
    i++;
    if (i === to) return null;
  }
  if (buf[i] === 48) return to - i === 1 ? 0 : null;
  let v = 0;
  for (; i < to; i++) {
    const c = buf[i];
    if (c < 48 || c > 57) return null;
    v = v * 10 + (c - 48);
  }
  if (v > Number.MAX_SAFE_INTEGER) return neg ? -Infinity : Infinity;
  return neg ? -v : v;
}
