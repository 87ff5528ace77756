/**
 * The sorted set value. Like Redis it has two encodings:
 *   - "listpack": small sets keep members and scores in two arrays in (score, member) order.
 *     Operations are O(n) like Redis's listpack, with n bounded by zset-max-listpack-entries.
 *   - "skiplist": a SkipList (O(log n) order operations) plus a Map from member to node id.
 * A set starts small and converts to a skiplist when it outgrows the limits; it converts back
 * only where Redis does (stores that build a new set: ZUNIONSTORE and friends).
 *
 * Elements are addressed by a "position": an array index for the small encoding, a node id for
 * the skiplist. NONE (-1) means no element. Positions stay valid until the set is modified.
 */
import type { CollectionValue } from "./types.ts";
import { SkipList } from "./skiplist.ts";

export const NONE = -1;

/**
 * The conversion thresholds, zset-max-listpack-entries / -value, named as the config's typed
 * fields (an engine's Config is one).
 */
export interface ZsetLimits {
  readonly zsetMaxListpackEntries: number;
  readonly zsetMaxListpackValue: number;
}

/** A score interval; bounds may be infinite. */
export interface ScoreRange {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

/**
 * A lexicographic interval. `minInf`/`maxInf` mark the `-` (-1) and `+` (1) bounds; 0 means the
 * bound is the string in min/max.
 */
export interface LexRange {
  min: string;
  max: string;
  minInf: -1 | 0 | 1;
  maxInf: -1 | 0 | 1;
  minex: boolean;
  maxex: boolean;
}

export function scoreGteMin(v: number, r: ScoreRange): boolean {
  return r.minex ? v > r.min : v >= r.min;
}

export function scoreLteMax(v: number, r: ScoreRange): boolean {
  return r.maxex ? v < r.max : v <= r.max;
}

export function scoreRangeEmpty(r: ScoreRange): boolean {
  return r.min > r.max || (r.min === r.max && (r.minex || r.maxex));
}

export function lexGteMin(v: string, r: LexRange): boolean {
  if (r.minInf !== 0) return r.minInf < 0;
  return r.minex ? v > r.min : v >= r.min;
}

export function lexLteMax(v: string, r: LexRange): boolean {
  if (r.maxInf !== 0) return r.maxInf > 0;
  return r.maxex ? v < r.max : v <= r.max;
}

/** Compares the two bounds as Redis does, `-` below and `+` above every string. */
function compareLexBounds(r: LexRange): number {
  if (r.minInf !== 0 || r.maxInf !== 0) {
    if (r.minInf === r.maxInf) return 0;
    if (r.minInf === -1 || r.maxInf === 1) return -1;
    return 1;
  }
  return r.min < r.max ? -1 : r.min > r.max ? 1 : 0;
}

export function lexRangeEmpty(r: LexRange): boolean {
  const cmp = compareLexBounds(r);
  return cmp > 0 || (cmp === 0 && (r.minex || r.maxex));
}

/** (score, member) order. */
function before(s1: number, m1: string, s2: number, m2: string): boolean {
  return s1 < s2 || (s1 === s2 && m1 < m2);
}

// ZADD condition flags, as Redis's zsetAdd takes them.
export const ZADD_NX = 1;
export const ZADD_XX = 2;
export const ZADD_GT = 4;
export const ZADD_LT = 8;
export const ZADD_INCR = 16;

/** What zadd did with one element. */
export const enum AddOutcome {
  /** Skipped by a condition (NX, XX, GT, LT). */
  Skipped,
  Added,
  Updated,
  /** Present with the same resulting score. */
  Unchanged,
  /** INCR produced NaN; nothing changed. */
  NaN,
}

// Results of the last zadd / range search. The server runs one command at a time, and callers
// read them right after the call that set them.
let lastScore = 0;
let foundRank = 0;

export class SortedSet implements CollectionValue {
  // type, lastScore and foundRank live on the prototype / in module scope: many small sets
  // should not each pay for them
  get type(): "zset" {
    return "zset";
  }
  // listpack encoding (null when skiplist)
  private lpMembers: string[] | null;
  private lpScores: number[] | null;
  // skiplist encoding (null when listpack)
  private dict: Map<string, number> | null = null;
  private list: SkipList | null = null;
  /** The resulting score of the last `zadd` (of any set). */
  get lastScore(): number {
    return lastScore;
  }
  /** Rank of the element found by the last firstIn*Range / lastIn*Range call (of any set). */
  get foundRank(): number {
    return foundRank;
  }

