/**
 * A side index over a Map's keys in insertion order, built on first use, that gives SCAN a
 * stable cursor and RANDOMKEY O(1) sampling without copying the keyspace per call.
 *
 * Every entry owns a sequence number taken when it was inserted. The index keeps keys and
 * their sequence numbers in ascending order; deletions leave stale slots that are detected by
 * a sequence mismatch and dropped at compaction. A SCAN cursor is "the next sequence number",
 * so a key present for the whole scan is returned exactly once, whatever else changes.
 */
export interface Sequenced {
  seq: number;
}

export class KeyOrder<E extends Sequenced> {
  private keys: string[] = [];
  private seqs: number[] = [];
  private nextSeq = 1;
  private built = false;

  constructor(private readonly source: Map<string, E>) {}

  /** The sequence number the next inserted entry will get. */
  get nextSequence(): number {
    return this.nextSeq;
  }

  /** Gives a newly inserted entry its sequence number. */
  added(key: string, entry: E): void {
    entry.seq = this.nextSeq++;
    if (this.built) {
      this.keys.push(key);
      this.seqs.push(entry.seq);
      if (this.keys.length > 2 * this.source.size + 1024) this.compact();
    }
  }

  clear(): void {
    this.keys = [];
    this.seqs = [];
    this.built = false;
  }

  private build(): void {
    this.keys = [];
    this.seqs = [];
    for (const [k, e] of this.source) {
      this.keys.push(k);
      this.seqs.push(e.seq);
    }
    this.built = true;
  }

  private compact(): void {
    const keys: string[] = [];
    const seqs: number[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      if (this.isLive(i)) {
        keys.push(this.keys[i]);
        seqs.push(this.seqs[i]);
      }
    }
    this.keys = keys;
    this.seqs = seqs;
  }

  private isLive(i: number): boolean {
    const e = this.source.get(this.keys[i]);
    return e !== undefined && e.seq === this.seqs[i];
  }

  /**
   * Visits live keys from `cursor` on, stopping once `maxKeys` keys were visited or
   * `maxSlots` index slots were examined (stale slots cost effort too, so a keyspace that
   * shrank a lot still answers each call in bounded time). Returns the next cursor, 0 when
   * the end was reached.
   */
  scan(
    cursor: number,
    maxKeys: number,
    maxSlots: number,
    visit: (key: string, entry: E) => void,
  ): number {
    if (!this.built) this.build();
    const keys = this.keys;
    const seqs = this.seqs;
    // first slot whose seq >= cursor
    let lo = 0;
    let hi = seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (seqs[mid] < cursor) lo = mid + 1;
      else hi = mid;
    }
    let i = lo;
    let visited = 0;
    for (let examined = 0; i < keys.length && examined < maxSlots; i++, examined++) {
      const key = keys[i];
      const e = this.source.get(key);
      if (e !== undefined && e.seq === seqs[i]) {
        visit(key, e);
        if (++visited >= maxKeys) {
          i++;
          break;
        }
      }
    }
    return i >= keys.length ? 0 : seqs[i];
  }

  /** A uniformly chosen live key, or undefined when the source is empty. */
  random(rand: () => number): string | undefined {
    if (this.source.size === 0) return undefined;
    if (!this.built) this.build();
    for (let attempt = 0; attempt < 64; attempt++) {
      const i = Math.floor(rand() * this.keys.length);
      if (this.isLive(i)) return this.keys[i];
    }
    this.compact();
    return this.keys[Math.floor(rand() * this.keys.length)];
  }
}
