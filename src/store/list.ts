/**
 * The list type: a deque of packed nodes, in the spirit of Redis's quicklist.
 *
 * Holding every element as its own JS string cost ~60 bytes of RSS per 20-byte element (the
 * string's header and padding, its array slot, the array's growth slack), against Redis's ~23.
 * So elements are packed instead: each node is one Uint8Array of up to NODE_BYTES holding
 * many elements back to back, each as
 *
 *     length | bytes | length again
 *
 * where a length below 128 takes one byte and a longer one two (a high byte with bit 7 set,
 * then the low byte; mirrored at the back). The leading length lets a reader step forwards,
 * the trailing one (listpack's "backlen") lets it step backwards, so both ends pop in O(1).
 * A node's bytes sit in [start, end) of its buffer with free room on either side: pushes
 * write into that room, and when it runs out the node's bytes are copied once into a buffer
 * that is bigger (doubling up to NODE_BYTES) or, at full size, re-centred. A push that does
 * not fit starts a new node (full-size at once, since the list has just filled one), so
 * pushes and pops at either end are O(1) amortized with at most one node-local copy of
 * <= 8 KiB. An element longer than PACK_MAX lives alone in a plain node as its own string,
 * like Redis's plain nodes, so a big value is never copied byte by byte into and out of a
 * buffer.
 *
 * Reading element i walks the node array from the nearer end (or from the last position
 * read) and then the entries inside one node: O(n / elements-per-node + node size), where
 * Redis is O(n). The last position is remembered, so callers that read consecutive indexes
 * (LPOS, popping with a count, RDB saving) step one entry at a time; any change to the
 * list forgets it. writeRange hands LRANGE the packed bytes directly, so a reply does not
 * build a string per element. Changes inside the list (LSET to a different length,
 * LINSERT) re-pack the one node involved; LREM compacts nodes in place and merges
 * neighbours that became sparse.
 *
 * Short lists (up to SMALL_MAX elements) skip all this and stay a plain array of strings: a
 * node's fixed cost would dominate them (see ListValue at the end of this file).
 *
 * Redis 7.0 stores every list as a quicklist (the listpack encoding for small lists arrived
 * in 7.2), so OBJECT ENCODING always reports "quicklist".
 */
import { bytesToBinary } from "../lib/bytes.ts";
import type { CollectionValue } from "./types.ts";

/** Most bytes of entries in one packed node (Redis's list-max-listpack-size -2 is 8 KiB). */
const NODE_BYTES = 8192;
/** Longer elements get a plain node of their own. */
const PACK_MAX = 4096;
/** Smallest buffer a new node starts with (V8 keeps typed arrays this small on its heap). */
const MIN_NODE_BYTES = 32;
/** A node with fewer bytes than this merges with a neighbour it fits into. */
const SPARSE_BYTES = NODE_BYTES / 4;

const NO_BYTES = new Uint8Array(0);

class Node {
  /** Packed entries live in buf[start, end); unused by plain nodes. */
  buf: Uint8Array;
  start: number;
  end: number;
  count: number;
  /** The single element of a plain node; null for a packed node. */
  plain: string | null;

  constructor(buf: Uint8Array, start: number, end: number, count: number, plain: string | null) {
    this.buf = buf;
    this.start = start;
    this.end = end;
    this.count = count;
    this.plain = plain;
  }
}

function plainNode(value: string): Node {
  return new Node(NO_BYTES, 0, 0, 1, value);
}

function isPacked(node: Node | undefined): node is Node {
  return node !== undefined && node.plain === null;
}

/** Bytes an element of n bytes takes in a packed node. */
function entrySize(n: number): number {
  return n < 128 ? n + 2 : n + 4;
}

/** Packs value at buf[off...]; returns the offset after it. */
function writeEntry(buf: Uint8Array, off: number, value: string): number {
  const n = value.length;
  if (n < 128) {
    buf[off++] = n;
    for (let i = 0; i < n; i++) buf[off++] = value.charCodeAt(i);
    buf[off++] = n;
  } else {
    const hi = 0x80 | (n >> 8);
    const lo = n & 0xff;
    buf[off++] = hi;
    buf[off++] = lo;
    for (let i = 0; i < n; i++) buf[off++] = value.charCodeAt(i);
    buf[off++] = lo;
    buf[off++] = hi;
  }
  return off;
}

