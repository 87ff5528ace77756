import assert from "node:assert/strict";
import { SkipList } from "../../src/store/skiplist.ts";
import {
  AddOutcome,
  type LexRange,
  NONE,
  type ScoreRange,
  SortedSet,
  ZADD_GT,
  ZADD_INCR,
  ZADD_LT,
  ZADD_NX,
  ZADD_XX,
} from "../../src/store/zset.ts";
import { parseLexRange, parseScoreRange } from "../../src/commands/zset/common.ts";
import { float as parseScore } from "../../src/commands/args.ts";

const SMALL = { zsetMaxListpackEntries: 128, zsetMaxListpackValue: 64 };
const NO_LISTPACK = { zsetMaxListpackEntries: 0, zsetMaxListpackValue: 64 };

function contents(zs: SortedSet): [string, number][] {
  const out: [string, number][] = [];
  for (let p = zs.first(); p !== NONE; p = zs.next(p)) out.push([zs.memberAt(p), zs.scoreAt(p)]);
  return out;
}

function listContents(sl: SkipList): [string, number][] {
  const out: [string, number][] = [];
  for (let id = sl.first(); id !== 0; id = sl.next(id)) out.push([sl.memberOf(id), sl.scoreOf(id)]);
  return out;
}

Deno.test("skiplist: orders by score, then member bytes", () => {
  const sl = new SkipList();
  sl.insert("b", 1);
  sl.insert("a", 1);
  sl.insert("\xff", 0);
  sl.insert("\x00", 0);
  sl.insert("z", -Infinity);
  sl.insert("ab", 1);
  assert.deepEqual(listContents(sl), [
    ["z", -Infinity],
    ["\x00", 0],
    ["\xff", 0],
    ["a", 1],
    ["ab", 1],
    ["b", 1],
  ]);
  assert.equal(sl.length, 6);
  assert.equal(sl.memberOf(sl.tail), "b");
  // walking backwards gives the reverse
  const back: string[] = [];
  for (let id = sl.tail; id !== 0; id = sl.prev(id)) back.push(sl.memberOf(id));
  assert.deepEqual(back, ["b", "ab", "a", "\xff", "\x00", "z"]);
});

Deno.test("skiplist: ranks, rank lookups and removal", () => {
  const sl = new SkipList();
  const ids: number[] = [];
  for (let i = 0; i < 1000; i++) ids.push(sl.insert(`m${i}`, i % 10));
  const order = listContents(sl);
  for (let r = 0; r < order.length; r += 37) {
    const id = sl.atRank(r);
    assert.equal(sl.memberOf(id), order[r][0]);
    assert.equal(sl.rankOf(id), r);
  }
  assert.equal(sl.atRank(-1), 0);
  assert.equal(sl.atRank(1000), 0);
  for (let i = 0; i < 1000; i += 2) sl.remove(ids[i]);
  assert.equal(sl.length, 500);
  const left = listContents(sl);
  assert.ok(left.every(([m]) => Number(m.slice(1)) % 2 === 1));
  for (let r = 0; r < left.length; r++) assert.equal(sl.rankOf(sl.atRank(r)), r);
});

Deno.test("skiplist: updateScore keeps the node id and moves it", () => {
  const sl = new SkipList();
  const a = sl.insert("a", 1);
  sl.insert("b", 2);
  sl.insert("c", 3);
  sl.updateScore(a, 2.5);
  assert.deepEqual(listContents(sl), [["b", 2], ["a", 2.5], ["c", 3]]);
  sl.updateScore(a, 10);
  assert.deepEqual(listContents(sl), [["b", 2], ["c", 3], ["a", 10]]);
  assert.equal(sl.memberOf(a), "a");
  assert.equal(sl.tail, a);
  assert.equal(sl.rankOf(a), 2);
  sl.updateScore(a, -1);
  assert.equal(sl.rankOf(a), 0);
  assert.equal(sl.first(), a);
});

