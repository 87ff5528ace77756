import assert from "node:assert/strict";
import fc from "fast-check";
import { compareIntTexts, isIntsetMember, SetValue } from "../../src/store/set.ts";
import { seededRandom } from "../../src/engine/random.ts";

type Op =
  | { kind: "add"; member: string }
  | { kind: "delete"; member: string }
  | { kind: "pop" };

// a small space mixing integers (intset candidates) with other texts
const member = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -50, max: 50 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom("a", "b", "07", "-0", "+1", "9223372036854775808") },
  {
    weight: 1,
    arbitrary: fc.constantFrom("9223372036854775807", "-9223372036854775808", "1000000"),
  },
);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: member.map((m) => ({ kind: "add" as const, member: m })) },
  { weight: 2, arbitrary: member.map((m) => ({ kind: "delete" as const, member: m })) },
  { weight: 1, arbitrary: fc.constant({ kind: "pop" as const }) },
);

Deno.test("property: a set behaves like a Set; an intset iterates in ascending order", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 40 }),
      fc.array(op, { maxLength: 300 }),
      fc.integer(),
      (maxIntset, ops, seed) => {
        const s = new SetValue();
        const model = new Set<string>();
        const rand = seededRandom(seed);
        let converted = false;
        for (const o of ops) {
          if (o.kind === "add") {
            assert.equal(s.add(o.member, maxIntset), !model.has(o.member));
            model.add(o.member);
            if (!isIntsetMember(o.member) || model.size > maxIntset) converted = true;
          } else if (o.kind === "delete") {
            assert.equal(s.delete(o.member), model.delete(o.member));
          } else if (model.size > 0) {
            const m = s.popRandom(rand);
            assert.ok(model.delete(m), `popped ${m}, not a member`);
          }
          assert.equal(s.size, model.size);
        }
        assert.equal(s.encoding(), converted ? "hashtable" : "intset");
        const got = s.toArray();
        if (!converted) {
          assert.deepEqual(got, [...model].sort(compareIntTexts));
        } else {
          assert.deepEqual([...got].sort(), [...model].sort());
        }
        for (const m of model) assert.ok(s.has(m));
        for (let slot = 0; slot < s.size; slot++) assert.equal(s.slotOf(s.memberAt(slot)), slot);
      },
    ),
  );
});

Deno.test("property: SSCAN returns every member present for the whole scan", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 250 }),
      fc.array(fc.array(op, { maxLength: 8 }), { maxLength: 60 }),
      fc.integer({ min: 1, max: 20 }),
      fc.integer(),
      (initial, rounds, count, seed) => {
        const s = new SetValue();
        s.add("not-an-integer", 512); // a hashtable, scanned in steps
        for (const m of initial) s.add(String(m), 512);
        const rand = seededRandom(seed);
        const touched = new Set<string>();
        const seen = new Set<string>();
        let cursor = 0;
        let round = 0;
        do {
          cursor = s.scan(cursor, count, (m) => seen.add(m));
          for (const o of rounds[round++] ?? []) {
            if (o.kind === "add") s.add(o.member, 512);
            else if (o.kind === "delete") {
              if (s.delete(o.member)) touched.add(o.member);
            } else if (s.size > 0) touched.add(s.popRandom(rand));
          }
        } while (cursor !== 0);
        for (const m of initial.map(String)) {
          if (!touched.has(m)) assert.ok(seen.has(m), `${m} was never returned`);
        }
      },
    ),
  );
});

Deno.test("property: SPOP draws every member with equal probability", () => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 30 }), fc.integer(), (n, seed) => {
      const rand = seededRandom(seed);
      const firstPops = new Map<string, number>();
      const rounds = 200 * n;
      const base = new SetValue();
      for (let i = 0; i < n; i++) base.add(`m${i}`, 512);
      for (let r = 0; r < rounds; r++) {
        const s = base.clone();
        const m = s.popRandom(rand);
        firstPops.set(m, (firstPops.get(m) ?? 0) + 1);
        assert.equal(s.size, n - 1);
      }
      assert.equal(firstPops.size, n);
      // 200 expected each; 6 standard deviations is below 90
      for (const x of firstPops.values()) assert.ok(Math.abs(x - 200) < 90, `popped ${x} times`);
    }),
    { numRuns: 20 },
  );
});
