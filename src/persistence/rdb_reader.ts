/**
 * Reads RDB files (versions 1 to 10, as Redis 7.0 does) from memory, incrementally: `step`
 * parses until a deadline, so the server can keep answering (with -LOADING) between steps.
 * Every loaded key goes to a callback; the caller decides where it lives.
 */
import type { Value } from "../store/types.ts";
import { ByteSource, FormatError } from "./bytes_io.ts";
import { crc64 } from "./crc64.ts";
import {
  isValueType,
  OP_AUX,
  OP_EOF,
  OP_EXPIRETIME,
  OP_EXPIRETIME_MS,
  OP_FREQ,
  OP_FUNCTION,
  OP_FUNCTION2,
  OP_IDLE,
  OP_MODULE_AUX,
  OP_RESIZEDB,
  OP_SELECTDB,
  RDB_VERSION,
  readLength,
  readString,
} from "./rdb_format.ts";
import { readValue, UnsupportedTypeError, type ValueLimits } from "./rdb_value.ts";

export class RdbLoadError extends Error {}

export interface LoadedKey {
  db: number;
  key: string;
  value: Value;
  /** Absolute expiry in unix ms (bigint beyond 2^53), 0 when none. */
  expireAt: number | bigint;
  /** Seconds idle from an IDLE opcode, or -1. */
  idle: number;
  /** LFU counter from a FREQ opcode, or -1. */
  freq: number;
}

export interface RdbLoadOptions {
  limits: ValueLimits;
  /** Unix ms; keys whose expiry is before it are dropped (a primary's behaviour). */
  now: number;
  /** False keeps expired keys (an AOF's RDB preamble: the AOF tail may rely on them). */
  dropExpired: boolean;
  /** rdbchecksum: verify the CRC-64 at the end (a zero checksum means "not computed"). */
  verifyChecksum: boolean;
}

export class RdbLoader {
  private readonly src: ByteSource;
  version = 0;
  readonly aux = new Map<string, string>();
  keysLoaded = 0;
  keysExpired = 0;
  emptyKeysSkipped = 0;
  functionsSkipped = 0;
  /** Position just past the checksum, once done (an AOF tail may follow). */
  endOffset = -1;
  private db = 0;
  private expireAt: number | bigint = 0;
  private idle = -1;
  private freq = -1;
  private done = false;

  constructor(
    buf: Uint8Array,
    private readonly options: RdbLoadOptions,
    private readonly onKey: (k: LoadedKey) => void,
    /** Where the file begins in buf (the checksum covers it from there). */
    private readonly start = 0,
  ) {
    this.src = new ByteSource(buf, start);
    this.readHeader();
  }

  get finished(): boolean {
    return this.done;
  }

  /** Bytes consumed so far (for INFO's loading_loaded_bytes). */
  get position(): number {
    return this.src.pos;
  }

  get total(): number {
    return this.src.end;
  }

  private readHeader(): void {
    const src = this.src;
    if (src.remaining < 9) {
      throw new RdbLoadError("Short read or OOM loading DB. Unrecoverable error, aborting now.");
    }
    const magic = src.binary(9);
    if (!magic.startsWith("REDIS")) {
      throw new RdbLoadError("Wrong signature trying to load DB from file");
    }
    const digits = magic.slice(5);
    if (!/^[0-9]{4}$/.test(digits)) {
      throw new RdbLoadError("Wrong signature trying to load DB from file");
    }
    const version = Number(digits);
    if (version < 1 || version > RDB_VERSION) {
      throw new RdbLoadError(`Can't handle RDB format version ${version}`);
    }
    this.version = version;
  }

  /**
   * Parses until the deadline (performance.now() based) or the end of the file. Returns true
   * once the whole file is loaded. Throws RdbLoadError with a readable message on bad data.
   */
  step(deadline: number): boolean {
    if (this.done) return true;
    try {
      return this.parse(deadline);
    } catch (e) {
      if (e instanceof RdbLoadError) throw e;
      if (e instanceof UnsupportedTypeError) {
        throw new RdbLoadError(`${e.message} (at offset ${this.src.pos})`);
      }
      if (e instanceof FormatError) {
        throw new RdbLoadError(
          `Internal error in RDB reading offset ${this.src.pos}: ${e.message}`,
        );
      }
      throw e;
    }
  }

  private parse(deadline: number): boolean {
    const src = this.src;
    let n = 0;
    for (;;) {
      if ((++n & 63) === 0 && performance.now() > deadline) return false;
      const op = src.byte();
      switch (op) {
        case OP_EXPIRETIME_MS:
          this.expireAt = src.i64le();
          continue;
        case OP_EXPIRETIME: {
          const sec = src.u32le() | 0;
          this.expireAt = sec * 1000;
          continue;
        }
        case OP_IDLE:
          this.idle = readLength(src);
          continue;
        case OP_FREQ:
          this.freq = src.byte();
          continue;
        case OP_SELECTDB:
          this.db = readLength(src);
          continue;
        case OP_RESIZEDB:
          readLength(src);
          readLength(src);
          continue;
        case OP_AUX: {
          const name = readString(src);
          const value = readString(src);
          this.aux.set(name, value);
          continue;
        }
        case OP_MODULE_AUX:
          throw new RdbLoadError(
            "The RDB file contains module auxiliary data; respire does not support modules",
          );
        case OP_FUNCTION:
          throw new RdbLoadError("Pre-release function format not supported.");
        case OP_FUNCTION2:
          // a library's source code; respire has no functions engine, so it is left out
          readString(src);
          this.functionsSkipped++;
          continue;
        case OP_EOF:
          this.readChecksum();
          this.done = true;
          return true;
      }
      if (!isValueType(op)) {
        throw new RdbLoadError(`Unknown RDB encoding type ${op}`);
      }
      this.readKey(op);
    }
  }

  private readKey(type: number): void {
    const src = this.src;
    const key = readString(src);
    const value = readValue(src, type, this.options.limits);
    const expireAt = this.expireAt;
    const idle = this.idle;
    const freq = this.freq;
    this.expireAt = 0;
    this.idle = -1;
    this.freq = -1;
    if (value === null) {
      this.emptyKeysSkipped++;
      return;
    }
    if (
      this.options.dropExpired && expireAt !== 0 &&
      (typeof expireAt === "bigint"
        ? expireAt < BigInt(this.options.now)
        : expireAt < this.options.now)
    ) {
      this.keysExpired++;
      return;
    }
    this.keysLoaded++;
    this.onKey({ db: this.db, key, value, expireAt, idle, freq });
  }

  private readChecksum(): void {
    const src = this.src;
    const eofEnd = src.pos;
    if (this.version < 5) {
      this.endOffset = eofEnd;
      return;
    }
    if (src.remaining < 8) {
      throw new RdbLoadError("Short read or OOM loading DB. Unrecoverable error, aborting now.");
    }
    const storedLo = src.u32le();
    const storedHi = src.u32le();
    this.endOffset = src.pos;
    const stored = (BigInt(storedHi) << 32n) | BigInt(storedLo);
    if (!this.options.verifyChecksum || stored === 0n) return;
    const computed = crc64(src.buf, this.start, eofEnd);
    if (computed !== stored) {
      throw new RdbLoadError(
        `Wrong RDB checksum expected: (${hex(stored)}) got (${hex(computed)}). Aborting now.`,
      );
    }
  }
}

function hex(v: bigint): string {
  return v.toString(16).padStart(16, "0");
}