// The data bytes of the entry most recently read by readForward/readBackward (module-level
// so that stepping through a node allocates nothing).
let dataStart = 0;
let dataEnd = 0;

/** Reads the entry starting at off; returns the offset of the next entry. */
function readForward(buf: Uint8Array, off: number): number {
  const b = buf[off];
  if (b < 128) {
    dataStart = off + 1;
    dataEnd = dataStart + b;
    return dataEnd + 1;
  }
  dataStart = off + 2;
  dataEnd = dataStart + (((b & 0x7f) << 8) | buf[off + 1]);
  return dataEnd + 2;
}

/** Reads the entry ending at end; returns the offset where it starts. */
function readBackward(buf: Uint8Array, end: number): number {
  const b = buf[end - 1];
  if (b < 128) {
    dataEnd = end - 1;
    dataStart = dataEnd - b;
    return dataStart - 1;
  }
  dataEnd = end - 2;
  dataStart = dataEnd - (((b & 0x7f) << 8) | buf[end - 2]);
  return dataStart - 2;
}

/** Whether the data bytes last read equal value. */
function dataEquals(buf: Uint8Array, value: string): boolean {
  const n = value.length;
  if (dataEnd - dataStart !== n) return false;
  for (let i = 0, p = dataStart; i < n; i++, p++) {
    if (buf[p] !== value.charCodeAt(i)) return false;
  }
  return true;
}

/** Packs items into as few nodes as fit, each buffer exactly as big as its entries. */
function packNodes(items: readonly string[]): Node[] {
  const out: Node[] = [];
  let i = 0;
  while (i < items.length) {
    if (items[i].length > PACK_MAX) {
      out.push(plainNode(items[i++]));
      continue;
    }
    let j = i;
    let bytes = 0;
    while (j < items.length && items[j].length <= PACK_MAX) {
      const size = entrySize(items[j].length);
      if (bytes + size > NODE_BYTES) break;
      bytes += size;
      j++;
    }
    const buf = new Uint8Array(bytes);
    let off = 0;
    for (let m = i; m < j; m++) off = writeEntry(buf, off, items[m]);
    out.push(new Node(buf, 0, bytes, j - i, null));
    i = j;
  }
  return out;
}

/** The elements of one node, in order. */
function unpackNode(node: Node): string[] {
  if (node.plain !== null) return [node.plain];
  const out = new Array<string>(node.count);
  const buf = node.buf;
  let off = node.start;
  for (let i = 0; i < node.count; i++) {
    off = readForward(buf, off);
    out[i] = bytesToBinary(buf, dataStart, dataEnd);
  }
  return out;
}

/** Where writeRange sends elements (the reply writer): as bytes of a buffer, or a string. */
export interface BulkSink {
  bulk(s: string): void;
  bulkSlice(bytes: Uint8Array, start: number, end: number): void;
}

/** The packed form of a list, for lists past SMALL_MAX elements (see ListValue). */
export class PackedList {
  private nodes: Node[] = [];
  private len = 0;
  // The element last located by seek: node index (-1 when unknown), index of that node's
  // first element in the list, index of the element inside the node, offset of its entry.
  private cNode = -1;
  private cFirst = 0;
  private cElem = 0;
  private cOff = 0;

  /** A list holding the given elements, head first. */
  static from(items: Iterable<string>): PackedList {
    const arr = Array.isArray(items) ? items as string[] : [...items];
    const l = new PackedList();
    l.nodes = packNodes(arr);
    l.len = arr.length;
    return l;
  }

  get size(): number {
    return this.len;
  }

  clone(): PackedList {
    const l = new PackedList();
    l.nodes = this.nodes.map((n) =>
      n.plain !== null
        ? plainNode(n.plain)
        : new Node(n.buf.slice(n.start, n.end), 0, n.end - n.start, n.count, null)
    );
    l.len = this.len;
    return l;
  }

  /** The element at index 0 <= i < size. */
  at(i: number): string {
    const node = this.seek(i);
    if (node.plain !== null) return node.plain;
    readForward(node.buf, this.cOff);
    return bytesToBinary(node.buf, dataStart, dataEnd);
  }