  constructor(skiplist = false) {
    if (skiplist) {
      this.lpMembers = null;
      this.lpScores = null;
      this.dict = new Map();
      this.list = new SkipList();
    } else {
      this.lpMembers = [];
      this.lpScores = [];
    }
  }

  /**
   * A new empty set for ZADD: a skiplist from the start when the listpack encoding is disabled
   * or the first member is already too long for it (Redis decides on the first member only).
   */
  static forFirstMember(limits: ZsetLimits, firstMemberLength: number): SortedSet {
    return new SortedSet(
      limits.zsetMaxListpackEntries === 0 || firstMemberLength > limits.zsetMaxListpackValue,
    );
  }

  /** A new empty set for an expected number of elements (ZRANGESTORE); -1 when unknown. */
  static forSizeHint(limits: ZsetLimits, sizeHint: number): SortedSet {
    return new SortedSet(sizeHint >= 0 && sizeHint > limits.zsetMaxListpackEntries);
  }

  get size(): number {
    return this.lpMembers !== null ? this.lpMembers.length : this.list!.length;
  }

  encoding(): string {
    return this.lpMembers !== null ? "listpack" : "skiplist";
  }

  get isListpack(): boolean {
    return this.lpMembers !== null;
  }

  clone(): SortedSet {
    const copy = new SortedSet(this.lpMembers === null);
    if (this.lpMembers !== null) {
      copy.lpMembers = this.lpMembers.slice();
      copy.lpScores = this.lpScores!.slice();
    } else {
      copy.dict = new Map(this.dict!);
      copy.list = this.list!.clone();
    }
    return copy;
  }

  // ---- member lookups ----

  score(member: string): number | undefined {
    if (this.lpMembers !== null) {
      const i = this.lpMembers.indexOf(member);
      return i < 0 ? undefined : this.lpScores![i];
    }
    const id = this.dict!.get(member);
    return id === undefined ? undefined : this.list!.scoreOf(id);
  }

  has(member: string): boolean {
    return this.lpMembers !== null ? this.lpMembers.indexOf(member) >= 0 : this.dict!.has(member);
  }

  /** 0-based rank in ascending order, -1 when absent. */
  rank(member: string): number {
    if (this.lpMembers !== null) return this.lpMembers.indexOf(member);
    const id = this.dict!.get(member);
    return id === undefined ? -1 : this.list!.rankOf(id);
  }

  // ---- updates ----

  /**
   * Adds or updates one element under ZADD's conditions (Redis's zsetAdd). The resulting
   * score is left in `lastScore` when the outcome is Added, Updated or Unchanged.
   */
  zadd(member: string, score: number, flags: number, limits: ZsetLimits): AddOutcome {
    const current = this.score(member);
    if (current !== undefined) {
      if (flags & ZADD_NX) return AddOutcome.Skipped;
      if (flags & ZADD_INCR) {
        score += current;
        if (Number.isNaN(score)) return AddOutcome.NaN;
      }
      if ((flags & ZADD_LT && score >= current) || (flags & ZADD_GT && score <= current)) {
        return AddOutcome.Skipped;
      }
      lastScore = score;
      if (score === current) return AddOutcome.Unchanged;
      this.setExisting(member, score);
      return AddOutcome.Updated;
    }
    if (flags & ZADD_XX) return AddOutcome.Skipped;
    this.insertNew(member, score, limits);
    lastScore = score;
    return AddOutcome.Added;
  }

