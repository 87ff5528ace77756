/**
 * A skiplist ordered by (score, member bytes) with span counts, the structure Redis uses for
 * large sorted sets: O(log n) insert, delete, score update, rank lookup and range start.
 *
 * Nodes live in typed arrays instead of one JS object per node, which keeps memory per element
 * close to Redis's and gives every node a small integer id:
 *   - id 0 is the header; 0 also means "no node" in forward/backward links.
 *   - `links` holds, per node, `level` pairs [forward id, span] starting at `linkBase[id]`.
 *   - Freed ids and link blocks are reused (link blocks per level), so a steady workload does
 *     not grow the arrays.
 * A node keeps its id for as long as its member is in the list, also across score updates;
 * ZSCAN relies on that (see `scan`).
 */

const MAX_LEVEL = 32;
const HEADER = 0;

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
  /** Number of levels in use (header levels above this are empty). */
  private level = 1;
  /**
   * Rank (0-based) of the node returned by the last successful range search
   * (firstInScoreRange and friends), so callers get node and rank from one descent.
   */
  foundRank = 0;

  private members: (string | undefined)[] = [undefined];
  private scores: Float64Array;
  private backward: Int32Array;
  private levels: Uint8Array;
  private linkBase: Int32Array;
  private links: Int32Array;
  private linksUsed: number;
  /** One past the highest id ever used. */
  private idLimit = 1;
  private freeIds: number[] = [];
  /** freeLinks[level] holds link-block offsets of freed nodes of that level. */
  private freeLinks: number[][] = [];

  constructor(capacity = 16) {
    capacity = Math.max(2, capacity + 1);
    this.scores = new Float64Array(capacity);
    this.backward = new Int32Array(capacity);
    this.levels = new Uint8Array(capacity);
    this.linkBase = new Int32Array(capacity);
    this.links = new Int32Array(2 * MAX_LEVEL + capacity * 3);
    // the header owns the first MAX_LEVEL link pairs
    this.levels[HEADER] = MAX_LEVEL;
    this.linkBase[HEADER] = 0;
    this.linksUsed = 2 * MAX_LEVEL;
    for (let i = 0; i <= MAX_LEVEL; i++) this.freeLinks.push([]);
  }

  // ---- node storage ----

  private allocNode(level: number): number {
    let id = this.freeIds.pop();
    if (id === undefined) {
      id = this.idLimit++;
      if (id >= this.scores.length) this.growNodes();
    }
    this.levels[id] = level;
    let base = this.freeLinks[level].pop();
    if (base === undefined) {
      base = this.linksUsed;
      this.linksUsed += 2 * level;
      if (this.linksUsed > this.links.length) this.growLinks(this.linksUsed);
    }
    this.linkBase[id] = base;
    return id;
  }

  private freeNode(id: number): void {
    this.members[id] = undefined;
    this.freeLinks[this.levels[id]].push(this.linkBase[id]);
    this.freeIds.push(id);
  }

  private growNodes(): void {
    const size = this.scores.length * 2;
    const scores = new Float64Array(size);
    scores.set(this.scores);
    this.scores = scores;
    const backward = new Int32Array(size);
    backward.set(this.backward);
    this.backward = backward;
    const levels = new Uint8Array(size);
    levels.set(this.levels);
    this.levels = levels;
    const linkBase = new Int32Array(size);
    linkBase.set(this.linkBase);
    this.linkBase = linkBase;
  }

  private growLinks(need: number): void {
    let size = this.links.length * 2;
    while (size < need) size *= 2;
    const links = new Int32Array(size);
    links.set(this.links);
    this.links = links;
  }

  // ---- node accessors ----

  memberOf(id: number): string {
    return this.members[id]!;
  }

  scoreOf(id: number): number {
    return this.scores[id];
  }

  /** First node, 0 when empty. */
  first(): number {
    return this.links[this.linkBase[HEADER]];
  }

  /** Next node in order, 0 after the last. */
  next(id: number): number {
    return this.links[this.linkBase[id]];
  }

  /** Previous node in order, 0 before the first. */
  prev(id: number): number {
    return this.backward[id];
  }

  // ---- updates ----

  /** Inserts a member that is not in the list yet; returns its node id. */
  insert(member: string, score: number): number {
    const id = this.allocNode(randomLevel());
    this.members[id] = member;
    this.scores[id] = score;
    this.link(id);
    return id;
  }

  /** Links node id (member, score and level already set) at its place. */
  private link(id: number): void {
    const links = this.links;
    const linkBase = this.linkBase;
    const scores = this.scores;
    const members = this.members;
    const score = scores[id];
    const member = members[id]!;
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      rankAt[i] = i === this.level - 1 ? 0 : rankAt[i + 1];
      for (;;) {
        const at = linkBase[x] + 2 * i;
        const f = links[at];
        if (f !== 0 && (scores[f] < score || (scores[f] === score && members[f]! < member))) {
          rankAt[i] += links[at + 1];
          x = f;
        } else break;
      }
      update[i] = x;
    }
    const level = this.levels[id];
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rankAt[i] = 0;
        update[i] = HEADER;
        links[linkBase[HEADER] + 2 * i + 1] = this.length;
      }
      this.level = level;
    }
    const nodeBase = linkBase[id];
    for (let i = 0; i < level; i++) {
      const at = linkBase[update[i]] + 2 * i;
      const skipped = rankAt[0] - rankAt[i];
      links[nodeBase + 2 * i] = links[at];
      links[at] = id;
      links[nodeBase + 2 * i + 1] = links[at + 1] - skipped;
      links[at + 1] = skipped + 1;
    }
    for (let i = level; i < this.level; i++) links[linkBase[update[i]] + 2 * i + 1]++;
    this.backward[id] = update[0];
    const after = links[nodeBase];
    if (after !== 0) this.backward[after] = id;
    else this.tail = id;
    this.length++;
  }

  /** Fills `update` with the rightmost node before `id` on every level. */
  private findPredecessors(id: number): void {
    const links = this.links;
    const linkBase = this.linkBase;
    const scores = this.scores;
    const members = this.members;
    const score = scores[id];
    const member = members[id]!;
    let x = HEADER;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const f = links[linkBase[x] + 2 * i];
        if (
          f !== 0 && f !== id &&
          (scores[f] < score || (scores[f] === score && members[f]! < member))
        ) {
          x = f;
        } else break;
      }
      update[i] = x;
    }
  }

  /** Unlinks node id using the predecessors in `update`. */
  private unlink(id: number): void {
    const links = this.links;
    const linkBase = this.linkBase;
    const nodeBase = linkBase[id];
    for (let i = 0; i < this.level; i++) {
      const at = linkBase[update[i]] + 2 * i;
      if (links[at] === id) {
        links[at + 1] += links[nodeBase + 2 * i + 1] - 1;
        links[at] = links[nodeBase + 2 * i];
      } else {
        links[at + 1] -= 1;
      }
    }
    const after = links[nodeBase];
    if (after !== 0) this.backward[after] = this.backward[id];
    else this.tail = this.backward[id];
    const headerBase = linkBase[HEADER];
    while (this.level > 1 && links[headerBase + 2 * (this.level - 1)] === 0) this.level--;
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
    const member = this.members[id]!;
    const before = this.backward[id];
    const after = this.links[this.linkBase[id]];
    const scores = this.scores;
    if (
      (before === 0 || scores[before] < score ||
        (scores[before] === score && this.members[before]! < member)) &&
      (after === 0 || scores[after] > score ||
        (scores[after] === score && this.members[after]! > member))
    ) {
      scores[id] = score;
      return;
    }
    this.findPredecessors(id);
    this.unlink(id);
    scores[id] = score;
    this.link(id);
  }

  /**
   * Removes the nodes with 0-based ranks start..end (inclusive, already clamped to the list),
   * calling `removed` with each member, in O(log n + removed).
   */
  removeRankRange(start: number, end: number, removed: (member: string) => void): number {
    const links = this.links;
    const linkBase = this.linkBase;
    let x = HEADER;
    let traversed = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const at = linkBase[x] + 2 * i;
        const f = links[at];
        if (f !== 0 && traversed + links[at + 1] <= start) {
          traversed += links[at + 1];
          x = f;
        } else break;
      }
      update[i] = x;
    }
    let count = 0;
    x = links[linkBase[x]];
    while (x !== 0 && traversed <= end) {
      const following = links[linkBase[x]];
      removed(this.members[x]!);
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
    const links = this.links;
    const linkBase = this.linkBase;
    const scores = this.scores;
    const members = this.members;
    const score = scores[id];
    const member = members[id]!;
    let x = HEADER;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const at = linkBase[x] + 2 * i;
        const f = links[at];
        if (
          f !== 0 &&
          (f === id || scores[f] < score || (scores[f] === score && members[f]! < member))
        ) {
          rank += links[at + 1];
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
    const links = this.links;
    const linkBase = this.linkBase;
    const target = rank + 1;
    let x = HEADER;
    let traversed = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const at = linkBase[x] + 2 * i;
        const f = links[at];
        if (f !== 0 && traversed + links[at + 1] <= target) {
          traversed += links[at + 1];
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
    const links = this.links;
    const linkBase = this.linkBase;
    const scores = this.scores;
    let x = HEADER;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const at = linkBase[x] + 2 * i;
        const f = links[at];
        if (f !== 0 && (minExclusive ? scores[f] <= min : scores[f] < min)) {
          rank += links[at + 1];
          x = f;
        } else break;
      }
    }
    const found = links[linkBase[x]];
    this.foundRank = rank;
    return found;
  }

  /** Last node with score <= max (< max when maxExclusive), or 0. Sets foundRank. */
  lastScoreUpTo(max: number, maxExclusive: boolean): number {
    const links = this.links;
    const linkBase = this.linkBase;
    const scores = this.scores;
    let x = HEADER;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const at = linkBase[x] + 2 * i;
        const f = links[at];
        if (f !== 0 && (maxExclusive ? scores[f] < max : scores[f] <= max)) {
          rank += links[at + 1];
          x = f;
        } else break;
      }
    }
    this.foundRank = rank - 1;
    return x;
  }

  /**
   * First node whose member is not below the lex bound, by descending on members alone (as
   * Redis does; meaningful when all scores are equal). Sets foundRank.
   */
  firstLexFrom(below: (member: string) => boolean): number {
    const links = this.links;
    const linkBase = this.linkBase;
    const members = this.members;
    let x = HEADER;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const at = linkBase[x] + 2 * i;
        const f = links[at];
        if (f !== 0 && below(members[f]!)) {
          rank += links[at + 1];
          x = f;
        } else break;
      }
    }
    this.foundRank = rank;
    return links[linkBase[x]];
  }

  /** Last node whose member is within the upper lex bound. Sets foundRank. */
  lastLexUpTo(within: (member: string) => boolean): number {
    const links = this.links;
    const linkBase = this.linkBase;
    const members = this.members;
    let x = HEADER;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      for (;;) {
        const at = linkBase[x] + 2 * i;
        const f = links[at];
        if (f !== 0 && within(members[f]!)) {
          rank += links[at + 1];
          x = f;
        } else break;
      }
    }
    this.foundRank = rank - 1;
    return x;
  }

  /**
   * Visits live nodes by id from `cursor`, examining at most `budget` id slots. Returns the
   * next cursor, 0 when every id was examined. A member present for the whole scan keeps its
   * id, so it is visited exactly once; ids reused by new members may or may not be visited.
   */
  scan(cursor: number, budget: number, visit: (member: string, score: number) => void): number {
    let id = cursor < 1 ? 1 : cursor;
    const limit = this.idLimit;
    const members = this.members;
    for (let examined = 0; id < limit && examined < budget; id++, examined++) {
      const m = members[id];
      if (m !== undefined) visit(m, this.scores[id]);
    }
    return id >= limit ? 0 : id;
  }

  /** A structurally identical copy (same ids, so node ids stay valid for the copy). */
  clone(): SkipList {
    const copy = new SkipList(0);
    copy.length = this.length;
    copy.tail = this.tail;
    copy.level = this.level;
    copy.members = this.members.slice();
    copy.scores = this.scores.slice();
    copy.backward = this.backward.slice();
    copy.levels = this.levels.slice();
    copy.linkBase = this.linkBase.slice();
    copy.links = this.links.slice(0, Math.max(this.linksUsed, 2 * MAX_LEVEL));
    copy.linksUsed = this.linksUsed;
    copy.idLimit = this.idLimit;
    copy.freeIds = this.freeIds.slice();
    copy.freeLinks = this.freeLinks.map((l) => l.slice());
    return copy;
  }
}