  /** Replaces the element at index 0 <= i < size. */
  set(i: number, value: string): void {
    const node = this.seek(i);
    if (node.plain === null) {
      readForward(node.buf, this.cOff);
      if (dataEnd - dataStart === value.length) {
        // same length, same entry size: overwrite the bytes where they are
        const buf = node.buf;
        for (let j = 0, p = dataStart; j < value.length; j++, p++) buf[p] = value.charCodeAt(j);
        return;
      }
    } else if (value.length > PACK_MAX) {
      node.plain = value;
      return;
    }
    const k = this.cNode;
    const items = unpackNode(node);
    items[this.cElem] = value;
    this.repack(k, items);
  }

  pushHead(value: string): void {
    this.cNode = -1;
    this.len++;
    const nodes = this.nodes;
    if (value.length > PACK_MAX) {
      nodes.unshift(plainNode(value));
      return;
    }
    const size = entrySize(value.length);
    let node = nodes[0];
    if (!isPacked(node) || node.end - node.start + size > NODE_BYTES) {
      node = this.newNode(size, true, isPacked(node));
      nodes.unshift(node);
    } else if (node.start < size) {
      this.makeRoom(node, size, true, nodes.length === 1);
    }
    node.start -= size;
    writeEntry(node.buf, node.start, value);
    node.count++;
  }

  pushTail(value: string): void {
    this.cNode = -1;
    this.len++;
    const nodes = this.nodes;
    if (value.length > PACK_MAX) {
      nodes.push(plainNode(value));
      return;
    }
    const size = entrySize(value.length);
    let node = nodes[nodes.length - 1];
    if (!isPacked(node) || node.end - node.start + size > NODE_BYTES) {
      node = this.newNode(size, false, isPacked(node));
      nodes.push(node);
    } else if (node.end + size > node.buf.length) {
      this.makeRoom(node, size, false, nodes.length === 1);
    }
    node.end = writeEntry(node.buf, node.end, value);
    node.count++;
  }

  /** Removes and returns the first element (undefined when empty). */
  popHead(): string | undefined {
    if (this.len === 0) return undefined;
    this.cNode = -1;
    this.len--;
    const node = this.nodes[0];
    if (node.plain !== null) {
      this.nodes.shift();
      return node.plain;
    }
    const next = readForward(node.buf, node.start);
    const v = bytesToBinary(node.buf, dataStart, dataEnd);
    node.start = next;
    if (--node.count === 0) this.nodes.shift();
    else this.maybeShrink(node);
    return v;
  }

  /** Removes and returns the last element (undefined when empty). */
  popTail(): string | undefined {
    if (this.len === 0) return undefined;
    this.cNode = -1;
    this.len--;
    const node = this.nodes[this.nodes.length - 1];
    if (node.plain !== null) {
      this.nodes.pop();
      return node.plain;
    }
    const prev = readBackward(node.buf, node.end);
    const v = bytesToBinary(node.buf, dataStart, dataEnd);
    node.end = prev;
    if (--node.count === 0) this.nodes.pop();
    else this.maybeShrink(node);
    return v;
  }

  /** Copies `count` elements starting at index `start` (both within the list) to an array. */
  slice(start: number, count: number): string[] {
    const out: string[] = [];
    this.writeRange(start, count, {
      bulk: (s) => out.push(s),
      bulkSlice: (bytes, from, to) => out.push(bytesToBinary(bytes, from, to)),
    });
    return out;
  }

  /**
   * Sends `count` elements starting at index `start` (both within the list) to sink, packed
   * ones straight from their node's bytes.
   */
  writeRange(start: number, count: number, sink: BulkSink): void {
    if (count === 0) return;
    const nodes = this.nodes;
    let node = this.seek(start);
    let k = this.cNode;
    let off = this.cOff;
    let left = node.count - this.cElem;
    for (let i = 0; i < count; i++) {
      if (left === 0) {
        node = nodes[++k];
        off = node.start;
        left = node.count;
      }
      if (node.plain !== null) {
        sink.bulk(node.plain);
      } else {
        off = readForward(node.buf, off);
        sink.bulkSlice(node.buf, dataStart, dataEnd);
      }
      left--;
    }
  }