  /** Sets the score of a member, adding it when absent. */
  set(member: string, score: number, limits: ZsetLimits): void {
    if (this.has(member)) this.setExisting(member, score);
    else this.insertNew(member, score, limits);
  }

  /** Inserts a member known to be absent, converting to a skiplist when limits demand it. */
  insertNew(member: string, score: number, limits: ZsetLimits): void {
    const members = this.lpMembers;
    if (members !== null) {
      if (
        members.length + 1 > limits.zsetMaxListpackEntries ||
        member.length > limits.zsetMaxListpackValue
      ) {
        this.convertToSkiplist();
      } else {
        // a listpack stores -0 as the integer 0
        this.lpInsert(member, score === 0 ? 0 : score);
        return;
      }
    }
    this.dict!.set(member, this.list!.insert(member, score));
  }

  private setExisting(member: string, score: number): void {
    const members = this.lpMembers;
    if (members !== null) {
      const i = members.indexOf(member);
      this.lpRemoveAt(i);
      this.lpInsert(member, score === 0 ? 0 : score);
      return;
    }
    this.list!.updateScore(this.dict!.get(member)!, score);
  }

  private lpInsert(member: string, score: number): void {
    const members = this.lpMembers!;
    const scores = this.lpScores!;
    let lo = 0;
    let hi = members.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(scores[mid], members[mid], score, member)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === members.length) {
      members.push(member);
      scores.push(score);
      return;
    }
    members.push(members[members.length - 1]);
    scores.push(scores[scores.length - 1]);
    for (let j = members.length - 2; j > lo; j--) {
      members[j] = members[j - 1];
      scores[j] = scores[j - 1];
    }
    members[lo] = member;
    scores[lo] = score;
  }

  private lpRemoveAt(i: number): void {
    const members = this.lpMembers!;
    const scores = this.lpScores!;
    const n = members.length - 1;
    for (let j = i; j < n; j++) {
      members[j] = members[j + 1];
      scores[j] = scores[j + 1];
    }
    members.pop();
    scores.pop();
  }

  private lpRemoveRange(start: number, count: number): void {
    this.lpMembers!.splice(start, count);
    this.lpScores!.splice(start, count);
  }

  /** Removes a member; false when absent. */
  delete(member: string): boolean {
    if (this.lpMembers !== null) {
      const i = this.lpMembers.indexOf(member);
      if (i < 0) return false;
      this.lpRemoveAt(i);
      return true;
    }
    const id = this.dict!.get(member);
    if (id === undefined) return false;
    this.dict!.delete(member);
    this.list!.remove(id);
    return true;
  }

  /** Removes the element at a position. */
  deleteAt(pos: number): void {
    if (this.lpMembers !== null) {
      this.lpRemoveAt(pos);
      return;
    }
    this.dict!.delete(this.list!.memberOf(pos));
    this.list!.remove(pos);
  }

  /** Removes the elements with 0-based ranks start..end (clamped by the caller). */
  deleteRankRange(start: number, end: number): number {
    if (end < start) return 0;
    if (this.lpMembers !== null) {
      this.lpRemoveRange(start, end - start + 1);
      return end - start + 1;
    }
    const dict = this.dict!;
    return this.list!.removeRankRange(start, end, (m) => dict.delete(m));
  }

  /** Removes the elements in a score range; returns how many. */
  deleteScoreRange(r: ScoreRange): number {
    const first = this.firstInScoreRange(r);
    if (first === NONE) return 0;
    const start = this.foundRank;
    const last = this.lastInScoreRange(r);
    if (last === NONE) return 0;
    return this.deleteRankRange(start, this.foundRank);
  }

  /** Removes the elements in a lex range (walking as Redis does); returns how many. */
  deleteLexRange(r: LexRange): number {
    const first = this.firstInLexRange(r);
    if (first === NONE) return 0;
    const start = this.foundRank;
    if (this.lpMembers !== null) {
      // Redis deletes forward from the first element in range while members stay <= max
      const members = this.lpMembers;
      let end = start;
      while (end < members.length && lexLteMax(members[end], r)) end++;
      this.lpRemoveRange(start, end - start);
      return end - start;
    }
    const last = this.lastInLexRange(r);
    if (last === NONE || this.foundRank < start) return 0;
    return this.deleteRankRange(start, this.foundRank);
  }

