import assert from "node:assert/strict";
import { ManualClock } from "../../src/engine/clock.ts";
import { seededRandom } from "../../src/engine/random.ts";
import { Database, type KeyspaceObserver } from "../../src/store/database.ts";
import type { CollectionValue } from "../../src/store/types.ts";

class FakeList implements CollectionValue {
  readonly type = "list";
  constructor(public items: string[]) {}
  encoding(): string {
    return "listpack";
  }
  get size(): number {
    return this.items.length;
  }
  clone(): FakeList {
    return new FakeList([...this.items]);
  }
}

function setup(): { clock: ManualClock; expired: string[]; db: Database; other: Database } {
  const clock = new ManualClock(1_000_000);
  const expired: string[] = [];
  const observer: KeyspaceObserver = {
    keyModified() {},
    keyExpired(_db, key) {
      expired.push(key);
    },
  };
  return {
    clock,
    expired,
    db: new Database(0, clock, observer),
    other: new Database(1, clock, observer),
  };
}

Deno.test("database: set keeps the entry and drops the TTL unless asked", () => {
  const { db, clock } = setup();
  const e = db.set("k", "v");
  db.setExpire("k", clock.now() + 1000);
  assert.equal(db.volatile.size, 1);
  e.strEncoding = "raw";
  assert.equal(db.set("k", "w", true), e);
  assert.equal(e.expireAt, clock.now() + 1000);
  assert.equal(e.strEncoding, null);
  db.set("k", "x");
  assert.equal(e.expireAt, 0);
  assert.equal(db.volatile.size, 0);
});

Deno.test("database: lazy expiry reclaims on access and tells the observer", () => {
  const { db, clock, expired } = setup();
  db.set("k", "v");
  db.setExpire("k", clock.now() + 10);
  assert.equal(db.get("k"), "v");
  clock.advance(10);
  assert.equal(db.get("k"), undefined);
  assert.equal(db.size, 0);
  assert.equal(db.volatile.size, 0);
  assert.deepEqual(expired, ["k"]);
  assert.equal(db.persist("k"), false);
});

Deno.test("database: expiry times beyond 2^53 are kept exactly", () => {
  const { db } = setup();
  const e = db.set("k", "v");
  db.setExpire("k", 9223372036854775000n);
  assert.equal(db.expireTime(e), 9223372036854775000n);
  assert.equal(e.expireAt, Number(9223372036854775000n));
  db.setExpire("k", 5000);
  assert.equal(db.expireTime(e), 5000);
  // a direct write of the rounded field does not resurrect the old exact value
  db.setExpire("k", 9223372036854775000n);
  e.expireAt = 2 ** 60;
  assert.equal(db.expireTime(e), 2n ** 60n);
});

Deno.test("database: detach and attach move an entry with its TTL and LRU data", () => {
  const { db, other, clock } = setup();
  const value = new FakeList(["a", "b"]);
  const e = db.set("k", value);
  e.lru = 1234;
  db.setExpire("k", clock.now() + 5000);
  const moved = db.detach("k")!;
  assert.equal(db.size, 0);
  assert.equal(db.volatile.size, 0);
  other.attach("k2", moved);
  assert.equal(other.get("k2"), value);
  assert.equal(other.entry("k2")!.lru, 1234);
  assert.equal(other.volatile.get("k2"), moved);
  assert.equal(db.detach("missing"), undefined);
});

Deno.test("database: swapContents exchanges keys, TTLs and scan order", () => {
  const { db, other, clock } = setup();
  db.set("a", "1");
  db.setExpire("a", clock.now() + 100);
  other.set("b", "2");
  db.swapContents(other);
  assert.equal(db.id, 0);
  assert.equal(db.get("b"), "2");
  assert.equal(db.get("a"), undefined);
  assert.equal(other.get("a"), "1");
  assert.equal(other.volatile.size, 1);
  const seen: string[] = [];
  other.scan(0, 100, (k) => seen.push(k));
  assert.deepEqual(seen, ["a"]);
  db.set("c", "3");
  seen.length = 0;
  db.scan(0, 100, (k) => seen.push(k));
  assert.deepEqual(seen, ["b", "c"]);
  clock.advance(100);
  assert.equal(other.activeExpire(performance.now() + 100), 1);
  assert.equal(other.size, 0);
});

Deno.test("database: randomKey skips and reclaims expired keys until a live one", () => {
  const { db, clock } = setup();
  const rand = seededRandom(7);
  assert.equal(db.randomKey(rand), undefined);
  for (let i = 0; i < 500; i++) {
    db.set(`dead${i}`, "v");
    db.setExpire(`dead${i}`, clock.now() + 1);
  }
  db.set("live", "v");
  clock.advance(1);
  assert.equal(db.randomKey(rand), "live");
  db.delete("live");
  assert.equal(db.randomKey(rand), undefined);
  assert.equal(db.size, 0);
});

Deno.test("database: scan steps are bounded by keys and by examined slots", () => {
  const { db } = setup();
  for (let i = 0; i < 100; i++) db.set(`k${i}`, "v");
  const seen: string[] = [];
  let cursor = db.scan(0, 10, (k) => seen.push(k));
  assert.equal(seen.length, 10);
  assert.notEqual(cursor, 0);
  // delete everything after the cursor but one: the slots left behind cost effort
  for (let i = 10; i < 99; i++) db.delete(`k${i}`);
  const later: string[] = [];
  cursor = db.scan(cursor, 1, (k) => later.push(k));
  assert.equal(later.length, 0);
  assert.notEqual(cursor, 0);
  while (cursor !== 0) cursor = db.scan(cursor, 1, (k) => later.push(k));
  assert.deepEqual(later, ["k99"]);
});

Deno.test("database: activeExpire reclaims keys nobody reads", () => {
  const { db, clock, expired } = setup();
  for (let i = 0; i < 1000; i++) {
    db.set(`k${i}`, "v");
    if (i % 2 === 0) db.setExpire(`k${i}`, clock.now() + 50);
  }
  assert.equal(db.activeExpire(performance.now() + 100), 0);
  clock.advance(50);
  let removed = 0;
  while (db.volatile.size > 0) removed += db.activeExpire(performance.now() + 100);
  assert.equal(removed, 500);
  assert.equal(db.size, 500);
  assert.equal(expired.length, 500);
  assert.equal(db.expiredKeys, 500);
});

Deno.test("database: clear empties everything and old cursors do not skip new keys", () => {
  const { db } = setup();
  for (let i = 0; i < 20; i++) db.set(`k${i}`, "v");
  const cursor = db.scan(0, 5, () => {});
  db.clear();
  assert.equal(db.size, 0);
  db.set("fresh", "v");
  const seen: string[] = [];
  db.scan(cursor, 100, (k) => seen.push(k));
  assert.deepEqual(seen, ["fresh"]);
});