  /** Removes `count` elements from the head. */
  dropHead(count: number): void {
    if (count >= this.len) {
      this.clear();
      return;
    }
    if (count <= 0) return;
    this.cNode = -1;
    this.len -= count;
    const nodes = this.nodes;
    let k = 0;
    while (count >= nodes[k].count) count -= nodes[k++].count;
    if (k > 0) nodes.splice(0, k);
    if (count === 0) return;
    // count < the first node's count, so that node is packed
    const node = nodes[0];
    let off = node.start;
    for (let i = 0; i < count; i++) off = readForward(node.buf, off);
    node.start = off;
    node.count -= count;
    this.maybeShrink(node);
  }

  /** Removes `count` elements from the tail. */
  dropTail(count: number): void {
    if (count >= this.len) {
      this.clear();
      return;
    }
    if (count <= 0) return;
    this.cNode = -1;
    this.len -= count;
    const nodes = this.nodes;
    let k = nodes.length;
    while (count >= nodes[k - 1].count) count -= nodes[--k].count;
    if (k < nodes.length) nodes.length = k;
    if (count === 0) return;
    const node = nodes[k - 1];
    let off = node.end;
    for (let i = 0; i < count; i++) off = readBackward(node.buf, off);
    node.end = off;
    node.count -= count;
    this.maybeShrink(node);
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
    const node = this.seek(i);
    const k = this.cNode;
    const items = unpackNode(node);
    items.splice(this.cElem, 0, value);
    this.len++;
    this.repack(k, items);
  }

  /** Index of the first element equal to value, or -1. */
  indexOf(value: string): number {
    const nodes = this.nodes;
    let first = 0;
    for (let k = 0; k < nodes.length; k++) {
      const node = nodes[k];
      if (node.plain !== null) {
        if (node.plain === value) return first;
      } else if (value.length <= PACK_MAX) {
        const buf = node.buf;
        let off = node.start;
        for (let e = 0; e < node.count; e++) {
          off = readForward(buf, off);
          if (dataEquals(buf, value)) return first + e;
        }
      }
      first += node.count;
    }
    return -1;
  }

  /**
   * Removes up to `limit` elements equal to value (all of them when limit is 0), scanning
   * from the head, or from the tail when fromTail is set. Returns how many were removed.
   * Each node with a match is compacted in place; sparse nodes then merge.
   */
  remove(value: string, limit: number, fromTail: boolean): number {
    const nodes = this.nodes;
    const packable = value.length <= PACK_MAX;
    let found = 0;
    for (let j = 0; j < nodes.length && (limit === 0 || found < limit); j++) {
      const k = fromTail ? nodes.length - 1 - j : j;
      const node = nodes[k];
      if (node.plain !== null) {
        if (node.plain === value) {
          found++;
          node.count = 0;
        }
        continue;
      }
      if (!packable) continue;
      const buf = node.buf;
      let removed = 0;
      if (!fromTail) {
        let w = node.start;
        for (let r = node.start; r < node.end;) {
          const next = readForward(buf, r);
          if ((limit === 0 || found < limit) && dataEquals(buf, value)) {
            found++;
            removed++;
          } else {
            if (w !== r) buf.copyWithin(w, r, next);
            w += next - r;
          }
          r = next;
        }
        node.end = w;
      } else {
        let w = node.end;
        for (let r = node.end; r > node.start;) {
          const prev = readBackward(buf, r);
          if ((limit === 0 || found < limit) && dataEquals(buf, value)) {
            found++;
            removed++;
          } else {
            if (w !== r) buf.copyWithin(w - (r - prev), prev, r);
            w -= r - prev;
          }
          r = prev;
        }
        node.start = w;
      }
      node.count -= removed;
    }
    if (found === 0) return 0;
    this.cNode = -1;
    this.len -= found;
    // drop emptied nodes, then merge sparse neighbours
    let w = 0;
    for (let r = 0; r < nodes.length; r++) {
      const node = nodes[r];
      if (node.count === 0) continue;
      if (w > 0 && this.mergeable(nodes[w - 1], node)) {
        nodes[w - 1] = this.concat(nodes[w - 1], node);
      } else {
        nodes[w++] = node;
      }
    }
    nodes.length = w;
    return found;
  }

