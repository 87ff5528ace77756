/**
 * A skiplist ordered by (score, member bytes) with span counts, the structure Redis uses for
 * large sorted sets: O(log n) insert, delete, score update, rank lookup and range start.
 *
 * Nodes are blocks in one Int32Array (with a Float64Array view of the same memory for the
 * scores) instead of JS objects: memory per element stays close to Redis's, and a search step
 * touches one contiguous block. A node is addressed by its block offset ("id"):
 *
 *   [id, id+1]   score (float64)
 *   id+2         backward: previous node's id, 0 for none, -1 marks a free block
 *   id+3         level (low 6 bits) and member slot (the rest)
 *   id+4+2i      forward id at level i (0 for none)
 *   id+5+2i      span at level i
 *
 * Offset 0 is the header, so 0 also means "no node". Members live in a plain array indexed by
 * slot (26 bits of slot: up to 67M members per set). Freed blocks are reused only by nodes of the same level, so the pool always splits into
 * the same blocks, which lets `scan` walk it; a node keeps its id for as long as its member is
 * in the list, also across score updates.
 */

const MAX_LEVEL = 32;
const HEADER = 0;
const LEVEL_BITS = 6;
const LEVEL_MASK = (1 << LEVEL_BITS) - 1;
const HEADER_SIZE = 4 + 2 * MAX_LEVEL;
const FREE = -1;

/** Scratch vectors for searches; the server is single-threaded and searches do not nest. */
const update = new Int32Array(MAX_LEVEL);
const rankAt = new Float64Array(MAX_LEVEL);

function randomLevel(): number {
  let level = 1;
  // p = 1/4, as Redis: fewer levels per node means less memory for a small search cost
  while (level < MAX_LEVEL && Math.random() < 0.25) level++;
  return level;
}

export class SkipList {
  /** Number of elements. */
  length = 0;
  /** Last node (0 when empty). */
  tail = 0;
  /**
   * Rank (0-based) of the node returned by the last successful range search
   * (firstScoreFrom and friends), so callers get node and rank from one descent.
   */
  foundRank = 0;
  /** Number of levels in use (header levels above this are empty). */
  private level = 1;
  private pool: Int32Array;
  private scores: Float64Array;
  private used = HEADER_SIZE;
  private members: (string | undefined)[] = [];
  private freeSlots: number[] = [];
  /** freeBlocks[level] holds ids of freed nodes of that level. */
  private freeBlocks: number[][] = [];

  constructor(capacity = 16) {
    const words = HEADER_SIZE + Math.max(capacity, 4) * 8;
    this.pool = new Int32Array(words + (words & 1));
    this.scores = new Float64Array(this.pool.buffer);
    this.pool[HEADER + 3] = MAX_LEVEL;
    for (let i = 0; i <= MAX_LEVEL; i++) this.freeBlocks.push([]);
  }

  // ---- node storage ----

