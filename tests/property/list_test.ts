/**
 * The packed list against a plain array: random sequences of every operation the list
 * commands use must leave both with the same elements, and return the same results. The
 * first property uses a few tiny values so LREM and LINSERT pivots collide; the second
 * uses enough elements, of every size class (1- and 2-byte lengths, plain nodes) and every
 * byte value, to cross node boundaries at both ends and in the middle.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { type BulkSink, ListValue } from "../../src/store/list.ts";

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

/** A binary string of n bytes that runs through every byte value from seed on. */
function bytesOf(n: number, seed: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode((seed + i * 7) & 255);
  return s;
}

// lengths around the 1/2-byte length prefix switch, the plain-node threshold and node size
const edgeLength = fc.constantFrom(0, 1, 127, 128, 129, 255, 256, 4095, 4096, 4097, 8188, 10000);
const sizedValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("a", "b", "", "\x00\xff") },
  {
    weight: 4,
    arbitrary: fc.record({ n: fc.nat({ max: 40 }), seed: fc.nat(255) }).map((r) =>
      bytesOf(r.n, r.seed)
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record({ n: fc.nat({ max: 10000 }), seed: fc.nat(255) }).map((r) =>
      bytesOf(r.n, r.seed)
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({ n: edgeLength, seed: fc.nat(255) }).map((r) => bytesOf(r.n, r.seed)),
  },
);

type BigOp =
  | { op: "pushHead" | "pushTail"; v: string }
  | { op: "bulkHead" | "bulkTail"; n: number; len: number; seed: number }
  | { op: "popHead" | "popTail"; n: number }
  | { op: "dropHead" | "dropTail"; n: number }
  | { op: "insertAt" | "set"; at: number; v: string }
  | { op: "remove"; v: string; pick: number | null; limit: number; fromTail: boolean }
  | { op: "read"; at: number; n: number; backwards: boolean }
  | { op: "clone"; keepOriginal: boolean };

const position = fc.nat({ max: 100_000 });
const bigOp: fc.Arbitrary<BigOp> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constantFrom("pushHead", "pushTail"), v: sizedValue }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constantFrom("bulkHead", "bulkTail"),
      n: fc.nat({ max: 1500 }),
      len: fc.oneof(fc.nat({ max: 30 }), fc.nat({ max: 300 }), edgeLength),
      seed: fc.nat(255),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constantFrom("popHead", "popTail"), n: fc.nat({ max: 50 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constantFrom("dropHead", "dropTail"),
      n: fc.nat({ max: 1000 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constantFrom("insertAt", "set"), at: position, v: sizedValue }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("remove"),
      v: sizedValue,
      // removing an element the list holds (picked by position) matches big ones too
      pick: fc.option(position),
      limit: fc.nat({ max: 4 }),
      fromTail: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("read"),
      at: position,
      n: fc.nat({ max: 700 }),
      backwards: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("clone"), keepOriginal: fc.boolean() }) },
);

/** Collects what writeRange sends, whichever way each element comes. */
function rangeOf(list: ListValue, start: number, count: number): string[] {
  const out: string[] = [];
  const sink: BulkSink = {
    bulk: (s) => out.push(s),
    bulkSlice: (b, from, to) => {
      let s = "";
      for (let i = from; i < to; i++) s += String.fromCharCode(b[i]);
      out.push(s);
    },
  };
  list.writeRange(start, count, sink);
  return out;
}

Deno.test("property: the list matches an array across node boundaries, sizes and bytes", () => {
  fc.assert(
    fc.property(fc.array(bigOp, { maxLength: 40 }), (ops) => {
      let list = new ListValue();
      let model: string[] = [];
      const frozen: [ListValue, string[]][] = [];
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
          case "bulkHead":
          case "bulkTail":
            for (let i = 0; i < o.n; i++) {
              // mostly o.len bytes, now and then a longer one, every byte value over the run
              const v = bytesOf(i % 97 === 0 ? o.len * 3 : o.len, o.seed + i);
              if (o.op === "bulkHead") {
                list.pushHead(v);
                model.unshift(v);
              } else {
                list.pushTail(v);
                model.push(v);
              }
            }
            break;
          case "popHead":
            for (let i = 0; i <= o.n; i++) assert.equal(list.popHead(), model.shift());
            break;
          case "popTail":
            for (let i = 0; i <= o.n; i++) assert.equal(list.popTail(), model.pop());
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
          case "remove": {
            const v = o.pick !== null && model.length > 0 ? model[o.pick % model.length] : o.v;
            assert.equal(
              list.remove(v, o.limit, o.fromTail),
              modelRemove(model, v, o.limit, o.fromTail),
            );
            break;
          }
          case "read": {
            if (model.length === 0) break;
            const start: number = o.at % model.length;
            const n: number = Math.min(o.n, model.length - start);
            assert.deepEqual(list.slice(start, n), model.slice(start, start + n));
            assert.deepEqual(rangeOf(list, start, n), model.slice(start, start + n));
            // consecutive reads in either direction, as LPOS and popping with a count do
            for (let i = 0; i < n; i++) {
              const idx: number = o.backwards ? start + n - 1 - i : start + i;
              assert.equal(list.at(idx), model[idx]);
            }
            if (model.length > 0) {
              assert.equal(list.indexOf(model[start]), model.indexOf(model[start]));
            }
            break;
          }
          case "clone": {
            const copy = list.clone();
            if (o.keepOriginal) {
              frozen.push([copy, model.slice()]);
            } else {
              frozen.push([list, model]);
              list = copy;
              model = model.slice();
            }
            break;
          }
        }
        assert.equal(list.size, model.length);
      }
      assert.deepEqual(list.toArray(), model);
      assert.deepEqual([...list], model);
      for (let i = model.length - 1; i >= 0; i -= 13) assert.equal(list.at(i), model[i]);
      for (const [l, m] of frozen) assert.deepEqual(l.toArray(), m);
    }),
    { numRuns: 150 },
  );
});