  /** Empties the list. */
  clear(): void {
    this.nodes = [];
    this.len = 0;
    this.cNode = -1;
  }

  /** Elements head to tail (tests, debugging, SORT). */
  *[Symbol.iterator](): IterableIterator<string> {
    for (const node of this.nodes) yield* unpackNode(node);
  }

  toArray(): string[] {
    return this.slice(0, this.len);
  }

  /**
   * Finds element i and leaves the cursor on it (cNode, cFirst, cElem, cOff); returns its
   * node. Starts from the cursor when that is nearer than either end of the list.
   */
  private seek(i: number): Node {
    const nodes = this.nodes;
    if (this.cNode >= 0) {
      // the common case: the neighbour of the last element read, in the same node
      const node = nodes[this.cNode];
      const e = i - this.cFirst;
      if (e === this.cElem + 1 && e < node.count) {
        this.cOff = readForward(node.buf, this.cOff);
        this.cElem = e;
        return node;
      }
      if (e === this.cElem - 1 && e >= 0) {
        this.cOff = readBackward(node.buf, this.cOff);
        this.cElem = e;
        return node;
      }
    }
    let k: number;
    let first: number;
    const fromEnd = i < this.len - i ? i : this.len - i;
    if (this.cNode >= 0 && Math.abs(i - this.cFirst) < fromEnd) {
      k = this.cNode;
      first = this.cFirst;
    } else if (i < this.len - i) {
      k = 0;
      first = 0;
    } else {
      k = nodes.length - 1;
      first = this.len - nodes[k].count;
    }
    while (i < first) first -= nodes[--k].count;
    while (i >= first + nodes[k].count) first += nodes[k++].count;
    const node = nodes[k];
    const e = i - first;
    let off = 0;
    if (node.plain === null) {
      // step from the nearest known entry: the node's first, its end, or the cursor
      let at = 0;
      off = node.start;
      let dist = e;
      if (node.count - e < dist) {
        at = node.count;
        off = node.end;
        dist = node.count - e;
      }
      if (k === this.cNode && Math.abs(e - this.cElem) < dist) {
        at = this.cElem;
        off = this.cOff;
      }
      const buf = node.buf;
      while (at < e) {
        off = readForward(buf, off);
        at++;
      }
      while (at > e) {
        off = readBackward(buf, off);
        at--;
      }
    }
    this.cNode = k;
    this.cFirst = first;
    this.cElem = e;
    this.cOff = off;
    return node;
  }

  /**
   * A new empty packed node with room for an entry of `size` bytes at the given end. A node
   * starts small and doubles, except next to a packed node that is full: that list is long,
   * so it gets a full-size node at once and growing it leaves no trail of discarded buffers.
   */
  private newNode(size: number, atHead: boolean, full: boolean): Node {
    let cap = full ? NODE_BYTES : MIN_NODE_BYTES;
    while (cap < size) cap *= 2;
    const at = atHead ? cap : 0;
    return new Node(new Uint8Array(cap), at, at, 0, null);
  }

  /**
   * Gives node at least `size` free bytes before start (atHead) or after end, growing its
   * buffer by doubling when the entries would not fit. The node at the other end of the list
   * gets all the free room; a node that is both ends (split) gets it spread over both sides.
   */
  private makeRoom(node: Node, size: number, atHead: boolean, split: boolean): void {
    const used = node.end - node.start;
    let cap = node.buf.length;
    if (used + size > cap) {
      cap = Math.max(cap * 2, MIN_NODE_BYTES);
      while (cap < used + size) cap *= 2;
      if (cap > NODE_BYTES) cap = NODE_BYTES;
    }
    const free = cap - used - size;
    const at = split ? (atHead ? size : 0) + (free >> 1) : (atHead ? size + free : 0);
    if (cap === node.buf.length) {
      node.buf.copyWithin(at, node.start, node.end);
    } else {
      const next = new Uint8Array(cap);
      next.set(node.buf.subarray(node.start, node.end), at);
      node.buf = next;
    }
    node.start = at;
    node.end = at + used;
  }

