import assert from "node:assert/strict";
import { lzfCompress, lzfDecompress, LzfError } from "../../src/persistence/lzf.ts";

function roundTrip(data: Uint8Array): Uint8Array | null {
  const packed = lzfCompress(data, 0, data.length, data.length);
  if (packed === null) return null;
  assert.deepEqual(lzfDecompress(packed, 0, packed.length, data.length), data);
  return packed;
}

Deno.test("lzf: decodes Redis's compressed form of 50 'a's", () => {
  // from DUMP of SET big aaaa...(50) on redis-server 7.0.15
  const packed = Uint8Array.from([0x01, 0x61, 0x61, 0xe0, 0x25, 0x00, 0x01, 0x61, 0x61]);
  assert.deepEqual(lzfDecompress(packed, 0, packed.length, 50), new Uint8Array(50).fill(0x61));
});

Deno.test("lzf: round trips repetitive, random and mixed data", () => {
  const runs = new Uint8Array(10000).fill(7);
  const packed = roundTrip(runs)!;
  assert.ok(packed.length < 200, `long runs compress well (${packed.length})`);
  const text = new TextEncoder().encode(
    "the quick brown fox jumps over the lazy dog. ".repeat(200),
  );
  assert.ok(roundTrip(text)!.length < text.length / 5);
  // long distance repeats beyond the 8 KiB window still round trip
  const wide = new Uint8Array(40000);
  for (let i = 0; i < wide.length; i++) wide[i] = (i % 9000) * 7 & 0xff;
  roundTrip(wide);
  let seed = 1;
  const rnd = new Uint8Array(5000).map(() =>
    (seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16
  );
  assert.equal(roundTrip(rnd), null, "random data does not fit in its own size");
  const mixed = new Uint8Array(6000);
  mixed.set(rnd.subarray(0, 3000));
  mixed.fill(42, 3000);
  roundTrip(mixed);
});

Deno.test("lzf: respects the output bound, and every bound that fits round trips", () => {
  const data = new TextEncoder().encode("abcabcabcabcabcabcabcabcabcabc-xyz-abcabcabc");
  const best = lzfCompress(data, 0, data.length, data.length)!;
  assert.equal(lzfCompress(data, 0, data.length, best.length - 1), null);
  const exact = lzfCompress(data, 0, data.length, best.length)!;
  assert.deepEqual(lzfDecompress(exact, 0, exact.length, data.length), data);
  // compressing a window inside a larger buffer
  const framed = new Uint8Array(data.length + 10);
  framed.set(data, 5);
  const inner = lzfCompress(framed, 5, 5 + data.length, data.length)!;
  assert.deepEqual(lzfDecompress(inner, 0, inner.length, data.length), data);
});

Deno.test("lzf: malformed input is rejected", () => {
  // reference before the start
  assert.throws(() => lzfDecompress(Uint8Array.from([0x20, 0x05]), 0, 2, 3), LzfError);
  // literal run past the end
  assert.throws(() => lzfDecompress(Uint8Array.from([0x05, 0x61]), 0, 2, 6), LzfError);
  // declared length too long and too short
  assert.throws(() => lzfDecompress(Uint8Array.from([0x00, 0x61]), 0, 2, 2), LzfError);
  assert.throws(() => lzfDecompress(Uint8Array.from([0x01, 0x61, 0x62]), 0, 3, 1), LzfError);
  // truncated back reference
  assert.throws(() => lzfDecompress(Uint8Array.from([0x00, 0x61, 0xe0]), 0, 3, 20), LzfError);
});
