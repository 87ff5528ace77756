import assert from "node:assert/strict";
import { compareIntTexts, isIntsetMember, SetValue } from "../../src/store/set.ts";
import { distinctSlots, parseScanCursor, scanDense } from "../../src/store/scan_cursor.ts";
import { seededRandom } from "../../src/engine/random.ts";

Deno.test("set: intset members are canonical 64-bit integers", () => {
  for (const s of ["0", "-1", "42", "9223372036854775807", "-9223372036854775808"]) {
    assert.equal(isIntsetMember(s), true, s);
  }
  for (
    const s of ["", "-", "-0", "01", "+1", " 1", "1 ", "1.0", "9223372036854775808", "abc", "1e3"]
  ) {
    assert.equal(isIntsetMember(s), false, s);
  }
});

Deno.test("set: integer texts compare numerically", () => {
  const sorted = ["-9223372036854775808", "-100", "-99", "-1", "0", "1", "9", "10", "100"];
  const shuffled = [...sorted].reverse();
  shuffled.sort(compareIntTexts);
  assert.deepEqual(shuffled, sorted);
  assert.equal(compareIntTexts("5", "5"), 0);
});

Deno.test("set: intset stays sorted and converts on a non-integer or past the limit", () => {
  const s = new SetValue();
  for (const m of ["5", "-3", "10", "0", "5"]) s.add(m, 4);
  assert.equal(s.encoding(), "intset");
  assert.deepEqual(s.toArray(), ["-3", "0", "5", "10"]);
  assert.equal(s.has("05"), false);
  assert.equal(s.has("10"), true);
  s.add("7", 4);
  assert.equal(s.encoding(), "hashtable");
  assert.equal(s.size, 5);
  assert.equal(s.has("7"), true);

  const t = new SetValue();
  t.add("1", 512);
  t.add("x", 512);
  assert.equal(t.encoding(), "hashtable");
  t.delete("x");
  assert.equal(t.encoding(), "hashtable");
  t.compactEncoding(512);
  assert.equal(t.encoding(), "intset");
  assert.deepEqual(t.toArray(), ["1"]);

  const zero = new SetValue();
  zero.add("1", 0);
  assert.equal(zero.encoding(), "hashtable");
});

Deno.test("set: compactEncoding keeps a hashtable with a non-integer or too many members", () => {
  const s = new SetValue();
  s.add("a", 512);
  s.add("1", 512);
  s.compactEncoding(512);
  assert.equal(s.encoding(), "hashtable");
  s.delete("a");
  s.add("2", 512);
  s.compactEncoding(1);
  assert.equal(s.encoding(), "hashtable");
  s.compactEncoding(2);
  assert.deepEqual(s.toArray(), ["1", "2"]);
});

Deno.test("set: deleteSlots removes exactly the given slots in both encodings", () => {
  for (const members of [["1", "2", "3", "4", "5", "6"], ["a", "b", "c", "d", "e", "f"]]) {
    const s = new SetValue();
    for (const m of members) s.add(m, 512);
    const doomed = [0, 5, 2];
    const gone = doomed.map((i) => s.memberAt(i));
    s.deleteSlots(doomed);
    assert.equal(s.size, 3);
    for (const m of members) assert.equal(s.has(m), !gone.includes(m), m);
    for (let slot = 0; slot < s.size; slot++) assert.equal(s.slotOf(s.memberAt(slot)), slot);
  }
});

Deno.test("set: popRandom empties the set, returning every member once", () => {
  const s = new SetValue();
  for (let i = 0; i < 30; i++) s.add(`m${i}`, 512);
  const rand = seededRandom(3);
  const popped = new Set<string>();
  while (s.size > 0) popped.add(s.popRandom(rand));
  assert.equal(popped.size, 30);
});

Deno.test("set: clone is deep", () => {
  const s = new SetValue();
  for (let i = 0; i < 5; i++) s.add(String(i), 512);
  const copy = s.clone();
  copy.add("x", 512);
  assert.equal(s.encoding(), "intset");
  assert.equal(s.has("x"), false);
  assert.equal(copy.encoding(), "hashtable");
});

Deno.test("scan cursor: Redis's strtoul rules", () => {
  assert.equal(parseScanCursor("0"), 0);
  assert.equal(parseScanCursor(""), 0);
  assert.equal(parseScanCursor("+5"), 5);
  assert.equal(parseScanCursor("007"), 7);
  assert.equal(parseScanCursor("-0"), 0);
  assert.equal(parseScanCursor("-1"), 18446744073709551615);
  assert.equal(parseScanCursor("18446744073709551615"), 18446744073709551615);
  for (const bad of ["18446744073709551616", "abc", " 1", "1 ", "+", "-", "1.5", "0x1"]) {
    assert.equal(parseScanCursor(bad), null, bad);
  }
});

Deno.test("scan cursor: dense scans go top-down and end at 0", () => {
  const visited: number[] = [];
  let cursor = scanDense(10, 0, 4, (s) => visited.push(s));
  assert.equal(cursor, 6);
  cursor = scanDense(10, cursor, 4, (s) => visited.push(s));
  cursor = scanDense(10, cursor, 4, (s) => visited.push(s));
  assert.equal(cursor, 0);
  assert.deepEqual(visited, [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  // a cursor beyond the size (the collection shrank) restarts from the top
  const rest: number[] = [];
  assert.equal(scanDense(3, 8, 10, (s) => rest.push(s)), 0);
  assert.deepEqual(rest, [2, 1, 0]);
});

Deno.test("distinctSlots: k distinct slots below n, both strategies", () => {
  const rand = seededRandom(11);
  for (const [n, k] of [[100, 5], [100, 60], [10, 9], [2, 1]]) {
    const slots = distinctSlots(n, k, rand);
    assert.equal(slots.length, k);
    assert.equal(new Set(slots).size, k);
    for (const s of slots) assert.ok(s >= 0 && s < n && Number.isInteger(s));
  }
});
