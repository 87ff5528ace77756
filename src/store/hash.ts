/**
 * The hash type. Field/value pairs live interleaved in one dense array, so a hash costs no
 * object per field, random fields are O(1) to draw and scans need no side index.
 *
 * Small hashes use Redis's "listpack" encoding and behave like it: pairs stay in insertion
 * order, an update keeps its place, a delete closes the gap, and lookups are a linear search
 * (bounded by hash-max-listpack-entries). Once a hash outgrows the listpack limits it turns
 * into a "hashtable" for good: a Map from field to pair slot is added, and a delete moves the
 * last pair into the hole (see scan_cursor.ts for why scans stay correct).
 */
import { scanDense } from "./scan_cursor.ts";
import type { CollectionValue } from "./types.ts";

/**
 * The listpack limits, hash-max-listpack-entries / -value, named as the config's typed fields
 * (an engine's Config is one).
 */
export interface HashLimits {
  readonly hashMaxListpackEntries: number;
  readonly hashMaxListpackValue: number;
}

export class HashValue implements CollectionValue {
  readonly type = "hash" as const;
  /** field0, value0, field1, value1, ... */
  private pairs: string[] = [];
  /** Field to slot (pair number); null while listpack-encoded. */
  private index: Map<string, number> | null = null;

  encoding(): "listpack" | "hashtable" {
    return this.index === null ? "listpack" : "hashtable";
  }

  get size(): number {
    return this.pairs.length >> 1;
  }

  clone(): HashValue {
    const copy = new HashValue();
    copy.pairs = this.pairs.slice();
    if (this.index !== null) copy.index = new Map(this.index);
    return copy;
  }

  /** The slot holding field, or -1. */
  slotOf(field: string): number {
    if (this.index !== null) return this.index.get(field) ?? -1;
    const pairs = this.pairs;
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === field) return i >> 1;
    return -1;
  }

  get(field: string): string | undefined {
    const slot = this.slotOf(field);
    return slot < 0 ? undefined : this.pairs[2 * slot + 1];
  }

  has(field: string): boolean {
    return this.slotOf(field) >= 0;
  }

  fieldAt(slot: number): string {
    return this.pairs[2 * slot];
  }

  valueAt(slot: number): string {
    return this.pairs[2 * slot + 1];
  }

  /**
   * Sets field to value; true when the field is new. A field or value longer than the
   * listpack value limit, or more entries than the listpack entry limit, converts the hash.
   */
  set(field: string, value: string, limits: HashLimits): boolean {
    if (
      this.index === null &&
      (field.length > limits.hashMaxListpackValue || value.length > limits.hashMaxListpackValue)
    ) {
      this.convert();
    }
    const slot = this.slotOf(field);
    let added = false;
    if (slot >= 0) {
      this.pairs[2 * slot + 1] = value;
    } else {
      if (this.index !== null) this.index.set(field, this.pairs.length >> 1);
      this.pairs.push(field, value);
      added = true;
    }
    if (this.index === null && this.pairs.length >> 1 > limits.hashMaxListpackEntries) {
      this.convert();
    }
    return added;
  }

  /** Removes field; true when it was there. */
  delete(field: string): boolean {
    const slot = this.slotOf(field);
    if (slot < 0) return false;
    this.deleteSlot(slot);
    return true;
  }

  deleteSlot(slot: number): void {
    const pairs = this.pairs;
    const index = this.index;
    if (index === null) {
      pairs.splice(2 * slot, 2);
      return;
    }
    index.delete(pairs[2 * slot]);
    const last = pairs.length - 2;
    if (2 * slot !== last) {
      const movedField = pairs[last];
      pairs[2 * slot] = movedField;
      pairs[2 * slot + 1] = pairs[last + 1];
      index.set(movedField, slot);
    }
    pairs.length = last;
  }

  /** A uniformly random slot; the hash must not be empty. */
  randomSlot(rand: () => number): number {
    return Math.floor(rand() * (this.pairs.length >> 1));
  }

  /** Visits every pair in the encoding's order (insertion order while listpack-encoded). */
  forEach(visit: (field: string, value: string) => void): void {
    const pairs = this.pairs;
    for (let i = 0; i < pairs.length; i += 2) visit(pairs[i], pairs[i + 1]);
  }

  /**
   * One HSCAN step. A listpack hash is returned whole with cursor 0, as Redis does; a
   * hashtable is walked `count` pairs at a time from the top (see scan_cursor.ts).
   */
  scan(cursor: number, count: number, visit: (field: string, value: string) => void): number {
    const pairs = this.pairs;
    if (this.index === null) {
      this.forEach(visit);
      return 0;
    }
    return scanDense(pairs.length >> 1, cursor, count, (slot) => {
      visit(pairs[2 * slot], pairs[2 * slot + 1]);
    });
  }

  private convert(): void {
    const index = new Map<string, number>();
    const pairs = this.pairs;
    for (let i = 0; i < pairs.length; i += 2) index.set(pairs[i], i >> 1);
    this.index = index;
  }
}
