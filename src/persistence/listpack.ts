/**
 * Listpack: the compact sequence Redis 7.0 uses for small hashes and sorted sets and for the
 * nodes of a list's quicklist, stored in RDB files as one string.
 *
 *   <total bytes: u32 LE> <element count: u16 LE, 65535 = "count them"> <entry>... <0xFF>
 *
 * Each entry is an encoding byte (with its data) followed by "backlen", the size of encoding
 * plus data written in 7-bit groups so the list can also be walked from the end:
 *   0xxxxxxx                 7-bit unsigned integer
 *   10LLLLLL                 string of up to 63 bytes
 *   110xxxxx xxxxxxxx        13-bit signed integer
 *   1110LLLL LLLLLLLL        string of up to 4095 bytes (length big-endian)
 *   11110000 <u32 LE len>    longer string
 *   11110001..11110100       16, 24, 32, 64-bit signed integer, little-endian
 * Integers come back as their decimal text, since that is what they stand for.
 */
import { binaryOf, ByteSink, FormatError } from "./bytes_io.ts";

const HEADER = 6;
const EOF = 0xff;

/** Number of bytes backlen takes for an entry of `len` bytes. */
function backlenSize(len: number): number {
  if (len <= 127) return 1;
  if (len < 16383) return 2;
  if (len < 2097151) return 3;
  if (len < 268435455) return 4;
  return 5;
}

/** Decodes a whole listpack into its elements. Throws FormatError when it is malformed. */
export function decodeListpack(lp: Uint8Array): string[] {
  if (lp.length < HEADER + 1) throw new FormatError("listpack too short");
  const total = (lp[0] | (lp[1] << 8) | (lp[2] << 16) | (lp[3] << 24)) >>> 0;
  if (total !== lp.length) throw new FormatError("listpack length mismatch");
  const declared = lp[4] | (lp[5] << 8);
  const out: string[] = [];
  const end = lp.length - 1;
  if (lp[end] !== EOF) throw new FormatError("listpack without terminator");
  let p = HEADER;
  while (p < end) {
    const start = p;
    const b = lp[p];
    let value: string;
    if (b < 0x80) {
      value = String(b);
      p += 1;
    } else if (b < 0xc0) {
      const len = b & 0x3f;
      p += 1;
      if (p + len > end) throw new FormatError("listpack entry overflows");
      value = binaryOf(lp, p, p + len);
      p += len;
    } else if (b < 0xe0) {
      if (p + 2 > end) throw new FormatError("listpack entry overflows");
      let v = ((b & 0x1f) << 8) | lp[p + 1];
      if (v >= 4096) v -= 8192;
      value = String(v);
      p += 2;
    } else if (b < 0xf0) {
      if (p + 2 > end) throw new FormatError("listpack entry overflows");
      const len = ((b & 0x0f) << 8) | lp[p + 1];
      p += 2;
      if (p + len > end) throw new FormatError("listpack entry overflows");
      value = binaryOf(lp, p, p + len);
      p += len;
    } else if (b === 0xf0) {
      if (p + 5 > end) throw new FormatError("listpack entry overflows");
      const len = (lp[p + 1] | (lp[p + 2] << 8) | (lp[p + 3] << 16) | (lp[p + 4] << 24)) >>> 0;
      p += 5;
      if (p + len > end) throw new FormatError("listpack entry overflows");
      value = binaryOf(lp, p, p + len);
      p += len;
    } else if (b >= 0xf1 && b <= 0xf4) {
      const width = b === 0xf1 ? 2 : b === 0xf2 ? 3 : b === 0xf3 ? 4 : 8;
      if (p + 1 + width > end) throw new FormatError("listpack entry overflows");
      value = readIntLE(lp, p + 1, width);
      p += 1 + width;
    } else {
      throw new FormatError(`invalid listpack encoding byte ${b}`);
    }
    const entryLen = p - start;
    const bl = backlenSize(entryLen);
    if (p + bl > end) throw new FormatError("listpack entry overflows");
    if (decodeBacklen(lp, p + bl - 1) !== entryLen) {
      throw new FormatError("listpack backlen mismatch");
    }
    p += bl;
    out.push(value);
  }
  if (declared !== 65535 && declared !== out.length) {
    throw new FormatError("listpack element count mismatch");
  }
  return out;
}

