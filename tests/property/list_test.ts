/**
 * The ring-buffer list against a plain array: random sequences of every operation the list
 * commands use must leave both with the same elements, and return the same results.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { ListValue } from "../../src/store/list.ts";

type Op =
  | { op: "pushHead" | "pushTail"; v: string }
  | { op: "popHead" | "popTail" }
  | { op: "dropHead" | "dropTail"; n: number }
  | { op: "insertAt"; at: number; v: string }
  | { op: "set"; at: number; v: string }
  | { op: "remove"; v: string; limit: number; fromTail: boolean }
  | { op: "clone" }
  | { op: "bulkPush"; n: number };

// a small alphabet makes LREM and LINSERT pivots collide often
const value = fc.constantFrom("a", "b", "c", "", "\x00\xff");
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom("pushHead", "pushTail"), v: value }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom("popHead", "popTail") }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constantFrom("dropHead", "dropTail"),
      n: fc.nat({ max: 20 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant("insertAt"), at: fc.nat({ max: 200 }), v: value }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant("set"), at: fc.nat({ max: 200 }), v: value }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("remove"),
      v: value,
      limit: fc.nat({ max: 4 }),
      fromTail: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("clone") }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("bulkPush"), n: fc.nat({ max: 150 }) }) },
);

/** LREM on an array: up to limit matches (0 = all) from the head or the tail. */
function modelRemove(model: string[], v: string, limit: number, fromTail: boolean): number {
  let removed = 0;
  if (!fromTail) {
    for (let i = 0; i < model.length;) {
      if (model[i] === v && (limit === 0 || removed < limit)) {
        model.splice(i, 1);
        removed++;
      } else {
        i++;
      }
    }
  } else {
    for (let i = model.length - 1; i >= 0; i--) {
      if (model[i] === v && (limit === 0 || removed < limit)) {
        model.splice(i, 1);
        removed++;
      }
    }
  }
  return removed;
}

Deno.test("property: the list behaves like an array under random operation sequences", () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
      let list = new ListValue();
      const model: string[] = [];
      for (const o of ops) {
        switch (o.op) {
          case "pushHead":
            list.pushHead(o.v);
            model.unshift(o.v);
            break;
          case "pushTail":
            list.pushTail(o.v);
            model.push(o.v);
            break;
          case "popHead":
            assert.equal(list.popHead(), model.shift());
            break;
          case "popTail":
            assert.equal(list.popTail(), model.pop());
            break;
          case "dropHead":
            list.dropHead(o.n);
            model.splice(0, o.n);
            break;
          case "dropTail":
            list.dropTail(o.n);
            model.splice(Math.max(0, model.length - o.n), o.n);
            break;
          case "insertAt": {
            const at = o.at % (model.length + 1);
            list.insertAt(at, o.v);
            model.splice(at, 0, o.v);
            break;
          }
          case "set":
            if (model.length > 0) {
              const at = o.at % model.length;
              list.set(at, o.v);
              model[at] = o.v;
            }
            break;
          case "remove":
            assert.equal(
              list.remove(o.v, o.limit, o.fromTail),
              modelRemove(model, o.v, o.limit, o.fromTail),
            );
            break;
          case "clone":
            list = list.clone();
            break;
          case "bulkPush":
            for (let i = 0; i < o.n; i++) {
              list.pushTail(String(i % 3));
              model.push(String(i % 3));
            }
            break;
        }
        assert.equal(list.size, model.length);
      }
      assert.deepEqual(list.toArray(), model);
      for (let i = 0; i < model.length; i++) assert.equal(list.at(i), model[i]);
      const found = model.indexOf("a");
      assert.equal(list.indexOf("a"), found);
      if (model.length > 2) assert.deepEqual(list.slice(1, model.length - 2), model.slice(1, -1));
    }),
    { numRuns: 300 },
  );
});