Deno.test("skiplist: removeRankRange and score searches", () => {
  const sl = new SkipList();
  for (let i = 0; i < 100; i++) sl.insert(`m${String(i).padStart(3, "0")}`, i);
  const removed: string[] = [];
  assert.equal(sl.removeRankRange(10, 19, (m) => removed.push(m)), 10);
  assert.deepEqual(removed, Array.from({ length: 10 }, (_, i) => `m0${10 + i}`));
  assert.equal(sl.length, 90);
  const first = sl.firstScoreFrom(15, false);
  assert.equal(sl.scoreOf(first), 20);
  assert.equal(sl.foundRank, 10);
  const firstEx = sl.firstScoreFrom(20, true);
  assert.equal(sl.scoreOf(firstEx), 21);
  const last = sl.lastScoreUpTo(15, false);
  assert.equal(sl.scoreOf(last), 9);
  assert.equal(sl.foundRank, 9);
  assert.equal(sl.lastScoreUpTo(-1, false), 0);
  assert.equal(sl.firstScoreFrom(1000, false), 0);
});

Deno.test("skiplist: a scan visits every member present throughout, once", () => {
  const sl = new SkipList();
  const ids = new Map<string, number>();
  for (let i = 0; i < 500; i++) ids.set(`m${i}`, sl.insert(`m${i}`, Math.random()));
  const seen = new Map<string, number>();
  let cursor = 0;
  let step = 0;
  do {
    cursor = sl.scan(cursor, 17, (m) => seen.set(m, (seen.get(m) ?? 0) + 1));
    // churn between calls: delete some, add new ones, move scores
    const victim = `m${step * 3}`;
    if (step % 2 === 0 && ids.has(victim)) {
      sl.remove(ids.get(victim)!);
      ids.delete(victim);
    }
    ids.set(`new${step}`, sl.insert(`new${step}`, Math.random()));
    const mover = `m${499 - step}`;
    if (ids.has(mover)) sl.updateScore(ids.get(mover)!, Math.random() * 10);
    step++;
  } while (cursor !== 0);
  for (let i = 0; i < 500; i++) {
    const m = `m${i}`;
    if (ids.has(m)) assert.equal(seen.get(m), 1, `${m} seen ${seen.get(m)} times`);
  }
});

Deno.test("skiplist: clone is independent", () => {
  const sl = new SkipList();
  for (let i = 0; i < 50; i++) sl.insert(`m${i}`, i);
  const copy = sl.clone();
  sl.remove(sl.first());
  copy.insert("extra", 100);
  assert.equal(sl.length, 49);
  assert.equal(copy.length, 51);
  assert.equal(copy.memberOf(copy.first()), "m0");
  assert.equal(copy.memberOf(copy.tail), "extra");
});

Deno.test("zset: encodings and conversions", () => {
  const zs = SortedSet.forFirstMember({ zsetMaxListpackEntries: 3, zsetMaxListpackValue: 4 }, 1);
  const limits = { zsetMaxListpackEntries: 3, zsetMaxListpackValue: 4 };
  assert.equal(zs.encoding(), "listpack");
  zs.insertNew("a", 1, limits);
  zs.insertNew("b", 2, limits);
  zs.insertNew("c", 3, limits);
  assert.equal(zs.encoding(), "listpack");
  zs.insertNew("d", 4, limits);
  assert.equal(zs.encoding(), "skiplist");
  assert.deepEqual(contents(zs), [["a", 1], ["b", 2], ["c", 3], ["d", 4]]);
  zs.delete("d");
  assert.equal(zs.encoding(), "skiplist");
  zs.convertToListpackIfFits(limits);
  assert.equal(zs.encoding(), "listpack");
  zs.insertNew("toolong", 0, limits);
  assert.equal(zs.encoding(), "skiplist");
  zs.convertToListpackIfFits({ zsetMaxListpackEntries: 10, zsetMaxListpackValue: 4 });
  assert.equal(zs.encoding(), "skiplist");
  assert.equal(SortedSet.forFirstMember(NO_LISTPACK, 1).encoding(), "skiplist");
  assert.equal(SortedSet.forFirstMember(SMALL, 65).encoding(), "skiplist");
  assert.equal(SortedSet.forSizeHint(SMALL, -1).encoding(), "listpack");
  assert.equal(SortedSet.forSizeHint(SMALL, 129).encoding(), "skiplist");
});

