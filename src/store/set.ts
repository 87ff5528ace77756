/**
 * The set type, in Redis 7.0's two encodings:
 *
 * - "intset": every member is the canonical text of a 64-bit integer and there are at most
 *   set-max-intset-entries of them. Members are kept sorted by numeric value in a plain
 *   array, so iteration is ascending exactly like Redis's intset (clients see that order in
 *   SMEMBERS and friends), lookups are binary searches and inserts shift, as in Redis.
 * - "hashtable": a dense member array plus a Map from member to slot. A delete moves the last
 *   member into the hole, which keeps random draws O(1) and scans correct (scan_cursor.ts).
 *
 * A set converts to hashtable when a non-integer arrives or it grows past the limit. It only
 * goes back through `compactEncoding`, which mirrors the one place Redis 7.0 rebuilds a set
 * (SPOP with a count close to the set's size).
 */
import { parseInt64 } from "../lib/numbers.ts";
import { scanDense } from "./scan_cursor.ts";
import type { CollectionValue } from "./types.ts";

/** True when s is how Redis would print some 64-bit integer (intset-eligible). */
export function isIntsetMember(s: string): boolean {
  const len = s.length;
  if (len === 0 || len > 20) return false;
  const c = s.charCodeAt(len - 1);
  if (c < 48 || c > 57) return false;
  return parseInt64(s) !== null;
}

/** Numeric order of two canonical integer texts. */
export function compareIntTexts(a: string, b: string): number {
  const aNeg = a.charCodeAt(0) === 45;
  const bNeg = b.charCodeAt(0) === 45;
  if (aNeg !== bNeg) return aNeg ? -1 : 1;
  if (a.length !== b.length) return (a.length < b.length) !== aNeg ? -1 : 1;
  if (a === b) return 0;
  return (a < b) !== aNeg ? -1 : 1;
}

export class SetValue implements CollectionValue {
  readonly type = "set" as const;
  /** Sorted by numeric value while intset-encoded; unordered otherwise. */
  private members: string[] = [];
  /** Member to slot; null while intset-encoded. */
  private index: Map<string, number> | null = null;

  encoding(): "intset" | "hashtable" {
    return this.index === null ? "intset" : "hashtable";
  }

  get size(): number {
    return this.members.length;
  }

  clone(): SetValue {
    const copy = new SetValue();
    copy.members = this.members.slice();
    if (this.index !== null) copy.index = new Map(this.index);
    return copy;
  }

  /** Slot of member, or -1. */
  slotOf(member: string): number {
    if (this.index !== null) return this.index.get(member) ?? -1;
    if (!isIntsetMember(member)) return -1;
    const i = this.lowerBound(member);
    return i < this.members.length && this.members[i] === member ? i : -1;
  }

  has(member: string): boolean {
    return this.slotOf(member) >= 0;
  }

  memberAt(slot: number): string {
    return this.members[slot];
  }

  /** Adds member; true when it is new. `maxIntset` is set-max-intset-entries. */
  add(member: string, maxIntset: number): boolean {
    if (this.index !== null) return this.addToTable(member);
    if (!isIntsetMember(member)) {
      this.convert();
      return this.addToTable(member);
    }
    const members = this.members;
    const i = this.lowerBound(member);
    if (i < members.length && members[i] === member) return false;
    if (i === members.length) members.push(member);
    else members.splice(i, 0, member);
    if (members.length > maxIntset) this.convert();
    return true;
  }

  private addToTable(member: string): boolean {
    const index = this.index!;
    if (index.has(member)) return false;
    index.set(member, this.members.length);
    this.members.push(member);
    return true;
  }

  /** Removes member; true when it was there. */
  delete(member: string): boolean {
    const slot = this.slotOf(member);
    if (slot < 0) return false;
    this.deleteSlot(slot);
    return true;
  }

  deleteSlot(slot: number): void {
    const members = this.members;
    const index = this.index;
    if (index === null) {
      members.splice(slot, 1);
      return;
    }
    index.delete(members[slot]);
    const last = members.length - 1;
    if (slot !== last) {
      const moved = members[last];
      members[slot] = moved;
      index.set(moved, slot);
    }
    members.length = last;
  }

  /** A uniformly random slot; the set must not be empty. */
  randomSlot(rand: () => number): number {
    return Math.floor(rand() * this.members.length);
  }

  /** Removes and returns a uniformly random member; the set must not be empty. */
  popRandom(rand: () => number): string {
    const slot = this.randomSlot(rand);
    const member = this.members[slot];
    this.deleteSlot(slot);
    return member;
  }

  /** Removes the members at the given distinct slots, in one pass for an intset. */
  deleteSlots(slots: number[]): void {
    if (this.index !== null) {
      // highest first, so a moved last member is never one still to be deleted
      slots.sort((a, b) => b - a);
      for (const s of slots) this.deleteSlot(s);
      return;
    }
    const doomed = new Uint8Array(this.members.length);
    for (const s of slots) doomed[s] = 1;
    this.members = this.members.filter((_, i) => doomed[i] === 0);
  }

  /** Visits every member in the encoding's order (ascending while intset-encoded). */
  forEach(visit: (member: string) => void): void {
    const members = this.members;
    for (let i = 0; i < members.length; i++) visit(members[i]);
  }

  /** The members as an array (a copy). */
  toArray(): string[] {
    return this.members.slice();
  }

  /**
   * One SSCAN step. An intset is returned whole with cursor 0, as Redis does; a hashtable is
   * walked `count` members at a time from the top (see scan_cursor.ts).
   */
  scan(cursor: number, count: number, visit: (member: string) => void): number {
    const members = this.members;
    if (this.index === null) {
      this.forEach(visit);
      return 0;
    }
    return scanDense(members.length, cursor, count, (slot) => visit(members[slot]));
  }

  /**
   * Goes back to intset when every member is an integer and they fit the limit: the encoding
   * Redis ends up with when it rebuilds a set from its remaining members.
   */
  compactEncoding(maxIntset: number): void {
    const members = this.members;
    if (this.index === null || members.length > maxIntset) return;
    for (let i = 0; i < members.length; i++) if (!isIntsetMember(members[i])) return;
    members.sort(compareIntTexts);
    this.index = null;
  }

  /** First slot whose member is not below `member` (intset encoding only). */
  private lowerBound(member: string): number {
    const members = this.members;
    let lo = 0;
    let hi = members.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareIntTexts(members[mid], member) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private convert(): void {
    const index = new Map<string, number>();
    const members = this.members;
    for (let i = 0; i < members.length; i++) index.set(members[i], i);
    this.index = index;
  }
}
