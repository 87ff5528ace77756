/**
 * The building blocks of the RDB format (version 10, Redis 7.0): opcodes, value type bytes,
 * the variable-length "length" encoding, and strings (raw, integer-encoded or LZF-compressed).
 *
 * Length encoding, by the two high bits of the first byte:
 *   00xxxxxx            6-bit length
 *   01xxxxxx xxxxxxxx   14-bit length, big-endian
 *   10000000 + 4 bytes  32-bit length, big-endian
 *   10000001 + 8 bytes  64-bit length, big-endian
 *   11xxxxxx            a special string encoding in the low six bits:
 *                       0 = int8, 1 = int16, 2 = int32 (little-endian), 3 = LZF
 */
import { binaryOf, type ByteSink, type ByteSource, FormatError } from "./bytes_io.ts";
import { lzfCompress, lzfDecompress, LzfError } from "./lzf.ts";

export const RDB_VERSION = 10;

// opcodes
export const OP_FUNCTION2 = 245;
export const OP_FUNCTION = 246;
export const OP_MODULE_AUX = 247;
export const OP_IDLE = 248;
export const OP_FREQ = 249;
export const OP_AUX = 250;
export const OP_RESIZEDB = 251;
export const OP_EXPIRETIME_MS = 252;
export const OP_EXPIRETIME = 253;
export const OP_SELECTDB = 254;
export const OP_EOF = 255;

// value types
export const TYPE_STRING = 0;
export const TYPE_LIST = 1;
export const TYPE_SET = 2;
export const TYPE_ZSET = 3;
export const TYPE_HASH = 4;
export const TYPE_ZSET_2 = 5;
export const TYPE_MODULE = 6;
export const TYPE_MODULE_2 = 7;
export const TYPE_HASH_ZIPMAP = 9;
export const TYPE_LIST_ZIPLIST = 10;
export const TYPE_SET_INTSET = 11;
export const TYPE_ZSET_ZIPLIST = 12;
export const TYPE_HASH_ZIPLIST = 13;
export const TYPE_LIST_QUICKLIST = 14;
export const TYPE_STREAM_LISTPACKS = 15;
export const TYPE_HASH_LISTPACK = 16;
export const TYPE_ZSET_LISTPACK = 17;
export const TYPE_LIST_QUICKLIST_2 = 18;
export const TYPE_STREAM_LISTPACKS_2 = 19;

/** Quicklist 2 node containers. */
export const QUICKLIST_NODE_PLAIN = 1;
export const QUICKLIST_NODE_PACKED = 2;

export function isValueType(t: number): boolean {
  return (t >= 0 && t <= 7) || (t >= 9 && t <= 19);
}

const ENC_INT8 = 0;
const ENC_INT16 = 1;
const ENC_INT32 = 2;
const ENC_LZF = 3;

/** Strings at most this long are tried as integers (Redis's rule). */
const INT_CANDIDATE_MAX = 11;
/** Strings longer than this are tried for LZF when compression is on. */
const LZF_MIN = 20;

export function writeLength(out: ByteSink, n: number): void {
  if (n < 64) {
    out.byte(n);
  } else if (n < 16384) {
    out.ensure(2);
    out.buf[out.pos++] = 0x40 | (n >>> 8);
    out.buf[out.pos++] = n & 0xff;
  } else if (n <= 0xffffffff) {
    out.byte(0x80);
    out.u32be(n);
  } else {
    out.byte(0x81);
    out.u32be(Math.floor(n / 0x100000000));
    out.u32be(n >>> 0);
  }
}

