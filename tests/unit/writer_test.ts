import assert from "node:assert/strict";
import { bytesToBinary } from "../../src/lib/bytes.ts";
import { ReplyWriter } from "../../src/resp/writer.ts";

function render(resp: 2 | 3, fn: (w: ReplyWriter) => void): string {
  const w = new ReplyWriter(8);
  w.resp = resp;
  fn(w);
  return bytesToBinary(w.buf, 0, w.pos);
}

Deno.test("writer: protocol-dependent shapes", () => {
  const cases: [(w: ReplyWriter) => void, string, string][] = [
    [(w) => w.nullBulk(), "$-1\r\n", "_\r\n"],
    [(w) => w.nullArray(), "*-1\r\n", "_\r\n"],
    [(w) => w.map(2), "*4\r\n", "%2\r\n"],
    [(w) => w.set(3), "*3\r\n", "~3\r\n"],
    [(w) => w.push(2), "*2\r\n", ">2\r\n"],
    [(w) => w.bool(true), ":1\r\n", "#t\r\n"],
    [(w) => w.double(1.5), "$3\r\n1.5\r\n", ",1.5\r\n"],
    [(w) => w.double(Infinity), "$3\r\ninf\r\n", ",inf\r\n"],
    [(w) => w.verbatim("hi"), "$2\r\nhi\r\n", "=6\r\ntxt:hi\r\n"],
  ];
  for (const [fn, two, three] of cases) {
    assert.equal(render(2, fn), two);
    assert.equal(render(3, fn), three);
  }
});

Deno.test("writer: integers, including shared small ones, negatives and int64 extremes", () => {
  assert.equal(render(2, (w) => w.int(0)), ":0\r\n");
  assert.equal(render(2, (w) => w.int(9999)), ":9999\r\n");
  assert.equal(render(2, (w) => w.int(-42)), ":-42\r\n");
  assert.equal(render(2, (w) => w.int(9223372036854775807n)), ":9223372036854775807\r\n");
  assert.equal(render(2, (w) => w.int(-9223372036854775808n)), ":-9223372036854775808\r\n");
});

Deno.test("writer: bulk strings keep every byte; errors never carry CR/LF", () => {
  const all = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join("");
  assert.equal(render(2, (w) => w.bulk(all)), `$256\r\n${all}\r\n`);
  assert.equal(render(2, (w) => w.error("ERR a\r\nb")), "-ERR a  b\r\n");
});

Deno.test("writer: the buffer grows for large replies", () => {
  const big = "y".repeat(100_000);
  const out = render(2, (w) => {
    w.array(2);
    w.bulk(big);
    w.bulk(big);
  });
  assert.equal(out.length, 4 + 2 * (9 + 100_000 + 2));
});