/** Reads a backlen ending at `last` (inclusive), right to left. */
function decodeBacklen(lp: Uint8Array, last: number): number {
  let v = 0;
  let shift = 0;
  for (let i = last;; i--) {
    const b = lp[i];
    v += (b & 127) * 2 ** shift;
    if ((b & 128) === 0) return v;
    shift += 7;
    if (shift > 28) return -1;
  }
}

/** A little-endian two's complement integer of 2, 3, 4 or 8 bytes, as decimal text. */
export function readIntLE(buf: Uint8Array, at: number, width: number): string {
  if (width === 8) {
    const v = new DataView(buf.buffer, buf.byteOffset).getBigInt64(at, true);
    return v.toString();
  }
  let v = 0;
  for (let i = width - 1; i >= 0; i--) v = v * 256 + buf[at + i];
  const bits = 8 * width;
  if (v >= 2 ** (bits - 1)) v -= 2 ** bits;
  return String(v);
}

/**
 * The value of s when it is the canonical text of a 64-bit integer (what Redis's listpack
 * stores as an integer), else null. Numbers beyond 2^53 come back as bigint.
 */
export function canonicalInt(s: string): number | bigint | null {
  const len = s.length;
  if (len === 0 || len > 20) return null;
  let i = 0;
  if (s.charCodeAt(0) === 45) {
    if (len === 1) return null;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 48) return len === 1 ? 0 : null;
  for (; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  if (len < 16) return Number(s);
  const big = BigInt(s);
  if (big > 9223372036854775807n || big < -9223372036854775808n) return null;
  const n = Number(big);
  return Number.isSafeInteger(n) ? n : big;
}

/** Builds listpacks; entries are encoded as Redis's lpAppend encodes them. */
export class ListpackBuilder {
  private readonly sink = new ByteSink(64);
  private count = 0;

  constructor() {
    this.sink.pos = HEADER;
  }

  get size(): number {
    return this.count;
  }

  /** Bytes used so far, terminator included. */
  get bytes(): number {
    return this.sink.pos + 1;
  }

  append(s: string): void {
    const out = this.sink;
    const start = out.pos;
    const n = canonicalInt(s);
    if (n !== null) writeInt(out, n);
    else writeStr(out, s);
    writeBacklen(out, out.pos - start);
    this.count++;
  }

  /** The finished listpack (the builder can be reused after reset). */
  finish(): Uint8Array {
    const out = this.sink;
    out.byte(EOF);
    out.patchU32le(0, out.pos);
    out.patchU16le(4, this.count < 65535 ? this.count : 65535);
    const lp = out.copy();
    out.pos--;
    return lp;
  }

  reset(): void {
    this.sink.pos = HEADER;
    this.count = 0;
  }
}

function writeInt(out: ByteSink, n: number | bigint): void {
  if (typeof n === "number") {
    if (n >= 0 && n <= 127) {
      out.byte(n);
      return;
    }
    if (n >= -4096 && n <= 4095) {
      const u = n < 0 ? n + 8192 : n;
      out.byte(0xc0 | (u >> 8));
      out.byte(u & 0xff);
      return;
    }
    if (n >= -32768 && n <= 32767) {
      out.byte(0xf1);
      out.u16le(n & 0xffff);
      return;
    }
    if (n >= -8388608 && n <= 8388607) {
      const u = n & 0xffffff;
      out.byte(0xf2);
      out.byte(u & 0xff);
      out.byte((u >> 8) & 0xff);
      out.byte((u >> 16) & 0xff);
      return;
    }
    if (n >= -2147483648 && n <= 2147483647) {
      out.byte(0xf3);
      out.u32le(n >>> 0);
      return;
    }
  }
  out.byte(0xf4);
  out.i64le(n);
}

function writeStr(out: ByteSink, s: string): void {
  const len = s.length;
  if (len < 64) {
    out.byte(0x80 | len);
  } else if (len < 4096) {
    out.byte(0xe0 | (len >> 8));
    out.byte(len & 0xff);
  } else {
    out.byte(0xf0);
    out.u32le(len);
  }
  out.binary(s);
}

function writeBacklen(out: ByteSink, len: number): void {
  const size = backlenSize(len);
  // most significant group first; every byte but the first carries the continuation bit
  for (let i = size - 1; i >= 0; i--) {
    const group = Math.floor(len / 2 ** (7 * i)) & 127;
    out.byte(i === size - 1 ? group : group | 128);
  }
}

/** Encodes a whole listpack. */
export function encodeListpack(items: string[]): Uint8Array {
  const b = new ListpackBuilder();
  for (const s of items) b.append(s);
  return b.finish();
}
