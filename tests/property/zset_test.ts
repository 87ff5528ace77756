/**
 * The sorted set against a plain sorted array: random inserts, score updates (ZADD flags,
 * INCR), deletes, rank and range queries and range removals must agree, in both encodings
 * and across conversions.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  AddOutcome,
  type LexRange,
  NONE,
  type ScoreRange,
  SortedSet,
  type ZsetLimits,
} from "../../src/store/zset.ts";

type Entry = [member: string, score: number];

class Model {
  items: Entry[] = [];
  private sort(): void {
    this.items.sort((a, b) =>
      a[1] !== b[1] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0
    );
  }
  find(m: string): number {
    return this.items.findIndex((e) => e[0] === m);
  }
  set(m: string, s: number): void {
    const i = this.find(m);
    if (i >= 0) this.items[i][1] = s;
    else this.items.push([m, s]);
    this.sort();
  }
  delete(m: string): boolean {
    const i = this.find(m);
    if (i < 0) return false;
    this.items.splice(i, 1);
    return true;
  }
}

const member = fc.oneof(
  fc.constantFrom("a", "b", "c", "aa", "ab", "", "\x00", "\xff", "zz"),
  fc.stringMatching(/^[a-e]{1,3}$/),
);
const score = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(0.5, -0.5, Infinity, -Infinity, 1e300, -0),
);
const flagsArb = fc.constantFrom(0, 1, 2, 4, 8, 16, 16 | 4, 16 | 1, 16 | 2, 2 | 4);

const op = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constant("zadd"), member, score, flagsArb) },
  { weight: 2, arbitrary: fc.tuple(fc.constant("delete"), member) },
  { weight: 2, arbitrary: fc.tuple(fc.constant("rank"), member) },
  { weight: 1, arbitrary: fc.tuple(fc.constant("atRank"), fc.integer({ min: -2, max: 40 })) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constant("score"), score, score, fc.boolean(), fc.boolean()),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constant("delScore"), score, score, fc.boolean(), fc.boolean()),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.constant("delRank"),
      fc.integer({ min: 0, max: 30 }),
      fc.integer({ min: 0, max: 30 }),
    ),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constant("pop"), fc.boolean()) },
  { weight: 1, arbitrary: fc.tuple(fc.constant("compact"), fc.constant(0)) },
);

function scoreRangeOf(a: number, b: number, minex: boolean, maxex: boolean): ScoreRange {
  return { min: Math.min(a, b), max: Math.max(a, b), minex, maxex };
}

function inScore(s: number, r: ScoreRange): boolean {
  return (r.minex ? s > r.min : s >= r.min) && (r.maxex ? s < r.max : s <= r.max);
}

function check(zs: SortedSet, model: Model): void {
  assert.equal(zs.size, model.items.length);
  const got: Entry[] = [];
  for (let p = zs.first(); p !== NONE; p = zs.next(p)) got.push([zs.memberAt(p), zs.scoreAt(p)]);
  assert.deepEqual(got, model.items);
  const back: string[] = [];
  for (let p = zs.last(); p !== NONE; p = zs.prev(p)) back.push(zs.memberAt(p));
  assert.deepEqual(back, model.items.map((e) => e[0]).reverse());
}

function run(limits: ZsetLimits, ops: unknown[][]): void {
  const zs = new SortedSet(limits.zsetMaxListpackEntries === 0);
  const model = new Model();
  for (const o of ops) {
    switch (o[0]) {
      case "zadd": {
        const [, m, s, flags] = o as [string, string, number, number];
        const before = model.find(m);
        const outcome = zs.zadd(m, s, flags, limits);
        const cur = before >= 0 ? model.items[before][1] : undefined;
        let expected: AddOutcome;
        let next = s;
        if (cur !== undefined) {
          if (flags & 1) expected = AddOutcome.Skipped;
          else {
            if (flags & 16) next = s + cur;
            if (Number.isNaN(next)) expected = AddOutcome.NaN;
            else if ((flags & 8 && next >= cur) || (flags & 4 && next <= cur)) {
              expected = AddOutcome.Skipped;
            } else if (next === cur) expected = AddOutcome.Unchanged;
            else expected = AddOutcome.Updated;
          }
        } else expected = flags & 2 ? AddOutcome.Skipped : AddOutcome.Added;
        assert.equal(outcome, expected);
        if (expected === AddOutcome.Added || expected === AddOutcome.Updated) {
          // a listpack stores -0 as 0
          model.set(m, next === 0 && zs.isListpack ? 0 : next);
        }
        break;
      }
      case "delete":
        assert.equal(zs.delete(o[1] as string), model.delete(o[1] as string));
        break;
      case "rank":
        assert.equal(zs.rank(o[1] as string), model.find(o[1] as string));
        assert.equal(zs.score(o[1] as string), model.items[model.find(o[1] as string)]?.[1]);
        break;
      case "atRank": {
        const r = o[1] as number;
        const p = zs.atRank(r);
        if (r < 0 || r >= model.items.length) assert.equal(p, NONE);
        else assert.equal(zs.memberAt(p), model.items[r][0]);
        break;
      }
      case "score": {
        const r = scoreRangeOf(o[1] as number, o[2] as number, o[3] as boolean, o[4] as boolean);
        const ranks = model.items.map((e, i) => (inScore(e[1], r) ? i : -1)).filter((i) => i >= 0);
        assert.equal(zs.countInScoreRange(r), ranks.length);
        const first = zs.firstInScoreRange(r);
        if (ranks.length === 0) assert.equal(first, NONE);
        else {
          assert.equal(zs.foundRank, ranks[0]);
          assert.equal(zs.memberAt(first), model.items[ranks[0]][0]);
          const last = zs.lastInScoreRange(r);
          assert.equal(zs.foundRank, ranks[ranks.length - 1]);
          assert.equal(zs.memberAt(last), model.items[ranks[ranks.length - 1]][0]);
        }
        // lex ranges are only defined over equal scores: check them over the members of
        // the lowest score
        const lowest = model.items.filter((e) => e[1] === model.items[0]?.[1]);
        if (lowest.length === model.items.length && lowest.length > 0) {
          const lr: LexRange = {
            min: lowest[0][0],
            max: lowest[lowest.length - 1][0],
            minInf: 0,
            maxInf: 0,
            minex: o[3] as boolean,
            maxex: o[4] as boolean,
          };
          const expected = lowest.filter((e) =>
            (lr.minex ? e[0] > lr.min : e[0] >= lr.min) &&
            (lr.maxex ? e[0] < lr.max : e[0] <= lr.max)
          ).length;
          assert.equal(zs.countInLexRange(lr), expected);
        }
        break;
      }
      case "delScore": {
        const r = scoreRangeOf(o[1] as number, o[2] as number, o[3] as boolean, o[4] as boolean);
        const keep = model.items.filter((e) => !inScore(e[1], r));
        assert.equal(zs.deleteScoreRange(r), model.items.length - keep.length);
        model.items = keep;
        break;
      }
      case "delRank": {
        const n = model.items.length;
        if (n === 0) break;
        const a = Math.min(o[1] as number, n - 1);
        const b = Math.min(Math.max(a, o[2] as number), n - 1);
        assert.equal(zs.deleteRankRange(a, b), b - a + 1);
        model.items.splice(a, b - a + 1);
        break;
      }
      case "pop": {
        if (model.items.length === 0) break;
        const pos = o[1] ? zs.first() : zs.last();
        const expected = o[1] ? model.items.shift()! : model.items.pop()!;
        assert.equal(zs.memberAt(pos), expected[0]);
        zs.deleteAt(pos);
        break;
      }
      case "compact":
        zs.convertToListpackIfFits(limits);
        for (const e of model.items) if (e[1] === 0) e[1] = zs.isListpack ? 0 : e[1];
        break;
    }
    check(zs, model);
  }
}

for (
  const [name, limits] of [
    ["listpack only", { zsetMaxListpackEntries: 1000, zsetMaxListpackValue: 1000 }],
    ["skiplist only", { zsetMaxListpackEntries: 0, zsetMaxListpackValue: 1000 }],
    ["converting", { zsetMaxListpackEntries: 6, zsetMaxListpackValue: 2 }],
  ] as [string, ZsetLimits][]
) {
  Deno.test(`property: sorted set (${name}) agrees with a sorted-array model`, () => {
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 150, size: "max" }),
        (ops) => run(limits, ops),
      ),
      { numRuns: 200 },
    );
  });
}

Deno.test("property: a skiplist scan visits every member present throughout", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 200 }),
      fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 400 })), {
        maxLength: 200,
        size: "max",
      }),
      fc.integer({ min: 1, max: 20 }),
      (initial, churn, count) => {
        const limits = { zsetMaxListpackEntries: 0, zsetMaxListpackValue: 64 };
        const zs = new SortedSet(true);
        for (let i = 0; i < initial; i++) zs.insertNew(`m${i}`, i % 7, limits);
        const touched = new Set<string>();
        const seen = new Set<string>();
        let cursor = 0;
        let step = 0;
        do {
          cursor = zs.scan(cursor, count, (m) => seen.add(m));
          const [add, n] = churn[step++ % Math.max(1, churn.length)] ?? [true, 0];
          const m = `m${n}`;
          touched.add(m);
          if (add) zs.set(m, n % 5, limits);
          else zs.delete(m);
        } while (cursor !== 0);
        for (let i = 0; i < initial; i++) {
          const m = `m${i}`;
          if (!touched.has(m)) assert.ok(seen.has(m), `${m} was not returned`);
        }
      },
    ),
    { numRuns: 200 },
  );
});
