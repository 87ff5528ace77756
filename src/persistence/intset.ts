/**
 * Intset: the sorted array of integers behind small all-integer sets, stored in RDB files as
 * one string:  <width in bytes: u32 LE (2, 4 or 8)> <count: u32 LE> <values, LE, ascending>.
 */
import { ByteSink, FormatError } from "./bytes_io.ts";
import { readIntLE } from "./listpack.ts";

/** Decodes an intset into the decimal texts of its members, checking order and size. */
export function decodeIntset(b: Uint8Array): string[] {
  if (b.length < 8) throw new FormatError("intset too short");
  const width = (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  const count = (b[4] | (b[5] << 8) | (b[6] << 16) | (b[7] << 24)) >>> 0;
  if (width !== 2 && width !== 4 && width !== 8) throw new FormatError("invalid intset width");
  if (8 + count * width !== b.length) throw new FormatError("intset size mismatch");
  const out: string[] = new Array(count);
  let prev: number | bigint | null = null;
  for (let i = 0; i < count; i++) {
    const text = readIntLE(b, 8 + i * width, width);
    const v = width === 8 ? BigInt(text) : Number(text);
    if (prev !== null && v <= prev) throw new FormatError("intset not sorted");
    prev = v;
    out[i] = text;
  }
  return out;
}

/**
 * Encodes ascending integer texts as an intset of the narrowest width that holds them all
 * (Redis keeps a set's width after its large members leave; the narrowest one is just as
 * valid to load).
 */
export function encodeIntset(members: string[]): Uint8Array {
  let width = 2;
  const values: bigint[] = new Array(members.length);
  for (let i = 0; i < members.length; i++) {
    const v = BigInt(members[i]);
    values[i] = v;
    if (v < -2147483648n || v > 2147483647n) width = 8;
    else if (width === 2 && (v < -32768n || v > 32767n)) width = 4;
  }
  const out = new ByteSink(8 + members.length * width);
  out.u32le(width);
  out.u32le(members.length);
  for (const v of values) {
    if (width === 8) {
      out.i64le(v);
    } else {
      const n = Number(v);
      if (width === 2) out.u16le(n & 0xffff);
      else out.u32le(n >>> 0);
    }
  }
  return out.copy();
}
