/**
 * Helpers for collections kept as a dense array whose deletions move the last element into
 * the hole: the HSCAN/SSCAN cursor and uniform random sampling.
 *
 * Such a collection is scanned from the top of the array down. A cursor `p` means "slots at
 * and above p were visited". A deletion only ever moves the element in the last slot, and
 * that element is either already visited (it sits at or above p) or lands in a lower,
 * still-unvisited slot, so an element that is present for the whole scan is never skipped;
 * it can at worst be returned twice. Additions land at the top, in the visited part, which
 * Redis allows (elements added during a scan may or may not be returned).
 *
 * Cursor 0 starts a scan (it means "from the top") and a returned 0 ends it, as in Redis.
 */
import { cString } from "../lib/bytes.ts";

const ULONG_MAX = 18446744073709551615n;

/**
 * Parses a cursor the way Redis does (strtoul plus its checks): an optional sign, decimal
 * digits, nothing after them, no leading space, within unsigned 64 bits. A negative value
 * wraps around, and an empty argument is cursor 0. Values above 2^53 lose precision, which
 * is harmless: any cursor beyond a collection's size means "from the top". Returns null for
 * an invalid cursor.
 */
export function parseScanCursor(text: string): number | null {
  // Redis hands strtoul the C string, which ends at the first NUL byte
  const arg = cString(text);
  const len = arg.length;
  if (len === 0) return 0;
  let i = 0;
  let neg = false;
  const c0 = arg.charCodeAt(0);
  if (c0 === 43 /* + */ || c0 === 45 /* - */) {
    neg = c0 === 45;
    i = 1;
  }
  if (i === len) return null;
  let small = 0;
  for (let j = i; j < len; j++) {
    const c = arg.charCodeAt(j);
    if (c < 48 || c > 57) return null;
    small = small * 10 + (c - 48);
  }
  if (small <= Number.MAX_SAFE_INTEGER && !neg) return small;
  let v = BigInt(arg.slice(i));
  if (v > ULONG_MAX) return null;
  if (neg && v !== 0n) v = ULONG_MAX + 1n - v;
  return Number(v);
}

/** The text of a cursor in a SCAN reply. */
export function formatScanCursor(cursor: number): string {
  return cursor === 0 ? "0" : String(cursor);
}

/**
 * One step of a top-down scan over `size` dense slots: visits up to `count` slots below the
 * cursor, highest first, and returns the next cursor (0 when slot 0 was visited).
 */
export function scanDense(
  size: number,
  cursor: number,
  count: number,
  visit: (slot: number) => void,
): number {
  let p = cursor === 0 || cursor > size ? size : cursor;
  const stop = p - count > 0 ? p - count : 0;
  while (p > stop) visit(--p);
  return p;
}

/**
 * k distinct slots out of n (0 < k < n), uniformly chosen, in random order, in O(k) expected
 * time: rejection sampling while k is small against n, otherwise a partial Fisher-Yates
 * shuffle, whose O(n) is then within a constant of k.
 */
export function distinctSlots(n: number, k: number, rand: () => number): number[] {
  const out: number[] = [];
  if (k * 4 <= n) {
    const seen = new Set<number>();
    while (out.length < k) {
      const slot = Math.floor(rand() * n);
      if (seen.has(slot)) continue;
      seen.add(slot);
      out.push(slot);
    }
    return out;
  }
  const slots = new Int32Array(n);
  for (let i = 0; i < n; i++) slots[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (n - i));
    const t = slots[j];
    slots[j] = slots[i];
    slots[i] = t;
    out.push(t);
  }
  return out;
}