  /** After pops, gives back a node buffer that is mostly empty. */
  private maybeShrink(node: Node): void {
    const used = node.end - node.start;
    const cap = node.buf.length;
    if (cap <= 256 || used * 8 >= cap) return;
    let next = MIN_NODE_BYTES;
    while (next < used * 2) next *= 2;
    const buf = new Uint8Array(next);
    const at = (next - used) >> 1;
    buf.set(node.buf.subarray(node.start, node.end), at);
    node.buf = buf;
    node.start = at;
    node.end = at + used;
  }

  /** Replaces node k with nodes packed from items (its elements after a change). */
  private repack(k: number, items: string[]): void {
    this.cNode = -1;
    const nodes = this.nodes;
    const packed = packNodes(items);
    nodes.splice(k, 1, ...packed);
    // a node that shrank may join a neighbour
    const last = k + packed.length - 1;
    if (last + 1 < nodes.length && this.mergeable(nodes[last], nodes[last + 1])) {
      nodes.splice(last, 2, this.concat(nodes[last], nodes[last + 1]));
    }
    if (k > 0 && k < nodes.length && this.mergeable(nodes[k - 1], nodes[k])) {
      nodes.splice(k - 1, 2, this.concat(nodes[k - 1], nodes[k]));
    }
  }

  /** Whether two neighbouring nodes should become one: both packed, one sparse, fitting. */
  private mergeable(a: Node, b: Node): boolean {
    if (a.plain !== null || b.plain !== null) return false;
    const ua = a.end - a.start;
    const ub = b.end - b.start;
    return (ua < SPARSE_BYTES || ub < SPARSE_BYTES) && ua + ub <= NODE_BYTES;
  }

  private concat(a: Node, b: Node): Node {
    const ua = a.end - a.start;
    const ub = b.end - b.start;
    const buf = new Uint8Array(ua + ub);
    buf.set(a.buf.subarray(a.start, a.end), 0);
    buf.set(b.buf.subarray(b.start, b.end), ua);
    return new Node(buf, 0, ua + ub, a.count + b.count, null);
  }
}

/**
 * Up to this many elements a list is a plain array of strings. A packed node costs about 550
 * bytes of fixed overhead (its Uint8Array, ArrayBuffer and backing-store bookkeeping), which
 * made a one-element list take ~945 bytes of RSS against ~390 as an array (Redis: ~214); past
 * a dozen or so elements the packing wins. A list converts when it grows past SMALL_MAX and
 * back when it shrinks to SMALL_MIN, the gap keeping a list that hovers near the limit from
 * converting back and forth.
 */
const SMALL_MAX = 16;
const SMALL_MIN = 4;

/**
 * The list type: a small array while the list is short, a PackedList (quicklist-style
 * nodes) beyond. Every operation delegates to the current form.
 */
export class ListValue implements CollectionValue {
  readonly type = "list" as const;
  private small: string[] | null = [];
  private packed: PackedList | null = null;

  /** A list holding the given elements, head first. */
  static from(items: Iterable<string>): ListValue {
    const arr = Array.isArray(items) ? items as string[] : [...items];
    const l = new ListValue();
    if (arr.length > SMALL_MAX) {
      l.small = null;
      l.packed = PackedList.from(arr);
    } else {
      l.small = arr.slice();
    }
    return l;
  }

  get size(): number {
    return this.small !== null ? this.small.length : this.packed!.size;
  }

  encoding(): string {
    return "quicklist";
  }

  clone(): ListValue {
    const l = new ListValue();
    if (this.small !== null) {
      l.small = this.small.slice();
    } else {
      l.small = null;
      l.packed = this.packed!.clone();
    }
    return l;
  }

  /** The element at index 0 <= i < size. */
  at(i: number): string {
    return this.small !== null ? this.small[i] : this.packed!.at(i);
  }

  /** Replaces the element at index 0 <= i < size. */
  set(i: number, value: string): void {
    if (this.small !== null) this.small[i] = value;
    else this.packed!.set(i, value);
  }

