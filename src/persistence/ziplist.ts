/**
 * Decoders for the compact encodings that only older RDB files (Redis 6.2 and before) contain:
 * ziplist (small lists, hashes and sorted sets, and quicklist nodes) and zipmap (hashes before
 * Redis 2.6). Redis 7.0 still loads them, converting to listpacks; respire does the same.
 *
 * Ziplist:
 *   <total bytes: u32 LE> <offset of last entry: u32 LE> <count: u16 LE> <entry>... <0xFF>
 * An entry is <previous entry length> <encoding> <data>. The previous length is one byte when
 * below 254, else 0xFE and a u32 LE. Encodings:
 *   00LLLLLL / 01LLLLLL LLLLLLLL / 10000000 <u32 BE>   string of 6, 14 or 32-bit length
 *   0xC0 int16, 0xD0 int32, 0xE0 int64, 0xF0 int24, 0xFE int8 (little-endian)
 *   0xF1..0xFD                                           the integer 0..12 itself
 *
 * Zipmap:
 *   <count byte> then per pair: <len> key <len> <free byte> value <free bytes>, then 0xFF.
 *   A length below 254 is one byte, 254 introduces a u32 LE.
 */
import { binaryOf, FormatError } from "./bytes_io.ts";
import { readIntLE } from "./listpack.ts";

const ZL_HEADER = 10;

export function decodeZiplist(zl: Uint8Array): string[] {
  if (zl.length < ZL_HEADER + 1) throw new FormatError("ziplist too short");
  const total = (zl[0] | (zl[1] << 8) | (zl[2] << 16) | (zl[3] << 24)) >>> 0;
  if (total !== zl.length) throw new FormatError("ziplist length mismatch");
  const declared = zl[8] | (zl[9] << 8);
  const end = zl.length - 1;
  if (zl[end] !== 0xff) throw new FormatError("ziplist without terminator");
  const out: string[] = [];
  let p = ZL_HEADER;
  let prevLen = 0;
  while (p < end) {
    const start = p;
    // previous entry length
    let recorded: number;
    if (zl[p] < 254) {
      recorded = zl[p];
      p += 1;
    } else if (zl[p] === 254) {
      if (p + 5 > end) throw new FormatError("ziplist entry overflows");
      recorded = (zl[p + 1] | (zl[p + 2] << 8) | (zl[p + 3] << 16) | (zl[p + 4] << 24)) >>> 0;
      p += 5;
    } else {
      throw new FormatError("invalid ziplist prevlen");
    }
    if (recorded !== prevLen) throw new FormatError("ziplist prevlen mismatch");
    if (p >= end) throw new FormatError("ziplist entry overflows");
    const b = zl[p];
    let value: string;
    const kind = b >> 6;
    if (kind === 0 || kind === 1 || b === 0x80) {
      let len: number;
      if (kind === 0) {
        len = b & 0x3f;
        p += 1;
      } else if (kind === 1) {
        if (p + 2 > end) throw new FormatError("ziplist entry overflows");
        len = ((b & 0x3f) << 8) | zl[p + 1];
        p += 2;
      } else {
        if (p + 5 > end) throw new FormatError("ziplist entry overflows");
        len = ((zl[p + 1] << 24) | (zl[p + 2] << 16) | (zl[p + 3] << 8) | zl[p + 4]) >>> 0;
        p += 5;
      }
      if (p + len > end) throw new FormatError("ziplist entry overflows");
      value = binaryOf(zl, p, p + len);
      p += len;
    } else if (b >= 0xf1 && b <= 0xfd) {
      value = String((b & 0x0f) - 1);
      p += 1;
    } else {
      const width = b === 0xfe
        ? 1
        : b === 0xc0
        ? 2
        : b === 0xf0
        ? 3
        : b === 0xd0
        ? 4
        : b === 0xe0
        ? 8
        : 0;
      if (width === 0) throw new FormatError(`invalid ziplist encoding byte ${b}`);
      if (p + 1 + width > end) throw new FormatError("ziplist entry overflows");
      value = width === 1 ? String((zl[p + 1] << 24) >> 24) : readIntLE(zl, p + 1, width);
      p += 1 + width;
    }
    prevLen = p - start;
    out.push(value);
  }
  if (declared !== 65535 && declared !== out.length) {
    throw new FormatError("ziplist element count mismatch");
  }
  return out;
}

/** Decodes a zipmap into alternating field, value strings. */
export function decodeZipmap(zm: Uint8Array): string[] {
  const out: string[] = [];
  let p = 1;
  const end = zm.length;
  const readLen = (): number => {
    if (p >= end) throw new FormatError("zipmap overflows");
    const b = zm[p];
    if (b < 254) {
      p += 1;
      return b;
    }
    if (b === 254) {
      if (p + 5 > end) throw new FormatError("zipmap overflows");
      const v = (zm[p + 1] | (zm[p + 2] << 8) | (zm[p + 3] << 16) | (zm[p + 4] << 24)) >>> 0;
      p += 5;
      return v;
    }
    return -1;
  };
  for (;;) {
    const klen = readLen();
    if (klen < 0) break;
    if (p + klen > end) throw new FormatError("zipmap overflows");
    const key = binaryOf(zm, p, p + klen);
    p += klen;
    const vlen = readLen();
    if (vlen < 0) throw new FormatError("zipmap value missing");
    if (p >= end) throw new FormatError("zipmap overflows");
    const free = zm[p++];
    if (p + vlen + free > end) throw new FormatError("zipmap overflows");
    out.push(key, binaryOf(zm, p, p + vlen));
    p += vlen + free;
  }
  if (p !== end - 1 && p !== end) throw new FormatError("zipmap has trailing bytes");
  return out;
}
