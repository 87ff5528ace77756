import assert from "node:assert/strict";
import { ListValue } from "../../src/store/list.ts";
import { parseTimeout } from "../../src/commands/timeout.ts";
import { CommandError } from "../../src/commands/errors.ts";

Deno.test("list: pushes and pops at both ends", () => {
  const l = new ListValue();
  assert.equal(l.size, 0);
  assert.equal(l.popHead(), undefined);
  assert.equal(l.popTail(), undefined);
  l.pushTail("b");
  l.pushHead("a");
  l.pushTail("c");
  assert.deepEqual(l.toArray(), ["a", "b", "c"]);
  assert.equal(l.popHead(), "a");
  assert.equal(l.popTail(), "c");
  assert.equal(l.popTail(), "b");
  assert.equal(l.size, 0);
});

Deno.test("list: mixed pushes and pops at both ends keep the order", () => {
  const l = new ListValue();
  const model: string[] = [];
  for (let i = 0; i < 1000; i++) {
    if (i % 3 === 0) {
      l.pushHead(`h${i}`);
      model.unshift(`h${i}`);
    } else {
      l.pushTail(`t${i}`);
      model.push(`t${i}`);
    }
    if (i % 7 === 0) assert.equal(l.popHead(), model.shift());
  }
  assert.deepEqual(l.toArray(), model);
  for (let i = 0; i < model.length; i++) assert.equal(l.at(i), model[i]);
  assert.deepEqual([...l], model);
});

Deno.test("list: shrinks after mass removal and keeps working", () => {
  const l = new ListValue();
  for (let i = 0; i < 10000; i++) l.pushTail(String(i));
  l.dropHead(9990);
  assert.deepEqual(l.toArray(), [
    "9990",
    "9991",
    "9992",
    "9993",
    "9994",
    "9995",
    "9996",
    "9997",
    "9998",
    "9999",
  ]);
  for (let i = 0; i < 8; i++) l.popTail();
  assert.deepEqual(l.toArray(), ["9990", "9991"]);
  l.pushHead("x");
  assert.deepEqual(l.toArray(), ["x", "9990", "9991"]);
  l.dropTail(100);
  assert.equal(l.size, 0);
});

Deno.test("list: set, insertAt near either end, indexOf", () => {
  const l = ListValue.from(["a", "b", "c", "d", "e"]);
  l.set(0, "A");
  l.set(4, "E");
  assert.deepEqual(l.toArray(), ["A", "b", "c", "d", "E"]);
  l.insertAt(1, "x"); // moves the head side
  l.insertAt(5, "y"); // moves the tail side
  l.insertAt(0, "first");
  l.insertAt(l.size, "last");
  assert.deepEqual(l.toArray(), ["first", "A", "x", "b", "c", "d", "y", "E", "last"]);
  assert.equal(l.indexOf("c"), 4);
  assert.equal(l.indexOf("zz"), -1);
});

Deno.test("list: remove from head, from tail, all, with limits", () => {
  const src = ["a", "b", "a", "c", "a", "b", "a"];
  let l = ListValue.from(src);
  assert.equal(l.remove("a", 2, false), 2);
  assert.deepEqual(l.toArray(), ["b", "c", "a", "b", "a"]);
  l = ListValue.from(src);
  assert.equal(l.remove("a", 3, true), 3);
  assert.deepEqual(l.toArray(), ["a", "b", "c", "b"]);
  l = ListValue.from(src);
  assert.equal(l.remove("a", 0, false), 4);
  assert.deepEqual(l.toArray(), ["b", "c", "b"]);
  assert.equal(l.remove("zz", 0, true), 0);
  assert.equal(l.remove("b", 0, true), 2);
  assert.deepEqual(l.toArray(), ["c"]);
});

Deno.test("list: slice, clone independence, binary elements, encoding", () => {
  const l = ListValue.from(["\x00", "\xff\xfe", "", "plain"]);
  assert.deepEqual(l.slice(1, 2), ["\xff\xfe", ""]);
  const copy = l.clone();
  copy.pushTail("more");
  copy.set(0, "changed");
  assert.deepEqual(l.toArray(), ["\x00", "\xff\xfe", "", "plain"]);
  assert.deepEqual(copy.toArray(), ["changed", "\xff\xfe", "", "plain", "more"]);
  assert.equal(l.type, "list");
  assert.equal(l.encoding(), "quicklist");
});

function timeoutError(arg: string): string {
  try {
    return `ok ${parseTimeout(arg)}`;
  } catch (e) {
    assert.ok(e instanceof CommandError);
    return e.message;
  }
}

Deno.test("blocking: timeouts are read as Redis 7.0 reads them (long double, ceil to ms)", () => {
  const cases: [string, string][] = [
    ["0", "ok 0"],
    ["1", "ok 1000"],
    ["1.5", "ok 1500"],
    ["0.1", "ok 100"],
    // 0.001 as a long double is a little below 0.001: 1000 times it rounds up to 1 ms, and
    // its negative rounds up to -0, which means "forever" (Redis blocks on "-0.001")
    ["0.001", "ok 1"],
    ["-0.001", "ok 0"],
    ["0.0001", "ok 1"],
    ["-0.0001", "ok 0"],
    ["-0", "ok 0"],
    ["0.0", "ok 0"],
    ["00", "ok 0"],
    ["1e-300", "ok 1"],
    ["-1e-300", "ok 0"],
    ["0x10", "ok 16000"],
    ["0x1p-10", "ok 1"],
    ["+2", "ok 2000"],
    ["1.", "ok 1000"],
    [".5", "ok 500"],
    ["9223372036854775", "ok 9223372036854775000"],
    // redis-server 7.0.15 reads the whole argument: a NUL byte anywhere is "not a float"
    ["1\x00junk", "ERR timeout is not a float or out of range"],
    ["-1", "ERR timeout is negative"],
    ["-0.5", "ERR timeout is negative"],
    ["-0.0011", "ERR timeout is negative"],
    ["inf", "ERR timeout is negative"],
    ["-Infinity", "ERR timeout is negative"],
    ["1e400", "ERR timeout is negative"],
    ["1e16", "ERR timeout is negative"],
    ["9223372036854775807", "ERR timeout is negative"],
    ["abc", "ERR timeout is not a float or out of range"],
    ["", "ERR timeout is not a float or out of range"],
    ["nan", "ERR timeout is not a float or out of range"],
    [" 1", "ERR timeout is not a float or out of range"],
    ["1 ", "ERR timeout is not a float or out of range"],
    ["1e", "ERR timeout is not a float or out of range"],
    ["0x", "ERR timeout is not a float or out of range"],
    [".", "ERR timeout is not a float or out of range"],
    ["1e-5000", "ERR timeout is not a float or out of range"],
    ["1e4933", "ERR timeout is not a float or out of range"],
    ["1".repeat(5120), "ERR timeout is not a float or out of range"],
  ];
  for (const [arg, expected] of cases) {
    assert.equal(timeoutError(arg), expected, `timeout ${JSON.stringify(arg.slice(0, 40))}`);
  }
});