  private allocNode(level: number, member: string, score: number): number {
    let id = this.freeBlocks[level].pop();
    if (id === undefined) {
      id = this.used;
      this.used += 4 + 2 * level;
      if (this.used > this.pool.length) this.grow(this.used);
    }
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.members.length;
      this.members.push(member);
    } else {
      this.members[slot] = member;
    }
    const pool = this.pool;
    this.scores[id >> 1] = score;
    pool[id + 2] = 0;
    pool[id + 3] = (slot << LEVEL_BITS) | level;
    return id;
  }

  private freeNode(id: number): void {
    const pool = this.pool;
    const slot = pool[id + 3] >>> LEVEL_BITS;
    this.members[slot] = undefined;
    this.freeSlots.push(slot);
    pool[id + 2] = FREE;
    this.freeBlocks[pool[id + 3] & LEVEL_MASK].push(id);
  }

  private grow(need: number): void {
    let size = this.pool.length * 2;
    while (size < need) size *= 2;
    const pool = new Int32Array(size);
    pool.set(this.pool);
    this.pool = pool;
    this.scores = new Float64Array(pool.buffer);
  }

  // ---- node accessors ----

  memberOf(id: number): string {
    return this.members[this.pool[id + 3] >>> LEVEL_BITS]!;
  }

  scoreOf(id: number): number {
    return this.scores[id >> 1];
  }

  /** First node, 0 when empty. */
  first(): number {
    return this.pool[HEADER + 4];
  }

  /** Next node in order, 0 after the last. */
  next(id: number): number {
    return this.pool[id + 4];
  }

  /** Previous node in order, 0 before the first. */
  prev(id: number): number {
    return this.pool[id + 2];
  }

  /** True when node id orders before (score, member). */
  private before(id: number, score: number, member: string): boolean {
    const s = this.scores[id >> 1];
    return s < score || (s === score && this.memberOf(id) < member);
  }

  // ---- updates ----

  /** Inserts a member that is not in the list yet; returns its node id. */
  insert(member: string, score: number): number {
    const id = this.allocNode(randomLevel(), member, score);
    this.link(id);
    return id;
  }

  /** Links node id (member, score and level already set) at its place. */
  private link(id: number): void {
    const pool = this.pool;
    const scores = this.scores;
    const score = scores[id >> 1];
    const member = this.memberOf(id);
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      rankAt[i] = i === this.level - 1 ? 0 : rankAt[i + 1];
      for (;;) {
        const at = x + 4 + 2 * i;
        const f = pool[at];
        if (f === 0) break;
        const fs = scores[f >> 1];
        if (fs < score || (fs === score && this.memberOf(f) < member)) {
          rankAt[i] += pool[at + 1];
          x = f;
        } else break;
      }
      update[i] = x;
    }
    const level = pool[id + 3] & LEVEL_MASK;
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rankAt[i] = 0;
        update[i] = HEADER;
        pool[HEADER + 5 + 2 * i] = this.length;
      }
      this.level = level;
    }
    for (let i = 0; i < level; i++) {
      const at = update[i] + 4 + 2 * i;
      const own = id + 4 + 2 * i;
      const skipped = rankAt[0] - rankAt[i];
      pool[own] = pool[at];
      pool[at] = id;
      pool[own + 1] = pool[at + 1] - skipped;
      pool[at + 1] = skipped + 1;
    }
    for (let i = level; i < this.level; i++) pool[update[i] + 5 + 2 * i]++;
    pool[id + 2] = update[0];
    const after = pool[id + 4];
    if (after !== 0) pool[after + 2] = id;
    else this.tail = id;
    this.length++;
  }

  /** Fills `update` with the rightmost node before `id` on every level. */
  private findPredecessors(id: number): void {
    const pool = this.pool;
    const score = this.scores[id >> 1];
    const member = this.memberOf(id);
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = pool[x + 4 + 2 * i];
        if (f !== 0 && f !== id && this.before(f, score, member)) x = f;
        else break;
      }
      update[i] = x;
    }
  }

  /** Unlinks node id using the predecessors in `update`. */
  private unlink(id: number): void {
    const pool = this.pool;
    for (let i = 0; i < this.level; i++) {
      const at = update[i] + 4 + 2 * i;
      if (pool[at] === id) {
        pool[at + 1] += pool[id + 5 + 2 * i] - 1;
        pool[at] = pool[id + 4 + 2 * i];
      } else {
        pool[at + 1] -= 1;
      }
    }
    const after = pool[id + 4];
    if (after !== 0) pool[after + 2] = pool[id + 2];
    else this.tail = pool[id + 2];
    while (this.level > 1 && pool[HEADER + 4 + 2 * (this.level - 1)] === 0) this.level--;
    this.length--;
  }

  /** Removes node id and frees it. */
  remove(id: number): void {
    this.findPredecessors(id);
    this.unlink(id);
    this.freeNode(id);
  }

  /** Changes a node's score, moving it if its place changes; the node keeps its id. */
  updateScore(id: number, score: number): void {
    const pool = this.pool;
    const member = this.memberOf(id);
    const before = pool[id + 2];
    const after = pool[id + 4];
    if (
      (before === 0 || this.before(before, score, member)) &&
      (after === 0 || !this.before(after, score, member))
    ) {
      this.scores[id >> 1] = score;
      return;
    }
    this.findPredecessors(id);
    this.unlink(id);
    this.scores[id >> 1] = score;
    this.link(id);
  }

  /**
   * Removes the nodes with 0-based ranks start..end (inclusive, already clamped to the list),
   * calling `removed` with each member, in O(log n + removed).
   */
  removeRankRange(start: number, end: number, removed: (member: string) => void): number {
    const pool = this.pool;
    let x = HEADER;
    let traversed = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const at = x + 4 + 2 * i;
        const f = pool[at];
        if (f !== 0 && traversed + pool[at + 1] <= start) {
          traversed += pool[at + 1];
          x = f;
        } else break;
      }
      update[i] = x;
    }
    let count = 0;
    x = pool[x + 4];
    while (x !== 0 && traversed <= end) {
      const following = pool[x + 4];
      removed(this.memberOf(x));
      this.unlink(x);
      this.freeNode(x);
      count++;
      traversed++;
      x = following;
    }
    return count;
  }

  // ---- queries ----

  /** 0-based rank of node id. */
  rankOf(id: number): number {
    const pool = this.pool;
    const score = this.scores[id >> 1];
    const member = this.memberOf(id);
    let x = HEADER;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const at = x + 4 + 2 * i;
        const f = pool[at];
        if (f !== 0 && (f === id || this.before(f, score, member))) {
          rank += pool[at + 1];
          x = f;
        } else break;
      }
      if (x === id) return rank - 1;
    }
    return rank - 1;
  }

  /** Node at 0-based rank, 0 when out of range. */
  atRank(rank: number): number {
    if (rank < 0 || rank >= this.length) return 0;
    if (rank === this.length - 1) return this.tail;
    const pool = this.pool;
    const target = rank + 1;
    let x = HEADER;
    let traversed = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const at = x + 4 + 2 * i;
        const f = pool[at];
        if (f !== 0 && traversed + pool[at + 1] <= target) {
          traversed += pool[at + 1];
          x = f;
        } else break;
      }
      if (traversed === target) return x;
    }
    return 0;
  }

  /**
   * First node with score >= min (> min when minExclusive), or 0. Sets foundRank. Range-end
   * checks are the caller's.
   */
  firstScoreFrom(min: number, minExclusive: boolean): number {
    return this.pool[this.descendByScore(min, minExclusive) + 4];
  }

  /** Last node with score <= max (< max when maxExclusive), or 0. Sets foundRank. */
  lastScoreUpTo(max: number, maxExclusive: boolean): number {
    const x = this.descendByScore(max, !maxExclusive);
    this.foundRank--;
    return x;
  }

  /**
   * The last node whose score is below `bound` (or equal to it, with `orEqual`), the header
   * when there is none; foundRank is set to the number of such nodes. The comparison stays
   * inline: a callback here would cost a call per step on every score range search.
   */
  private descendByScore(bound: number, orEqual: boolean): number {
    const pool = this.pool;
    const scores = this.scores;
    let x = HEADER;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const at = x + 4 + 2 * i;
        const f = pool[at];
        if (f !== 0 && (orEqual ? scores[f >> 1] <= bound : scores[f >> 1] < bound)) {
          rank += pool[at + 1];
          x = f;
        } else break;
      }
    }
    this.foundRank = rank;
    return x;
  }

  /**
   * First node whose member is not below the lex bound, by descending on members alone (as
   * Redis does; meaningful when all scores are equal). Sets foundRank.
   */
  firstLexFrom(below: (member: string) => boolean): number {
    return this.pool[this.descendByMember(below) + 4];
  }

  /** Last node whose member is within the upper lex bound. Sets foundRank. */
  lastLexUpTo(within: (member: string) => boolean): number {
    const x = this.descendByMember(within);
    this.foundRank--;
    return x;
  }

  /**
   * The last node of the leading run whose members satisfy `advance`, the header when there
   * is none; foundRank is set to the length of that run.
   */
  private descendByMember(advance: (member: string) => boolean): number {
    const pool = this.pool;
    let x = HEADER;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const at = x + 4 + 2 * i;
        const f = pool[at];
        if (f !== 0 && advance(this.memberOf(f))) {
          rank += pool[at + 1];
          x = f;
        } else break;
      }
    }
    this.foundRank = rank;
    return x;
  }

  /**
   * Visits live nodes in pool order from `cursor` (a node id; 0 starts), examining at most
   * `budget` blocks. Returns the next cursor, 0 at the end of the pool. A member present for
   * the whole scan keeps its block, so it is visited exactly once; blocks reused by new
   * members may or may not be visited.
   */
  scan(cursor: number, budget: number, visit: (member: string, score: number) => void): number {
    const pool = this.pool;
    const members = this.members;
    const used = this.used;
    let id = cursor < HEADER_SIZE ? HEADER_SIZE : cursor - (cursor & 1);
    for (let examined = 0; id < used && examined < budget; examined++) {
      const word = pool[id + 3];
      const level = word & LEVEL_MASK;
      if (level === 0 || level > MAX_LEVEL) {
        // only a cursor this list did not issue lands off a block boundary: step along
        id += 2;
        continue;
      }
      if (pool[id + 2] !== FREE) {
        const member = members[word >>> LEVEL_BITS];
        if (member !== undefined) visit(member, this.scores[id >> 1]);
      }
      id += 4 + 2 * level;
    }
    return id >= used ? 0 : id;
  }

  /** A structurally identical copy (same ids, so node ids stay valid for the copy). */
  clone(): SkipList {
    const copy = new SkipList(0);
    copy.length = this.length;
    copy.tail = this.tail;
    copy.level = this.level;
    const words = this.used + (this.used & 1);
    copy.pool = this.pool.slice(0, Math.max(words, 2));
    copy.scores = new Float64Array(copy.pool.buffer);
    copy.used = this.used;
    copy.members = this.members.slice();
    copy.freeSlots = this.freeSlots.slice();
    copy.freeBlocks = this.freeBlocks.map((l) => l.slice());
    return copy;
  }
}
