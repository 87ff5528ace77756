/**
 * The list type: a ring-buffer deque of binary strings.
 *
 * Elements live in a power-of-two array addressed modulo its capacity, so pushes and pops at
 * either end are O(1) amortized and reading or replacing the element at an index is O(1)
 * (Redis's quicklist is O(n) there; being faster is allowed). Insertion and removal inside
 * the list move the shorter side only. Vacated slots are overwritten with "" so the list never
 * keeps a popped string alive, and the array shrinks when it is mostly empty.
 *
 * Redis 7.0 stores every list as a quicklist (the listpack encoding for small lists arrived
 * in 7.2), so OBJECT ENCODING always reports "quicklist".
 */
import type { CollectionValue } from "./types.ts";

const MIN_CAPACITY = 4;

export class ListValue implements CollectionValue {
  readonly type = "list" as const;
  private buf: string[];
  /** capacity - 1; capacity is a power of two. */
  private mask: number;
  /** Slot of the first element. */
  private head = 0;
  private len = 0;

  constructor(capacity = MIN_CAPACITY) {
    let cap = MIN_CAPACITY;
    while (cap < capacity) cap *= 2;
    this.buf = new Array<string>(cap).fill("");
    this.mask = cap - 1;
  }

  /** A list holding the given elements, head first. */
  static from(items: Iterable<string>): ListValue {
    const arr = Array.isArray(items) ? items as string[] : [...items];
    const l = new ListValue(arr.length);
    for (let i = 0; i < arr.length; i++) l.buf[i] = arr[i];
    l.len = arr.length;
    return l;
  }

  get size(): number {
    return this.len;
  }

  encoding(): string {
    return "quicklist";
  }

  clone(): ListValue {
    const l = new ListValue(this.len);
    for (let i = 0; i < this.len; i++) l.buf[i] = this.buf[(this.head + i) & this.mask];
    l.len = this.len;
    return l;
  }

  /** The element at index 0 <= i < size. */
  at(i: number): string {
    return this.buf[(this.head + i) & this.mask];
  }

  /** Replaces the element at index 0 <= i < size. */
  set(i: number, value: string): void {
    this.buf[(this.head + i) & this.mask] = value;
  }

  pushHead(value: string): void {
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    this.head = (this.head - 1) & this.mask;
    this.buf[this.head] = value;
    this.len++;
  }

  pushTail(value: string): void {
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    this.buf[(this.head + this.len) & this.mask] = value;
    this.len++;
  }

  /** Removes and returns the first element (undefined when empty). */
  popHead(): string | undefined {
    if (this.len === 0) return undefined;
    const v = this.buf[this.head];
    this.buf[this.head] = "";
    this.head = (this.head + 1) & this.mask;
    this.len--;
    this.maybeShrink();
    return v;
  }

  /** Removes and returns the last element (undefined when empty). */
  popTail(): string | undefined {
    if (this.len === 0) return undefined;
    const slot = (this.head + this.len - 1) & this.mask;
    const v = this.buf[slot];
    this.buf[slot] = "";
    this.len--;
    this.maybeShrink();
    return v;
  }

  /** Copies `count` elements starting at index `start` (both within the list) to an array. */
  slice(start: number, count: number): string[] {
    const out = new Array<string>(count);
    const buf = this.buf;
    const mask = this.mask;
    let slot = this.head + start;
    for (let i = 0; i < count; i++) out[i] = buf[(slot++) & mask];
    return out;
  }

  /** Removes `count` elements from the head. */
  dropHead(count: number): void {
    if (count >= this.len) {
      this.clear();
      return;
    }
    const buf = this.buf;
    const mask = this.mask;
    for (let i = 0; i < count; i++) buf[(this.head + i) & mask] = "";
    this.head = (this.head + count) & mask;
    this.len -= count;
    this.maybeShrink();
  }

  /** Removes `count` elements from the tail. */
  dropTail(count: number): void {
    if (count >= this.len) {
      this.clear();
      return;
    }
    const buf = this.buf;
    const mask = this.mask;
    const newLen = this.len - count;
    for (let i = newLen; i < this.len; i++) buf[(this.head + i) & mask] = "";
    this.len = newLen;
    this.maybeShrink();
  }

