/**
 * Writes RDB files, version 10:
 *
 *   "REDIS0010"  AUX(redis-ver, redis-bits, ctime, used-mem, aof-base)
 *   per non-empty database: SELECTDB n  RESIZEDB keys expires
 *     per key: [EXPIRETIME_MS t] [IDLE s | FREQ f] <type> <key> <value>
 *   EOF  <CRC-64 of everything before, little-endian; zeros when rdbchecksum is off>
 *
 * RdbEncoder produces the bytes into a growing buffer; the caller drains them in chunks (to a
 * file, a socket or memory), and the checksum follows what was drained.
 */
import { REDIS_VERSION } from "../version.ts";
import type { Entry } from "../store/database.ts";
import { ByteSink } from "./bytes_io.ts";
import { Crc64 } from "./crc64.ts";
import {
  OP_AUX,
  OP_EOF,
  OP_EXPIRETIME_MS,
  OP_FREQ,
  OP_IDLE,
  OP_RESIZEDB,
  OP_SELECTDB,
  RDB_VERSION,
  writeLength,
  writeString,
} from "./rdb_format.ts";
import { rdbTypeOf, writeValueBody } from "./rdb_value.ts";

export interface RdbWriteOptions {
  /** rdbcompression: LZF for strings longer than 20 bytes. */
  compress: boolean;
  /** rdbchecksum: a real CRC-64 at the end (else eight zero bytes). */
  checksum: boolean;
  /** list-max-listpack-size, to split lists into quicklist nodes as Redis does. */
  listNodeSize: number;
  /**
   * Per-key access data to save, as Redis does under an LRU or LFU maxmemory-policy: the
   * idle time in seconds (IDLE) or the LFU counter (FREQ). Null saves neither.
   */
  accessData: ((e: Entry) => { idle: number } | { freq: number }) | null;
}

/**
 * Something that turns a dataset into a file, key by key, into a buffer the caller drains:
 * the RDB encoder here, or the AOF command encoder (aof_writer.ts) for an AOF base file.
 */
export interface ImageEncoder {
  readonly out: ByteSink;
  /** Bytes drained so far. */
  readonly drained: number;
  selectDb(index: number, keys: number, expires: number): void;
  keyValue(key: string, e: Entry, expireAt: number | bigint): void;
  /** The same as keyValue, into another buffer (a snapshot's side buffer). */
  keyValueTo(sink: ByteSink, key: string, e: Entry, expireAt: number | bigint): void;
  /** Appends bytes produced by keyValueTo. */
  raw(bytes: Uint8Array): void;
  drain(): Uint8Array;
  /** The last chunk of the file. */
  finish(): Uint8Array;
}

export class RdbEncoder implements ImageEncoder {
  readonly out = new ByteSink(1 << 16);
  private readonly crc = new Crc64();
  /** Bytes drained so far. */
  drained = 0;

  constructor(readonly options: RdbWriteOptions) {}

  /** Magic, version and the aux fields. */
  header(aux: [string, string][]): void {
    this.out.binary(`REDIS${String(RDB_VERSION).padStart(4, "0")}`);
    for (const [name, value] of aux) {
      this.out.byte(OP_AUX);
      writeString(this.out, name, false);
      writeString(this.out, value, false);
    }
  }

  selectDb(index: number, keys: number, expires: number): void {
    const out = this.out;
    out.byte(OP_SELECTDB);
    writeLength(out, index);
    out.byte(OP_RESIZEDB);
    writeLength(out, keys);
    writeLength(out, expires);
  }

  /** One key with its value, expiry (exact, unix ms; 0 = none) and access data. */
  keyValue(key: string, e: Entry, expireAt: number | bigint): void {
    writeKeyValue(this.out, key, e, expireAt, this.options);
  }

  keyValueTo(sink: ByteSink, key: string, e: Entry, expireAt: number | bigint): void {
    writeKeyValue(sink, key, e, expireAt, this.options);
  }

  /** Appends bytes already in RDB key/value form (written by writeKeyValue elsewhere). */
  raw(bytes: Uint8Array): void {
    this.out.bytes(bytes);
  }

  /** The bytes written since the last drain (a copy), folded into the checksum. */
  drain(): Uint8Array {
    const chunk = this.out.copy();
    if (this.options.checksum) this.crc.update(chunk);
    this.drained += chunk.length;
    this.out.reset();
    return chunk;
  }

  /** EOF and the checksum: the last chunk of the file. */
  finish(): Uint8Array {
    this.out.byte(OP_EOF);
    const body = this.drain();
    const tail = new Uint8Array(body.length + 8);
    tail.set(body);
    if (this.options.checksum) tail.set(this.crc.bytesLE(), body.length);
    this.drained += 8;
    return tail;
  }
}

/** Writes one key as it appears in an RDB database section. */
export function writeKeyValue(
  out: ByteSink,
  key: string,
  e: Entry,
  expireAt: number | bigint,
  options: RdbWriteOptions,
): void {
  if (expireAt !== 0) {
    out.byte(OP_EXPIRETIME_MS);
    out.i64le(expireAt);
  }
  if (options.accessData !== null) {
    const access = options.accessData(e);
    if ("idle" in access) {
      out.byte(OP_IDLE);
      writeLength(out, access.idle);
    } else {
      out.byte(OP_FREQ);
      out.byte(access.freq);
    }
  }
  const type = rdbTypeOf(e.value);
  out.byte(type);
  writeString(out, key, options.compress);
  writeValueBody(out, e.value, type, options.compress, options.listNodeSize);
}

/** The aux fields Redis 7.0 writes (no replication fields: respire has no replication). */
export function standardAux(usedMemory: number, aofBase: boolean): [string, string][] {
  return [
    ["redis-ver", REDIS_VERSION],
    ["redis-bits", "64"],
    ["ctime", String(Math.floor(Date.now() / 1000))],
    ["used-mem", String(usedMemory)],
    ["aof-base", aofBase ? "1" : "0"],
  ];
}