Deno.test("zset: -0 is kept by a skiplist and stored as 0 by a listpack", () => {
  const small = new SortedSet();
  small.insertNew("m", -0, SMALL);
  assert.ok(Object.is(small.score("m"), 0));
  const big = new SortedSet(true);
  big.insertNew("m", -0, NO_LISTPACK);
  assert.ok(Object.is(big.score("m"), -0));
  big.convertToListpackIfFits(SMALL);
  assert.ok(Object.is(big.score("m"), 0));
});

Deno.test("zset: zadd conditions and outcomes", () => {
  for (const limits of [SMALL, NO_LISTPACK]) {
    const zs = new SortedSet(limits.zsetMaxListpackEntries === 0);
    assert.equal(zs.zadd("a", 1, 0, limits), AddOutcome.Added);
    assert.equal(zs.zadd("a", 1, 0, limits), AddOutcome.Unchanged);
    assert.equal(zs.zadd("a", 2, ZADD_NX, limits), AddOutcome.Skipped);
    assert.equal(zs.zadd("b", 2, ZADD_XX, limits), AddOutcome.Skipped);
    assert.equal(zs.zadd("a", 0, ZADD_GT, limits), AddOutcome.Skipped);
    assert.equal(zs.zadd("a", 5, ZADD_GT, limits), AddOutcome.Updated);
    assert.equal(zs.zadd("a", 6, ZADD_LT, limits), AddOutcome.Skipped);
    assert.equal(zs.zadd("a", 4, ZADD_LT, limits), AddOutcome.Updated);
    assert.equal(zs.zadd("a", 1.5, ZADD_INCR, limits), AddOutcome.Updated);
    assert.equal(zs.lastScore, 5.5);
    assert.equal(zs.zadd("a", -1, ZADD_INCR | ZADD_GT, limits), AddOutcome.Skipped);
    assert.equal(zs.zadd("a", Infinity, ZADD_INCR, limits), AddOutcome.Updated);
    assert.equal(zs.zadd("a", -Infinity, ZADD_INCR, limits), AddOutcome.NaN);
    assert.equal(zs.score("a"), Infinity);
    assert.equal(zs.zadd("new", 3, ZADD_GT, limits), AddOutcome.Added);
    assert.deepEqual(contents(zs), [["new", 3], ["a", Infinity]]);
  }
});