  /** Inserts value so that it ends up at index 0 <= i <= size. */
  insertAt(i: number, value: string): void {
    if (i === 0) {
      this.pushHead(value);
      return;
    }
    if (i === this.len) {
      this.pushTail(value);
      return;
    }
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    const buf = this.buf;
    const mask = this.mask;
    if (i < this.len - i) {
      // move the i elements before the gap one slot towards the head
      const newHead = (this.head - 1) & mask;
      for (let k = 0; k < i; k++) {
        buf[(newHead + k) & mask] = buf[(this.head + k) & mask];
      }
      this.head = newHead;
    } else {
      // move the elements from i on one slot towards the tail
      for (let k = this.len; k > i; k--) {
        buf[(this.head + k) & mask] = buf[(this.head + k - 1) & mask];
      }
    }
    buf[(this.head + i) & mask] = value;
    this.len++;
  }

  /** Index of the first element equal to value, or -1. */
  indexOf(value: string): number {
    const buf = this.buf;
    const mask = this.mask;
    for (let i = 0; i < this.len; i++) {
      if (buf[(this.head + i) & mask] === value) return i;
    }
    return -1;
  }

  /**
   * Removes up to `limit` elements equal to value (all of them when limit is 0), scanning
   * from the head, or from the tail when fromTail is set. Returns how many were removed.
   * Only the part of the list between the scanned end and the last removed element moves.
   */
  remove(value: string, limit: number, fromTail: boolean): number {
    const buf = this.buf;
    const mask = this.mask;
    const n = this.len;
    let found = 0;
    let last = -1;
    if (!fromTail) {
      for (let i = 0; i < n; i++) {
        if (buf[(this.head + i) & mask] === value) {
          found++;
          last = i;
          if (found === limit) break;
        }
      }
      if (found === 0) return 0;
      // compact [0, last] towards the tail, then release the freed head slots
      let w = last;
      for (let r = last; r >= 0; r--) {
        const v = buf[(this.head + r) & mask];
        if (v !== value) buf[(this.head + w--) & mask] = v;
      }
      for (let k = 0; k < found; k++) buf[(this.head + k) & mask] = "";
      this.head = (this.head + found) & mask;
    } else {
      for (let i = n - 1; i >= 0; i--) {
        if (buf[(this.head + i) & mask] === value) {
          found++;
          last = i;
          if (found === limit) break;
        }
      }
      if (found === 0) return 0;
      // compact [last, n) towards the head, then release the freed tail slots
      let w = last;
      for (let r = last; r < n; r++) {
        const v = buf[(this.head + r) & mask];
        if (v !== value) buf[(this.head + w++) & mask] = v;
      }
      for (let k = n - found; k < n; k++) buf[(this.head + k) & mask] = "";
    }
    this.len -= found;
    this.maybeShrink();
    return found;
  }

  /** Empties the list, keeping the smallest buffer. */
  clear(): void {
    this.buf = new Array<string>(MIN_CAPACITY).fill("");
    this.mask = MIN_CAPACITY - 1;
    this.head = 0;
    this.len = 0;
  }

  /** Elements head to tail (tests, debugging, SORT). */
  *[Symbol.iterator](): IterableIterator<string> {
    for (let i = 0; i < this.len; i++) yield this.buf[(this.head + i) & this.mask];
  }

  toArray(): string[] {
    return this.slice(0, this.len);
  }

  private maybeShrink(): void {
    const cap = this.buf.length;
    if (cap > 64 && this.len < cap >>> 2) this.resize(cap >>> 1);
  }

  private resize(capacity: number): void {
    const next = new Array<string>(capacity).fill("");
    const buf = this.buf;
    const mask = this.mask;
    for (let i = 0; i < this.len; i++) next[i] = buf[(this.head + i) & mask];
    this.buf = next;
    this.mask = capacity - 1;
    this.head = 0;
  }
}