  // ---- positions ----

  first(): number {
    if (this.lpMembers !== null) return this.lpMembers.length > 0 ? 0 : NONE;
    const id = this.list!.first();
    return id === 0 ? NONE : id;
  }

  last(): number {
    if (this.lpMembers !== null) return this.lpMembers.length - 1;
    const id = this.list!.tail;
    return id === 0 ? NONE : id;
  }

  /** Element at a 0-based rank, NONE when out of range. */
  atRank(rank: number): number {
    if (this.lpMembers !== null) return rank >= 0 && rank < this.lpMembers.length ? rank : NONE;
    const id = this.list!.atRank(rank);
    return id === 0 ? NONE : id;
  }

  next(pos: number): number {
    if (this.lpMembers !== null) return pos + 1 < this.lpMembers.length ? pos + 1 : NONE;
    const id = this.list!.next(pos);
    return id === 0 ? NONE : id;
  }

  prev(pos: number): number {
    if (this.lpMembers !== null) return pos - 1;
    const id = this.list!.prev(pos);
    return id === 0 ? NONE : id;
  }

  memberAt(pos: number): string {
    return this.lpMembers !== null ? this.lpMembers[pos] : this.list!.memberOf(pos);
  }

  scoreAt(pos: number): number {
    return this.lpScores !== null ? this.lpScores[pos] : this.list!.scoreOf(pos);
  }

  // ---- range searches ----
  // Each returns a position (and sets foundRank) or NONE, with Redis's checks: an empty or
  // disjoint range finds nothing.

  /** False when the range is empty or lies wholly outside this set's scores. */
  private scoreInRange(r: ScoreRange): boolean {
    if (scoreRangeEmpty(r) || this.size === 0) return false;
    return scoreGteMin(this.scoreAt(this.last()), r) && scoreLteMax(this.scoreAt(this.first()), r);
  }