/** The value of a canonical integer text that fits 32 bits, else null. */
function int32Candidate(s: string): number | null {
  const len = s.length;
  if (len === 0 || len > INT_CANDIDATE_MAX) return null;
  let i = 0;
  if (s.charCodeAt(0) === 45) {
    if (len === 1) return null;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 48) return len === 1 ? 0 : null; // "0" only; no leading zeros, no "-0"
  for (; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  const v = Number(s);
  return v >= -2147483648 && v <= 2147483647 ? v : null;
}

function writeInt(out: ByteSink, v: number): void {
  if (v >= -128 && v <= 127) {
    out.byte(0xc0 | ENC_INT8);
    out.byte(v & 0xff);
  } else if (v >= -32768 && v <= 32767) {
    out.byte(0xc0 | ENC_INT16);
    out.u16le(v & 0xffff);
  } else {
    out.byte(0xc0 | ENC_INT32);
    out.u32le(v >>> 0);
  }
}

/**
 * Writes a binary string the way Redis's rdbSaveRawString does: as an integer when it is the
 * canonical text of a 32-bit integer, LZF-compressed when `compress` and that saves space,
 * raw otherwise.
 */
export function writeString(out: ByteSink, s: string, compress: boolean): void {
  const len = s.length;
  if (len <= INT_CANDIDATE_MAX) {
    const v = int32Candidate(s);
    if (v !== null) {
      writeInt(out, v);
      return;
    }
  }
  if (compress && len > LZF_MIN) {
    // the compressor reads bytes: stage the string in the sink, compress, then replace it
    const mark = out.pos;
    out.binary(s);
    const packed = lzfCompress(out.buf, mark, mark + len, len - 4);
    if (packed !== null) {
      out.pos = mark;
      writeLzf(out, packed, len);
      return;
    }
    // not worth it: move the staged bytes behind their length prefix
    const staged = out.buf.slice(mark, mark + len);
    out.pos = mark;
    writeLength(out, len);
    out.bytes(staged);
    return;
  }
  writeLength(out, len);
  out.binary(s);
}

/** Writes bytes as an RDB string (listpack and intset blobs), compressed when it pays. */
export function writeBytes(out: ByteSink, b: Uint8Array, compress: boolean): void {
  if (compress && b.length > LZF_MIN) {
    const packed = lzfCompress(b, 0, b.length, b.length - 4);
    if (packed !== null) {
      writeLzf(out, packed, b.length);
      return;
    }
  }
  writeLength(out, b.length);
  out.bytes(b);
}

function writeLzf(out: ByteSink, packed: Uint8Array, originalLength: number): void {
  out.byte(0xc0 | ENC_LZF);
  writeLength(out, packed.length);
  writeLength(out, originalLength);
  out.bytes(packed);
}

/** Reads a plain length; a special string encoding here is a format error. */
export function readLength(src: ByteSource): number {
  const first = src.byte();
  const kind = first >> 6;
  if (kind === 0) return first & 0x3f;
  if (kind === 1) return ((first & 0x3f) << 8) | src.byte();
  if (first === 0x80) return src.u32be();
  if (first === 0x81) {
    const v = src.u64be();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new FormatError("length out of range");
    return Number(v);
  }
  throw new FormatError(`unknown length encoding ${first}`);
}

/** Reads a string as a binary string. */
export function readString(src: ByteSource): string {
  const first = src.buf[src.pos];
  if (src.pos < src.end && first >> 6 === 3) {
    src.pos++;
    const enc = first & 0x3f;
    if (enc === ENC_LZF) {
      const b = readLzf(src);
      return binaryOf(b, 0, b.length);
    }
    return String(readIntEncoded(src, enc));
  }
  return src.binary(readLength(src));
}

/** Reads a string as bytes (for listpack, ziplist and intset blobs). */
export function readStringBytes(src: ByteSource): Uint8Array {
  const first = src.buf[src.pos];
  if (src.pos < src.end && first >> 6 === 3) {
    src.pos++;
    const enc = first & 0x3f;
    if (enc === ENC_LZF) return readLzf(src);
    const text = String(readIntEncoded(src, enc));
    return Uint8Array.from(text, (c) => c.charCodeAt(0));
  }
  return src.view(readLength(src));
}

function readIntEncoded(src: ByteSource, enc: number): number {
  if (enc === ENC_INT8) return (src.byte() << 24) >> 24;
  if (enc === ENC_INT16) return (src.u16le() << 16) >> 16;
  if (enc === ENC_INT32) return src.u32le() | 0;
  throw new FormatError(`unknown string encoding ${enc}`);
}

function readLzf(src: ByteSource): Uint8Array {
  const clen = readLength(src);
  const len = readLength(src);
  const packed = src.view(clen);
  try {
    return lzfDecompress(packed, 0, clen, len);
  } catch (e) {
    if (e instanceof LzfError) throw new FormatError(`invalid LZF data: ${e.message}`);
    throw e;
  }
}

/** Old-style (RDB_TYPE_ZSET) text double: a length byte, or 253/254/255 for nan/inf/-inf. */
export function readTextDouble(src: ByteSource): number {
  const len = src.byte();
  if (len === 253) return NaN;
  if (len === 254) return Infinity;
  if (len === 255) return -Infinity;
  const text = src.binary(len);
  const v = Number(text);
  if (Number.isNaN(v) && text.trim().toLowerCase() !== "nan") {
    throw new FormatError("invalid double");
  }
  return v;
}
