import assert from "node:assert/strict";
import { HashValue } from "../../src/store/hash.ts";
import { seededRandom } from "../../src/engine/random.ts";

const LIMITS = { hashMaxListpackEntries: 4, hashMaxListpackValue: 8 };

function pairs(h: HashValue): [string, string][] {
  const out: [string, string][] = [];
  h.forEach((f, v) => out.push([f, v]));
  return out;
}

Deno.test("hash: listpack keeps insertion order through updates and deletes", () => {
  const h = new HashValue();
  assert.equal(h.set("c", "1", LIMITS), true);
  assert.equal(h.set("a", "2", LIMITS), true);
  assert.equal(h.set("b", "3", LIMITS), true);
  assert.equal(h.set("a", "20", LIMITS), false);
  assert.equal(h.delete("c"), true);
  assert.equal(h.delete("c"), false);
  assert.equal(h.set("c", "30", LIMITS), true);
  assert.deepEqual(pairs(h), [["a", "20"], ["b", "3"], ["c", "30"]]);
  assert.equal(h.encoding(), "listpack");
  assert.equal(h.size, 3);
  assert.equal(h.get("b"), "3");
  assert.equal(h.get("zz"), undefined);
  assert.equal(h.has("a"), true);
});

Deno.test("hash: converts to hashtable on too many entries or long strings, never back", () => {
  const h = new HashValue();
  for (let i = 0; i < 4; i++) h.set(`f${i}`, "v", LIMITS);
  assert.equal(h.encoding(), "listpack");
  h.set("f4", "v", LIMITS);
  assert.equal(h.encoding(), "hashtable");
  for (let i = 0; i < 5; i++) h.delete(`f${i}`);
  assert.equal(h.size, 0);
  assert.equal(h.encoding(), "hashtable");

  const longValue = new HashValue();
  longValue.set("f", "123456789", LIMITS);
  assert.equal(longValue.encoding(), "hashtable");
  const longField = new HashValue();
  longField.set("123456789", "v", LIMITS);
  assert.equal(longField.encoding(), "hashtable");
  const exact = new HashValue();
  exact.set("12345678", "12345678", LIMITS);
  assert.equal(exact.encoding(), "listpack");
});

Deno.test("hash: hashtable deletes keep every other field reachable", () => {
  const h = new HashValue();
  for (let i = 0; i < 100; i++) h.set(`f${i}`, `v${i}`, LIMITS);
  for (let i = 0; i < 100; i += 3) assert.equal(h.delete(`f${i}`), true);
  for (let i = 0; i < 100; i++) {
    assert.equal(h.get(`f${i}`), i % 3 === 0 ? undefined : `v${i}`);
  }
  assert.equal(h.size, 66);
  for (let slot = 0; slot < h.size; slot++) {
    assert.equal(h.slotOf(h.fieldAt(slot)), slot);
    assert.equal(h.valueAt(slot), h.get(h.fieldAt(slot)));
  }
});

Deno.test("hash: clone is deep", () => {
  const h = new HashValue();
  for (let i = 0; i < 10; i++) h.set(`f${i}`, "v", LIMITS);
  const copy = h.clone();
  copy.set("f0", "changed", LIMITS);
  copy.delete("f1");
  assert.equal(h.get("f0"), "v");
  assert.equal(h.get("f1"), "v");
  assert.equal(copy.encoding(), h.encoding());
  assert.equal(copy.size, 9);
});

Deno.test("hash: a listpack scan returns everything with cursor 0", () => {
  const h = new HashValue();
  h.set("a", "1", LIMITS);
  h.set("b", "2", LIMITS);
  const seen: string[] = [];
  assert.equal(h.scan(12345, 1, (f, v) => seen.push(f + v)), 0);
  assert.deepEqual(seen, ["a1", "b2"]);
});

Deno.test("hash: a hashtable scan walks in COUNT-sized steps to cursor 0", () => {
  const h = new HashValue();
  for (let i = 0; i < 50; i++) h.set(`f${i}`, "v", LIMITS);
  const seen = new Set<string>();
  let cursor = 0;
  let calls = 0;
  do {
    const before = seen.size;
    cursor = h.scan(cursor, 7, (f) => seen.add(f));
    assert.ok(seen.size - before <= 7);
    calls++;
  } while (cursor !== 0);
  assert.equal(seen.size, 50);
  assert.equal(calls, 8);
});

Deno.test("hash: random slots cover every field", () => {
  const h = new HashValue();
  for (let i = 0; i < 20; i++) h.set(`f${i}`, "v", LIMITS);
  const rand = seededRandom(7);
  const hits = new Set<string>();
  for (let i = 0; i < 2000; i++) hits.add(h.fieldAt(h.randomSlot(rand)));
  assert.equal(hits.size, 20);
});