  pushHead(value: string): void {
    const small = this.small;
    if (small === null) this.packed!.pushHead(value);
    // an exact-size array: the first push into [] would reserve 17 slots
    else if (small.length === 0) this.small = [value];
    else if (small.length < SMALL_MAX) small.unshift(value);
    else {
      this.promote();
      this.packed!.pushHead(value);
    }
  }

  pushTail(value: string): void {
    const small = this.small;
    if (small === null) this.packed!.pushTail(value);
    // an exact-size array: the first push into [] would reserve 17 slots
    else if (small.length === 0) this.small = [value];
    else if (small.length < SMALL_MAX) small.push(value);
    else {
      this.promote();
      this.packed!.pushTail(value);
    }
  }

  /** Removes and returns the first element (undefined when empty). */
  popHead(): string | undefined {
    if (this.small !== null) return this.small.shift();
    const v = this.packed!.popHead();
    this.maybeDemote();
    return v;
  }

  /** Removes and returns the last element (undefined when empty). */
  popTail(): string | undefined {
    if (this.small !== null) return this.small.pop();
    const v = this.packed!.popTail();
    this.maybeDemote();
    return v;
  }

  /** Copies `count` elements starting at index `start` (both within the list) to an array. */
  slice(start: number, count: number): string[] {
    if (this.small !== null) return this.small.slice(start, start + count);
    return this.packed!.slice(start, count);
  }

  /** Sends `count` elements starting at index `start` (both within the list) to sink. */
  writeRange(start: number, count: number, sink: BulkSink): void {
    const small = this.small;
    if (small === null) {
      this.packed!.writeRange(start, count, sink);
      return;
    }
    for (let i = start; i < start + count; i++) sink.bulk(small[i]);
  }

  /** Removes `count` elements from the head. */
  dropHead(count: number): void {
    if (this.small !== null) {
      this.small.splice(0, count);
      return;
    }
    this.packed!.dropHead(count);
    this.maybeDemote();
  }

  /** Removes `count` elements from the tail. */
  dropTail(count: number): void {
    if (this.small !== null) {
      this.small.length = Math.max(0, this.small.length - count);
      return;
    }
    this.packed!.dropTail(count);
    this.maybeDemote();
  }

  /** Inserts value so that it ends up at index 0 <= i <= size. */
  insertAt(i: number, value: string): void {
    const small = this.small;
    if (small === null) this.packed!.insertAt(i, value);
    else if (small.length < SMALL_MAX) small.splice(i, 0, value);
    else {
      this.promote();
      this.packed!.insertAt(i, value);
    }
  }

  /** Index of the first element equal to value, or -1. */
  indexOf(value: string): number {
    return this.small !== null ? this.small.indexOf(value) : this.packed!.indexOf(value);
  }

  /**
   * Removes up to `limit` elements equal to value (all of them when limit is 0), scanning
   * from the head, or from the tail when fromTail is set. Returns how many were removed.
   */
  remove(value: string, limit: number, fromTail: boolean): number {
    const small = this.small;
    if (small === null) {
      const removed = this.packed!.remove(value, limit, fromTail);
      this.maybeDemote();
      return removed;
    }
    let removed = 0;
    if (fromTail) {
      for (let i = small.length - 1; i >= 0 && (limit === 0 || removed < limit); i--) {
        if (small[i] === value) {
          small.splice(i, 1);
          removed++;
        }
      }
    } else {
      for (let i = 0; i < small.length && (limit === 0 || removed < limit);) {
        if (small[i] === value) {
          small.splice(i, 1);
          removed++;
        } else {
          i++;
        }
      }
    }
    return removed;
  }

  /** Empties the list. */
  clear(): void {
    this.small = [];
    this.packed = null;
  }

  /** Elements head to tail (tests, debugging, SORT). */
  *[Symbol.iterator](): IterableIterator<string> {
    if (this.small !== null) yield* this.small;
    else yield* this.packed!;
  }

  toArray(): string[] {
    return this.small !== null ? this.small.slice() : this.packed!.toArray();
  }

  private promote(): void {
    this.packed = PackedList.from(this.small!);
    this.small = null;
  }

  private maybeDemote(): void {
    if (this.packed!.size > SMALL_MIN) return;
    this.small = this.packed!.toArray();
    this.packed = null;
  }
}
