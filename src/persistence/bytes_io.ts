/**
 * Byte buffers for the binary formats: ByteSink grows as it is written, ByteSource reads a
 * Uint8Array with bounds checks. Both deal in binary strings (one char per byte) where keys
 * and values are concerned.
 */
import { bytesToBinary } from "../lib/bytes.ts";

export class FormatError extends Error {}

const scratch: number[] = [];

/**
 * bytes [start, end) as a binary string. Short strings go through one fromCharCode call on a
 * reused array: building them char by char would leave chains of concatenation nodes that
 * cost far more memory and time once millions of keys are loaded.
 */
export function binaryOf(buf: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n > 256) return bytesToBinary(buf, start, end);
  scratch.length = n;
  for (let i = 0; i < n; i++) scratch[i] = buf[start + i];
  return String.fromCharCode.apply(null, scratch);
}

export class ByteSink {
  buf: Uint8Array;
  pos = 0;

  constructor(initial = 4096) {
    this.buf = new Uint8Array(initial);
  }

  /** Makes room for n more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }

  byte(b: number): void {
    if (this.pos >= this.buf.length) this.ensure(1);
    this.buf[this.pos++] = b;
  }

  bytes(src: Uint8Array, start = 0, end = src.length): void {
    const n = end - start;
    this.ensure(n);
    this.buf.set(src.subarray(start, end), this.pos);
    this.pos += n;
  }

  /** Writes the chars of a binary string as bytes. */
  binary(s: string): void {
    const n = s.length;
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  u16le(v: number): void {
    this.ensure(2);
    this.buf[this.pos++] = v & 0xff;
    this.buf[this.pos++] = (v >>> 8) & 0xff;
  }

  u32le(v: number): void {
    this.ensure(4);
    const b = this.buf;
    b[this.pos++] = v & 0xff;
    b[this.pos++] = (v >>> 8) & 0xff;
    b[this.pos++] = (v >>> 16) & 0xff;
    b[this.pos++] = (v >>> 24) & 0xff;
  }

  u32be(v: number): void {
    this.ensure(4);
    const b = this.buf;
    b[this.pos++] = (v >>> 24) & 0xff;
    b[this.pos++] = (v >>> 16) & 0xff;
    b[this.pos++] = (v >>> 8) & 0xff;
    b[this.pos++] = v & 0xff;
  }

  /** A signed 64-bit integer, little-endian (a number must be a safe integer). */
  i64le(v: number | bigint): void {
    let x = BigInt.asUintN(64, BigInt(v));
    this.ensure(8);
    for (let i = 0; i < 8; i++) {
      this.buf[this.pos++] = Number(x & 0xffn);
      x >>= 8n;
    }
  }

  /** An IEEE 754 double, little-endian. */
  f64le(d: number): void {
    this.ensure(8);
    new DataView(this.buf.buffer, this.buf.byteOffset).setFloat64(this.pos, d, true);
    this.pos += 8;
  }

  /** Overwrites 4 bytes at `at`, little-endian (length fields known only at the end). */
  patchU32le(at: number, v: number): void {
    const b = this.buf;
    b[at] = v & 0xff;
    b[at + 1] = (v >>> 8) & 0xff;
    b[at + 2] = (v >>> 16) & 0xff;
    b[at + 3] = (v >>> 24) & 0xff;
  }

  patchU16le(at: number, v: number): void {
    this.buf[at] = v & 0xff;
    this.buf[at + 1] = (v >>> 8) & 0xff;
  }

  /** The bytes written so far (a view: valid until the next write). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** The bytes written so far, copied. */
  copy(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  reset(): void {
    this.pos = 0;
  }
}

export class ByteSource {
  pos: number;

  constructor(readonly buf: Uint8Array, start = 0, readonly end = buf.length) {
    this.pos = start;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  need(n: number): void {
    if (this.pos + n > this.end) throw new FormatError("unexpected end of data");
  }

  byte(): number {
    if (this.pos >= this.end) throw new FormatError("unexpected end of data");
    return this.buf[this.pos++];
  }

  u16le(): number {
    this.need(2);
    const b = this.buf, p = this.pos;
    this.pos += 2;
    return b[p] | (b[p + 1] << 8);
  }

  u32le(): number {
    this.need(4);
    const b = this.buf, p = this.pos;
    this.pos += 4;
    return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
  }

  u32be(): number {
    this.need(4);
    const b = this.buf, p = this.pos;
    this.pos += 4;
    return ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
  }

  /** A signed 64-bit little-endian integer; a number when safe, else a bigint. */
  i64le(): number | bigint {
    this.need(8);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset).getBigInt64(this.pos, true);
    this.pos += 8;
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v;
  }

  /** An unsigned 64-bit big-endian integer. */
  u64be(): bigint {
    this.need(8);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset).getBigUint64(this.pos, false);
    this.pos += 8;
    return v;
  }

  f64le(): number {
    this.need(8);
    const v = new DataView(this.buf.buffer, this.buf.byteOffset).getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** n bytes as a view into the buffer. */
  view(n: number): Uint8Array {
    this.need(n);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** n bytes as a binary string. */
  binary(n: number): string {
    this.need(n);
    const s = binaryOf(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
}
