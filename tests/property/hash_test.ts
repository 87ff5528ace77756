import assert from "node:assert/strict";
import fc from "fast-check";
import { HashValue } from "../../src/store/hash.ts";
import { seededRandom } from "../../src/engine/random.ts";
import { distinctSlots } from "../../src/store/scan_cursor.ts";

type Op =
  | { kind: "set"; field: number; value: string }
  | { kind: "delete"; field: number };

const fieldId = fc.integer({ min: 0, max: 60 });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(fieldId, fc.string({ maxLength: 12 })).map(([field, value]) => ({
      kind: "set" as const,
      field,
      value,
    })),
  },
  { weight: 2, arbitrary: fieldId.map((field) => ({ kind: "delete" as const, field })) },
);

const limitsArb = fc.record({
  hashMaxListpackEntries: fc.integer({ min: 0, max: 40 }),
  hashMaxListpackValue: fc.integer({ min: 0, max: 12 }),
});

Deno.test("property: a hash behaves like a Map, in Map order while listpack-encoded", () => {
  fc.assert(
    fc.property(limitsArb, fc.array(op, { maxLength: 300 }), (limits, ops) => {
      const h = new HashValue();
      const model = new Map<string, string>();
      let converted = false;
      for (const o of ops) {
        const field = `f${o.field}`;
        if (o.kind === "set") {
          const isNew = !model.has(field);
          model.set(field, o.value);
          assert.equal(h.set(field, o.value, limits), isNew);
          if (
            field.length > limits.hashMaxListpackValue ||
            o.value.length > limits.hashMaxListpackValue ||
            model.size > limits.hashMaxListpackEntries
          ) converted = true;
        } else {
          assert.equal(h.delete(field), model.delete(field));
        }
        assert.equal(h.size, model.size);
      }
      assert.equal(h.encoding(), converted ? "hashtable" : "listpack");
      const got: [string, string][] = [];
      h.forEach((f, v) => got.push([f, v]));
      const expected = [...model.entries()];
      if (converted) {
        got.sort();
        expected.sort();
      }
      assert.deepEqual(got, expected);
      for (let i = 0; i <= 60; i++) assert.equal(h.get(`f${i}`), model.get(`f${i}`));
    }),
  );
});

Deno.test("property: HSCAN returns every field present for the whole scan", () => {
  const limits = { hashMaxListpackEntries: 8, hashMaxListpackValue: 64 };
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { minLength: 9, maxLength: 200 }),
      fc.array(fc.array(op, { maxLength: 8 }), { maxLength: 60 }),
      fc.integer({ min: 1, max: 20 }),
      (initial, rounds, count) => {
        const h = new HashValue();
        for (const f of initial) h.set(`f${f}`, "v", limits);
        const touched = new Set<string>();
        const seen = new Set<string>();
        let cursor = 0;
        let round = 0;
        do {
          cursor = h.scan(cursor, count, (f) => seen.add(f));
          for (const o of rounds[round++] ?? []) {
            const field = `f${o.field}`;
            if (o.kind === "set") h.set(field, "w", limits);
            else if (h.delete(field)) touched.add(field);
          }
        } while (cursor !== 0);
        for (const f of initial) {
          const field = `f${f}`;
          if (!touched.has(field)) assert.ok(seen.has(field), `${field} was never returned`);
        }
      },
    ),
  );
});

Deno.test("property: random slots and distinct samples are uniform enough", () => {
  const limits = { hashMaxListpackEntries: 512, hashMaxListpackValue: 64 };
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 40 }),
      fc.integer({ min: 1, max: 1e6 }),
      (n, seed) => {
        const h = new HashValue();
        for (let i = 0; i < n; i++) h.set(`f${i}`, "v", limits);
        const rand = seededRandom(seed);
        const draws = 400 * n;
        const hits = new Array(n).fill(0);
        for (let i = 0; i < draws; i++) hits[h.randomSlot(rand)]++;
        // 400 expected per slot; 6 standard deviations is ~120
        for (const x of hits) assert.ok(Math.abs(x - 400) < 130, `slot drawn ${x} times`);
        const k = Math.max(1, Math.floor(n / 3));
        const picked = new Array(n).fill(0);
        const rounds = 300;
        for (let r = 0; r < rounds; r++) {
          for (const s of distinctSlots(n, k, rand)) picked[s]++;
        }
        const expected = (rounds * k) / n;
        const sd = Math.sqrt(rounds * (k / n) * (1 - k / n));
        for (const x of picked) assert.ok(Math.abs(x - expected) < 6 * sd + 1, `picked ${x}`);
      },
    ),
    { numRuns: 30 },
  );
});
