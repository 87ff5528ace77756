import assert from "node:assert/strict";
import fc from "fast-check";
import { ManualClock } from "../../src/engine/clock.ts";
import { Database, type KeyspaceObserver } from "../../src/store/database.ts";
import { KeyOrder } from "../../src/store/key_order.ts";

const observer: KeyspaceObserver = { keyModified() {}, keyExpired() {} };

type Op =
  | { kind: "add"; key: number }
  | { kind: "delete"; key: number }
  | { kind: "overwrite"; key: number }
  | { kind: "rename"; from: number; to: number }
  | { kind: "bulkAdd"; n: number };

const keyId = fc.integer({ min: 0, max: 400 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: keyId.map((key) => ({ kind: "add" as const, key })) },
  { weight: 4, arbitrary: keyId.map((key) => ({ kind: "delete" as const, key })) },
  { weight: 2, arbitrary: keyId.map((key) => ({ kind: "overwrite" as const, key })) },
  {
    weight: 2,
    arbitrary: fc.tuple(keyId, keyId).map(([from, to]) => ({ kind: "rename" as const, from, to })),
  },
  // enough fresh keys at once to push the index past its compaction threshold
  {
    weight: 1,
    arbitrary: fc.integer({ min: 500, max: 3000 }).map((n) => ({ kind: "bulkAdd" as const, n })),
  },
);

Deno.test("property: SCAN returns every key present for the whole scan exactly once", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(keyId, { maxLength: 300 }),
      fc.array(fc.array(op, { maxLength: 6 }), { maxLength: 80 }),
      fc.integer({ min: 1, max: 25 }),
      (initial, rounds, count) => {
        const db = new Database(0, new ManualClock(0), observer);
        for (const k of initial) db.set(`k${k}`, "v");
        const touched = new Set<string>(); // deleted or renamed away at some point
        const everPresent = new Set<string>(db.data.keys());
        let bulk = 0;
        const apply = (o: Op) => {
          switch (o.kind) {
            case "add":
              db.set(`k${o.key}`, "v");
              break;
            case "delete":
              db.delete(`k${o.key}`);
              touched.add(`k${o.key}`);
              break;
            case "overwrite":
              if (db.data.has(`k${o.key}`)) db.set(`k${o.key}`, "w");
              break;
            case "rename": {
              const from = `k${o.from}`;
              const to = `k${o.to}`;
              if (!db.data.has(from) || from === to) break;
              db.delete(to);
              db.attach(to, db.detach(from)!);
              touched.add(from);
              touched.add(to);
              break;
            }
            case "bulkAdd":
              for (let i = 0; i < o.n; i++) db.set(`bulk${bulk++}`, "v");
              // and drop most of them again, leaving stale slots behind
              for (let i = bulk - o.n; i < bulk - 10; i++) db.delete(`bulk${i}`);
              break;
          }
          for (const k of db.data.keys()) everPresent.add(k);
        };

        const returned = new Map<string, number>();
        let cursor = 0;
        let steps = 0;
        do {
          cursor = db.scan(cursor, count, (k) => returned.set(k, (returned.get(k) ?? 0) + 1));
          for (const o of rounds[steps] ?? []) apply(o);
          steps++;
          assert.ok(steps < 100_000, "scan did not terminate");
        } while (cursor !== 0);

        for (const k of initial.map((i) => `k${i}`)) {
          if (touched.has(k)) continue;
          assert.equal(returned.get(k), 1, `${k} was present throughout`);
        }
        for (const k of returned.keys()) assert.ok(everPresent.has(k), `${k} never existed`);
      },
    ),
    { numRuns: 150 },
  );
});

Deno.test("property: random draws only live keys, and finds one whenever one exists", () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.boolean(), keyId), { maxLength: 400 }),
      fc.integer(),
      (ops, seed) => {
        const source = new Map<string, { seq: number }>();
        const order = new KeyOrder(source);
        let state = seed;
        const rand = () => {
          state = (state * 1103515245 + 12345) & 0x7fffffff;
          return state / 0x80000000;
        };
        for (const [add, id] of ops) {
          const key = `k${id}`;
          if (add && !source.has(key)) {
            const e = { seq: 0 };
            source.set(key, e);
            order.added(key, e);
          } else if (!add) {
            source.delete(key);
          }
          const drawn = order.random(rand);
          if (source.size === 0) assert.equal(drawn, undefined);
          else assert.ok(drawn !== undefined && source.has(drawn));
        }
      },
    ),
    { numRuns: 100 },
  );
});
