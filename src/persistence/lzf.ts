/**
 * The LZF compressed format, as found in RDB files (strings saved with rdbcompression yes).
 *
 * A compressed stream is a sequence of items, each starting with a control byte:
 *   - 000LLLLL: a literal run of L+1 bytes (1..32) follows.
 *   - LLLOOOOO [EEEEEEEE] OOOOOOOO: a back reference. L (1..6) is the match length minus 2;
 *     L = 7 means an extension byte E follows and the length is 9 + E. The 13-bit offset
 *     (high 5 bits in the control byte, low 8 bits last) counts back from the current output
 *     position minus one, so 0 copies the previous byte. Matches may overlap their output.
 *
 * The compressor here is our own greedy matcher over a hash of the next three bytes. Its output
 * is valid LZF (Redis and liblzf decode it), though not necessarily byte-identical to liblzf's.
 */

const MAX_LITERAL = 32;
const MAX_OFFSET = 1 << 13;
const MAX_MATCH = 7 + 255 + 2;
const HASH_BITS = 14;

export class LzfError extends Error {}

/** Hash table reused across calls: positions + 1 of recent three-byte sequences. */
let table = new Int32Array(1 << HASH_BITS);
/** Stamp that makes stale table entries from an earlier call invisible without clearing. */
let stampBase = 0;

/** Output buffer reused across calls (the result is a view into it). */
let scratch = new Uint8Array(4096);

/**
 * Compresses src[start, end). Returns the compressed bytes, or null when they would not fit
 * in `maxOut` bytes (the caller then stores the data raw). The result is a view into a buffer
 * the next call reuses: copy it before compressing again.
 */
export function lzfCompress(
  src: Uint8Array,
  start: number,
  end: number,
  maxOut: number,
): Uint8Array | null {
  const len = end - start;
  if (len < 4 || maxOut <= 0) return null;
  // positions in the table are relative to this call's base so old entries fall out of range
  if (stampBase + len + 1 > 0x3fffffff) {
    table = new Int32Array(1 << HASH_BITS);
    stampBase = 0;
  }
  const base = stampBase - start + 1;
  stampBase += len + 1;
  if (scratch.length < maxOut) scratch = new Uint8Array(Math.max(maxOut, 2 * scratch.length));
  const out = scratch;
  let op = 0;
  let litStart = start;
  let ip = start;
  const lastMatchStart = end - 3;
  while (ip <= lastMatchStart) {
    const seq = (src[ip] << 16) | (src[ip + 1] << 8) | src[ip + 2];
    const h = Math.imul(seq, 0x9e3779b1) >>> (32 - HASH_BITS);
    const stored = table[h] - base;
    table[h] = ip + base;
    const off = ip - stored - 1;
    if (
      stored >= start && off < MAX_OFFSET &&
      src[stored] === src[ip] && src[stored + 1] === src[ip + 1] && src[stored + 2] === src[ip + 2]
    ) {
      let mlen = 3;
      const maxLen = Math.min(MAX_MATCH, end - ip);
      while (mlen < maxLen && src[stored + mlen] === src[ip + mlen]) mlen++;
      // flush pending literals
      op = emitLiterals(src, litStart, ip, out, op, maxOut);
      if (op < 0) return null;
      const l = mlen - 2;
      if (l < 7) {
        if (op + 2 > maxOut) return null;
        out[op++] = (l << 5) | (off >> 8);
      } else {
        if (op + 3 > maxOut) return null;
        out[op++] = (7 << 5) | (off >> 8);
        out[op++] = l - 7;
      }
      out[op++] = off & 0xff;
      // index the positions inside the match so later data can refer to them
      const matchEnd = ip + mlen;
      for (let p = ip + 1; p < matchEnd && p <= lastMatchStart; p++) {
        const s = (src[p] << 16) | (src[p + 1] << 8) | src[p + 2];
        table[Math.imul(s, 0x9e3779b1) >>> (32 - HASH_BITS)] = p + base;
      }
      ip = matchEnd;
      litStart = ip;
    } else {
      ip++;
    }
  }
  op = emitLiterals(src, litStart, end, out, op, maxOut);
  if (op < 0) return null;
  return out.subarray(0, op);
}

/** Writes src[from, to) as literal runs; returns the new output position or -1 on overflow. */
function emitLiterals(
  src: Uint8Array,
  from: number,
  to: number,
  out: Uint8Array,
  op: number,
  limit: number,
): number {
  while (from < to) {
    const run = Math.min(MAX_LITERAL, to - from);
    if (op + 1 + run > limit) return -1;
    out[op++] = run - 1;
    for (let i = 0; i < run; i++) out[op++] = src[from + i];
    from += run;
  }
  return op;
}

/**
 * Decompresses src[start, end) that must expand to exactly `outLen` bytes. Throws LzfError
 * on anything malformed (a reference before the start, overruns, a wrong total length).
 */
export function lzfDecompress(
  src: Uint8Array,
  start: number,
  end: number,
  outLen: number,
): Uint8Array {
  const out = new Uint8Array(outLen);
  let ip = start;
  let op = 0;
  while (ip < end) {
    const ctrl = src[ip++];
    if (ctrl < 32) {
      const run = ctrl + 1;
      if (ip + run > end) throw new LzfError("literal run past the end of the input");
      if (op + run > outLen) throw new LzfError("output longer than declared");
      out.set(src.subarray(ip, ip + run), op);
      ip += run;
      op += run;
      continue;
    }
    let len = ctrl >> 5;
    if (len === 7) {
      if (ip >= end) throw new LzfError("truncated back reference");
      len += src[ip++];
    }
    if (ip >= end) throw new LzfError("truncated back reference");
    const ref = op - ((ctrl & 0x1f) << 8) - src[ip++] - 1;
    len += 2;
    if (ref < 0) throw new LzfError("back reference before the start of the output");
    if (op + len > outLen) throw new LzfError("output longer than declared");
    for (let i = 0; i < len; i++) out[op + i] = out[ref + i];
    op += len;
  }
  if (op !== outLen) throw new LzfError("output shorter than declared");
  return out;
}