Deno.test("zset: ranges by score and lex, counts and removals", () => {
  for (const limits of [SMALL, NO_LISTPACK]) {
    const zs = new SortedSet(limits.zsetMaxListpackEntries === 0);
    for (let i = 0; i < 20; i++) zs.insertNew(`m${String(i).padStart(2, "0")}`, i, limits);
    const r: ScoreRange = { min: 5, max: 10, minex: true, maxex: false };
    assert.equal(zs.countInScoreRange(r), 5);
    assert.equal(zs.memberAt(zs.firstInScoreRange(r)), "m06");
    assert.equal(zs.foundRank, 6);
    assert.equal(zs.memberAt(zs.lastInScoreRange(r)), "m10");
    assert.equal(zs.foundRank, 10);
    assert.equal(zs.firstInScoreRange({ min: 3, max: 2, minex: false, maxex: false }), NONE);
    assert.equal(zs.firstInScoreRange({ min: 3, max: 3, minex: true, maxex: false }), NONE);
    assert.equal(
      zs.countInScoreRange({ min: -Infinity, max: Infinity, minex: false, maxex: false }),
      20,
    );
    const lex: LexRange = { min: "m03", max: "", minInf: 0, maxInf: 1, minex: false, maxex: true };
    assert.equal(zs.countInLexRange(lex), 17);
    const none: LexRange = { min: "", max: "", minInf: -1, maxInf: -1, minex: true, maxex: true };
    assert.equal(zs.countInLexRange(none), 0);
    assert.equal(zs.deleteScoreRange(r), 5);
    assert.equal(zs.size, 15);
    assert.equal(zs.deleteLexRange({ ...lex, min: "m15" }), 5);
    assert.equal(zs.deleteRankRange(0, 1), 2);
    assert.deepEqual(contents(zs).map(([m]) => m), [
      "m02",
      "m03",
      "m04",
      "m05",
      "m11",
      "m12",
      "m13",
      "m14",
    ]);
    assert.equal(zs.rank("m11"), 4);
    assert.equal(zs.rank("m10"), -1);
    const copy = zs.clone();
    copy.delete("m02");
    assert.equal(zs.size, 8);
    assert.equal(copy.size, 7);
  }
});

Deno.test("zset: a listpack scan returns everything with cursor 0", () => {
  const zs = new SortedSet();
  for (let i = 0; i < 5; i++) zs.insertNew(`m${i}`, i, SMALL);
  const seen: string[] = [];
  assert.equal(zs.scan(12345, 1, (m) => seen.push(m)), 0);
  assert.deepEqual(seen, ["m0", "m1", "m2", "m3", "m4"]);
});

Deno.test("score parsing follows strtod and Redis's checks", () => {
  assert.equal(parseScore("1.5"), 1.5);
  assert.equal(parseScore("+inf"), Infinity);
  assert.equal(parseScore("-Infinity"), -Infinity);
  assert.equal(parseScore("0x10"), 16);
  assert.equal(parseScore("0x1p-2"), 0.25);
  assert.equal(parseScore("-0x.8"), -0.5);
  assert.equal(parseScore("1e-310"), 1e-310);
  assert.equal(parseScore("1."), 1);
  for (const bad of ["", " 1", "1 ", "nan", "1e400", "1e-400", "abc", "1\x00", "0x", "e1"]) {
    assert.throws(() => parseScore(bad), /not a valid float/, bad);
  }
  // hex subnormals round once, as glibc's strtod: 2.5 + 2^-60 units of 2^-1074 is 3 units
  assert.equal(parseScore("0x2.800000000000001p-1074"), 3 * 2 ** -1074);
  assert.equal(parseScoreRange("0x2.800000000000001p-1074", "0x2.8p-1074").min, 3 * 2 ** -1074);
  assert.equal(parseScoreRange("0", "0x2.8p-1074").max, 2 * 2 ** -1074);
  assert.deepEqual(parseScoreRange("(1", "+inf"), {
    min: 1,
    max: Infinity,
    minex: true,
    maxex: false,
  });
  assert.deepEqual(parseScoreRange("", "(")!.min, 0);
  assert.equal(parseScoreRange(" 5", "1e400").max, Infinity);
  assert.equal(parseScoreRange("5\x00junk", "6").min, 5);
  assert.throws(() => parseScoreRange("nan", "1"), /min or max is not a float/);
  assert.throws(() => parseScoreRange("1", "2 "), /min or max is not a float/);
  const lex = parseLexRange("[a", "+");
  assert.equal(lex.min, "a");
  assert.equal(lex.maxInf, 1);
  assert.equal(parseLexRange("-", "(\x00").max, "\x00");
  assert.equal(parseLexRange("+\x00x", "-").minInf, 1);
  assert.throws(() => parseLexRange("a", "+"), /not valid string range item/);
  assert.throws(() => parseLexRange("++", "+"), /not valid string range item/);
  assert.throws(() => parseLexRange("", "+"), /not valid string range item/);
});
