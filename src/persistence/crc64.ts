/**
 * CRC-64 as Redis computes it for RDB files and DUMP payloads: the "Jones" polynomial
 * 0xad93d23594c935a9, bit-reflected input and output, initial value 0, no final xor. The
 * check value for "123456789" is 0xe9c6d914c4b8d9ca.
 *
 * A 64-bit register does not fit a JS number and BigInt arithmetic is far too slow for
 * whole files, so the register is kept as two unsigned 32-bit halves. The reflected form of
 * the polynomial (0x95ac9329ac4bc9b5) drives a byte-at-a-time table, extended to slicing by
 * eight (eight tables) so long inputs are consumed eight bytes per step.
 */

const POLY_HI = 0x95ac9329;
const POLY_LO = 0xac4bc9b5;

/** tables[k] maps a byte to the CRC of that byte followed by k zero bytes (hi, lo halves). */
const TABLE_HI: Uint32Array[] = [];
const TABLE_LO: Uint32Array[] = [];

function buildTables(): void {
  const hi0 = new Uint32Array(256);
  const lo0 = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let hi = 0;
    let lo = n;
    for (let bit = 0; bit < 8; bit++) {
      const carry = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (carry) {
        hi = (hi ^ POLY_HI) >>> 0;
        lo = (lo ^ POLY_LO) >>> 0;
      }
    }
    hi0[n] = hi;
    lo0[n] = lo;
  }
  TABLE_HI.push(hi0);
  TABLE_LO.push(lo0);
  for (let k = 1; k < 8; k++) {
    const prevHi = TABLE_HI[k - 1];
    const prevLo = TABLE_LO[k - 1];
    const hi = new Uint32Array(256);
    const lo = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      // one more zero byte: shift right by 8 and fold the byte that falls out
      const h = prevHi[n];
      const l = prevLo[n];
      const out = l & 0xff;
      hi[n] = ((h >>> 8) ^ hi0[out]) >>> 0;
      lo[n] = (((l >>> 8) | ((h & 0xff) << 24)) ^ lo0[out]) >>> 0;
    }
    TABLE_HI.push(hi);
    TABLE_LO.push(lo);
  }
}
buildTables();

/**
 * A running CRC-64. `update` may be called any number of times; `hi`/`lo` hold the current
 * value, `bytesLE()` gives the 8 bytes as Redis stores them (little-endian).
 */
export class Crc64 {
  hi = 0;
  lo = 0;

  update(buf: Uint8Array, start = 0, end = buf.length): void {
    let hi = this.hi;
    let lo = this.lo;
    let i = start;
    const t0h = TABLE_HI[0], t0l = TABLE_LO[0];
    if (end - i >= 8) {
      const t1h = TABLE_HI[1], t1l = TABLE_LO[1];
      const t2h = TABLE_HI[2], t2l = TABLE_LO[2];
      const t3h = TABLE_HI[3], t3l = TABLE_LO[3];
      const t4h = TABLE_HI[4], t4l = TABLE_LO[4];
      const t5h = TABLE_HI[5], t5l = TABLE_LO[5];
      const t6h = TABLE_HI[6], t6l = TABLE_LO[6];
      const t7h = TABLE_HI[7], t7l = TABLE_LO[7];
      const stop = end - 8;
      while (i <= stop) {
        // the register's low byte pairs with the first input byte
        const a = lo ^ (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24));
        const b = hi ^ (buf[i + 4] | (buf[i + 5] << 8) | (buf[i + 6] << 16) | (buf[i + 7] << 24));
        const a0 = a & 0xff, a1 = (a >>> 8) & 0xff, a2 = (a >>> 16) & 0xff, a3 = a >>> 24;
        const b0 = b & 0xff, b1 = (b >>> 8) & 0xff, b2 = (b >>> 16) & 0xff, b3 = b >>> 24;
        hi = t7h[a0] ^ t6h[a1] ^ t5h[a2] ^ t4h[a3] ^ t3h[b0] ^ t2h[b1] ^ t1h[b2] ^ t0h[b3];
        lo = t7l[a0] ^ t6l[a1] ^ t5l[a2] ^ t4l[a3] ^ t3l[b0] ^ t2l[b1] ^ t1l[b2] ^ t0l[b3];
        i += 8;
      }
    }
    for (; i < end; i++) {
      const idx = (lo ^ buf[i]) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ t0l[idx];
      hi = (hi >>> 8) ^ t0h[idx];
    }
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
  }

  /** The value as an unsigned bigint (tests, messages). */
  value(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }

  /** The 8 bytes of the value, little-endian, as written after an RDB file or DUMP payload. */
  bytesLE(): Uint8Array {
    const out = new Uint8Array(8);
    const lo = this.lo, hi = this.hi;
    out[0] = lo & 0xff;
    out[1] = (lo >>> 8) & 0xff;
    out[2] = (lo >>> 16) & 0xff;
    out[3] = lo >>> 24;
    out[4] = hi & 0xff;
    out[5] = (hi >>> 8) & 0xff;
    out[6] = (hi >>> 16) & 0xff;
    out[7] = hi >>> 24;
    return out;
  }

  /** True when the 8 bytes at buf[at..] are this value, little-endian. */
  matchesLE(buf: Uint8Array, at: number): boolean {
    const lo = (buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16) | (buf[at + 3] << 24)) >>> 0;
    const hi = (buf[at + 4] | (buf[at + 5] << 8) | (buf[at + 6] << 16) | (buf[at + 7] << 24)) >>>
      0;
    return lo === this.lo && hi === this.hi;
  }
}

/** CRC-64 of buf[start, end). */
export function crc64(buf: Uint8Array, start = 0, end = buf.length): bigint {
  const c = new Crc64();
  c.update(buf, start, end);
  return c.value();
}