  firstInScoreRange(r: ScoreRange): number {
    if (!this.scoreInRange(r)) return NONE;
    if (this.lpScores !== null) {
      const scores = this.lpScores;
      let lo = 0;
      let hi = scores.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (scoreGteMin(scores[mid], r)) hi = mid;
        else lo = mid + 1;
      }
      if (lo === scores.length || !scoreLteMax(scores[lo], r)) return NONE;
      foundRank = lo;
      return lo;
    }
    const list = this.list!;
    const id = list.firstScoreFrom(r.min, r.minex);
    if (id === 0 || !scoreLteMax(list.scoreOf(id), r)) return NONE;
    foundRank = list.foundRank;
    return id;
  }

  lastInScoreRange(r: ScoreRange): number {
    if (!this.scoreInRange(r)) return NONE;
    if (this.lpScores !== null) {
      const scores = this.lpScores;
      let lo = 0;
      let hi = scores.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (scoreLteMax(scores[mid], r)) lo = mid + 1;
        else hi = mid;
      }
      const i = lo - 1;
      if (i < 0 || !scoreGteMin(scores[i], r)) return NONE;
      foundRank = i;
      return i;
    }
    const list = this.list!;
    const id = list.lastScoreUpTo(r.max, r.maxex);
    if (id === 0 || !scoreGteMin(list.scoreOf(id), r)) return NONE;
    foundRank = list.foundRank;
    return id;
  }

  /** Number of elements in a score range. */
  countInScoreRange(r: ScoreRange): number {
    if (this.firstInScoreRange(r) === NONE) return 0;
    const start = this.foundRank;
    if (this.lastInScoreRange(r) === NONE) return 0;
    return this.foundRank - start + 1;
  }

  /** False when the range is empty or lies wholly outside this set's members. */
  private lexInRange(r: LexRange): boolean {
    if (lexRangeEmpty(r) || this.size === 0) return false;
    return lexGteMin(this.memberAt(this.last()), r) && lexLteMax(this.memberAt(this.first()), r);
  }

  firstInLexRange(r: LexRange): number {
    if (!this.lexInRange(r)) return NONE;
    if (this.lpMembers !== null) {
      // a linear walk, like Redis's listpack code (it matters when scores differ)
      const members = this.lpMembers;
      for (let i = 0; i < members.length; i++) {
        if (lexGteMin(members[i], r)) {
          if (!lexLteMax(members[i], r)) return NONE;
          foundRank = i;
          return i;
        }
      }
      return NONE;
    }
    const list = this.list!;
    const id = list.firstLexFrom((m) => !lexGteMin(m, r));
    if (id === 0 || !lexLteMax(list.memberOf(id), r)) return NONE;
    foundRank = list.foundRank;
    return id;
  }

  lastInLexRange(r: LexRange): number {
    if (!this.lexInRange(r)) return NONE;
    if (this.lpMembers !== null) {
      const members = this.lpMembers;
      for (let i = members.length - 1; i >= 0; i--) {
        if (lexLteMax(members[i], r)) {
          if (!lexGteMin(members[i], r)) return NONE;
          foundRank = i;
          return i;
        }
      }
      return NONE;
    }
    const list = this.list!;
    const id = list.lastLexUpTo((m) => lexLteMax(m, r));
    if (id === 0 || !lexGteMin(list.memberOf(id), r)) return NONE;
    foundRank = list.foundRank;
    return id;
  }

  /** Number of elements in a lex range (counted as Redis does per encoding). */
  countInLexRange(r: LexRange): number {
    const first = this.firstInLexRange(r);
    if (first === NONE) return 0;
    const start = this.foundRank;
    if (this.lpMembers !== null) {
      const members = this.lpMembers;
      let end = start;
      while (end < members.length && lexLteMax(members[end], r)) end++;
      return end - start;
    }
    if (this.lastInLexRange(r) === NONE) return 0;
    return this.foundRank - start + 1;
  }

  // ---- scanning ----

  /**
   * ZSCAN: a listpack set is returned whole with cursor 0 (as Redis does); a skiplist is walked
   * by node id, see SkipList.scan. Returns the next cursor.
   */
  scan(cursor: number, budget: number, visit: (member: string, score: number) => void): number {
    if (this.lpMembers !== null) {
      const members = this.lpMembers;
      const scores = this.lpScores!;
      for (let i = 0; i < members.length; i++) visit(members[i], scores[i]);
      return 0;
    }
    return this.list!.scan(cursor, budget, visit);
  }

  // ---- encoding conversions ----

  private convertToSkiplist(): void {
    const members = this.lpMembers!;
    const scores = this.lpScores!;
    const list = new SkipList(members.length * 2);
    const dict = new Map<string, number>();
    for (let i = 0; i < members.length; i++) {
      dict.set(members[i], list.insert(members[i], scores[i]));
    }
    this.list = list;
    this.dict = dict;
    this.lpMembers = null;
    this.lpScores = null;
  }

  /**
   * Converts a skiplist back to a listpack when it fits the limits, as Redis does for sets
   * built by ZUNIONSTORE/ZINTERSTORE/ZDIFFSTORE.
   */
  convertToListpackIfFits(limits: ZsetLimits): void {
    if (this.lpMembers !== null) return;
    const list = this.list!;
    if (list.length > limits.zsetMaxListpackEntries) return;
    let id = list.first();
    for (; id !== 0; id = list.next(id)) {
      if (list.memberOf(id).length > limits.zsetMaxListpackValue) return;
    }
    const members: string[] = [];
    const scores: number[] = [];
    for (id = list.first(); id !== 0; id = list.next(id)) {
      members.push(list.memberOf(id));
      const s = list.scoreOf(id);
      scores.push(s === 0 ? 0 : s);
    }
    this.lpMembers = members;
    this.lpScores = scores;
    this.list = null;
    this.dict = null;
  }
}
