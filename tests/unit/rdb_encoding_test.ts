import assert from "node:assert/strict";
import { ByteSink, ByteSource, FormatError } from "../../src/persistence/bytes_io.ts";
import { decodeIntset, encodeIntset } from "../../src/persistence/intset.ts";
import { decodeListpack, encodeListpack } from "../../src/persistence/listpack.ts";
import {
  readLength,
  readString,
  readStringBytes,
  writeBytes,
  writeLength,
  writeString,
} from "../../src/persistence/rdb_format.ts";
import { decodeZiplist, decodeZipmap } from "../../src/persistence/ziplist.ts";

const bytes = (...b: number[]) => Uint8Array.from(b);
const bin = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function encoded(write: (out: ByteSink) => void): number[] {
  const out = new ByteSink(4);
  write(out);
  return [...out.view()];
}

Deno.test("rdb lengths: each width, and reading them back", () => {
  assert.deepEqual(encoded((o) => writeLength(o, 0)), [0]);
  assert.deepEqual(encoded((o) => writeLength(o, 63)), [63]);
  assert.deepEqual(encoded((o) => writeLength(o, 64)), [0x40, 64]);
  assert.deepEqual(encoded((o) => writeLength(o, 16383)), [0x7f, 0xff]);
  assert.deepEqual(encoded((o) => writeLength(o, 16384)), [0x80, 0, 0, 0x40, 0]);
  assert.deepEqual(encoded((o) => writeLength(o, 2 ** 32)), [0x81, 0, 0, 0, 1, 0, 0, 0, 0]);
  for (const n of [0, 1, 63, 64, 300, 16383, 16384, 70000, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 5]) {
    const b = encoded((o) => writeLength(o, n));
    assert.equal(readLength(new ByteSource(Uint8Array.from(b))), n);
  }
});

Deno.test("rdb strings: integer, raw and LZF forms as Redis writes them", () => {
  assert.deepEqual(encoded((o) => writeString(o, "1", true)), [0xc0, 1]);
  assert.deepEqual(encoded((o) => writeString(o, "-128", true)), [0xc0, 0x80]);
  assert.deepEqual(encoded((o) => writeString(o, "1000", true)), [0xc1, 0xe8, 0x03]);
  assert.deepEqual(encoded((o) => writeString(o, "-70000", true)), [0xc2, 0x90, 0xee, 0xfe, 0xff]);
  // not canonical or beyond 32 bits: raw
  for (const s of ["01", "-0", "+1", "2147483648", "12345678901", " 1", ""]) {
    assert.deepEqual(encoded((o) => writeString(o, s, true)), [s.length, ...bin(s)], s);
  }
  // 50 bytes compress; 20 bytes are never tried
  const long = "a".repeat(50);
  const packed = encoded((o) => writeString(o, long, true));
  assert.equal(packed[0], 0xc3);
  assert.ok(packed.length < 20);
  assert.deepEqual(encoded((o) => writeString(o, long, false)), [50, ...bin(long)]);
  assert.deepEqual(encoded((o) => writeString(o, "b".repeat(20), true))[0], 20);
  for (const s of ["1", "-128", "1000", "-70000", "2147483647", "01", long, "x\u00ff\u0000y"]) {
    const b = Uint8Array.from(encoded((o) => writeString(o, s, true)));
    assert.equal(readString(new ByteSource(b)), s);
    assert.deepEqual(readStringBytes(new ByteSource(b)), bin(s));
  }
  // a blob that does not compress stays raw
  const noise = new Uint8Array(64).map((_, i) => (i * 97 + 13) & 0xff);
  const raw = encoded((o) => writeBytes(o, noise, true));
  assert.deepEqual(raw.slice(0, 2), [0x40, 64]);
  assert.deepEqual(readStringBytes(new ByteSource(Uint8Array.from(raw))), noise);
});

Deno.test("rdb strings: Redis's LZF string decodes", () => {
  const fromRedis = bytes(0xc3, 0x09, 0x32, 0x01, 0x61, 0x61, 0xe0, 0x25, 0x00, 0x01, 0x61, 0x61);
  assert.equal(readString(new ByteSource(fromRedis)), "a".repeat(50));
  assert.throws(() => readString(new ByteSource(bytes(0xc3, 0x09, 0x32, 0x01))), FormatError);
});

Deno.test("listpack: encodes exactly as Redis 7.0 (hash f1=v1 f2=12)", () => {
  const fromRedis = bytes(
    0x15,
    0,
    0,
    0,
    0x04,
    0,
    0x82,
    0x66,
    0x31,
    0x03,
    0x82,
    0x76,
    0x31,
    0x03,
    0x82,
    0x66,
    0x32,
    0x03,
    0x0c,
    0x01,
    0xff,
  );
  assert.deepEqual(encodeListpack(["f1", "v1", "f2", "12"]), fromRedis);
  assert.deepEqual(decodeListpack(fromRedis), ["f1", "v1", "f2", "12"]);
});

Deno.test("listpack: every integer width and string length round trips", () => {
  const items = [
    "0",
    "127",
    "128",
    "-1",
    "4095",
    "-4096",
    "4096",
    "32767",
    "-32768",
    "32768",
    "8388607",
    "-8388608",
    "8388608",
    "2147483647",
    "-2147483648",
    "2147483648",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "-0",
    "007",
    "1.5",
    "",
    "x".repeat(63),
    "y".repeat(64),
    "z".repeat(4095),
    "w".repeat(4096),
    "v".repeat(20000),
    "\u0000\u00ff",
  ];
  const lp = encodeListpack(items);
  assert.deepEqual(decodeListpack(lp), items);
  // 13-bit and 7-bit forms are used where they fit
  assert.deepEqual([...encodeListpack(["-1"]).subarray(6, 9)], [0xdf, 0xff, 0x02]);
  assert.deepEqual([...encodeListpack(["5"]).subarray(6, 8)], [0x05, 0x01]);
});

Deno.test("listpack: malformed blobs are rejected", () => {
  const good = encodeListpack(["a", "b"]);
  const badCount = good.slice();
  badCount[4] = 3;
  assert.throws(() => decodeListpack(badCount), FormatError);
  const badBacklen = good.slice();
  badBacklen[8] = 9;
  assert.throws(() => decodeListpack(badBacklen), FormatError);
  assert.throws(() => decodeListpack(good.subarray(0, good.length - 1)), FormatError);
});

Deno.test("intset: Redis's blob decodes; encoding picks the narrowest width", () => {
  // SADD s 1 2 -3 70000 on redis-server 7.0.15 (width 4)
  const fromRedis = bytes(
    4,
    0,
    0,
    0,
    4,
    0,
    0,
    0,
    0xfd,
    0xff,
    0xff,
    0xff,
    1,
    0,
    0,
    0,
    2,
    0,
    0,
    0,
    0x70,
    0x11,
    1,
    0,
  );
  assert.deepEqual(decodeIntset(fromRedis), ["-3", "1", "2", "70000"]);
  assert.deepEqual(encodeIntset(["-3", "1", "2", "70000"]), fromRedis);
  assert.deepEqual([...encodeIntset(["1", "2"]).subarray(0, 4)], [2, 0, 0, 0]);
  const wide = ["-9223372036854775808", "0", "9223372036854775807"];
  assert.deepEqual(decodeIntset(encodeIntset(wide)), wide);
  const unsorted = encodeIntset(["1", "2"]);
  unsorted[8] = 5;
  assert.throws(() => decodeIntset(unsorted), FormatError);
});

/** A ziplist built by hand from the format description. */
function ziplist(entries: number[][]): Uint8Array {
  const body: number[] = [];
  let prev = 0;
  for (const e of entries) {
    const head = prev < 254 ? [prev] : [254, prev & 0xff, (prev >> 8) & 0xff, prev >> 16, 0];
    body.push(...head, ...e);
    prev = head.length + e.length;
  }
  const total = 10 + body.length + 1;
  return Uint8Array.from([
    total & 0xff,
    total >> 8,
    0,
    0,
    0,
    0,
    0,
    0,
    entries.length,
    0,
    ...body,
    0xff,
  ]);
}

Deno.test("ziplist: strings and every integer encoding decode", () => {
  const long = "s".repeat(300);
  const zl = ziplist([
    [0x03, ...bin("abc")],
    [0x40 | 1, 300 & 0xff, ...bin(long)],
    [0xf1], // 0
    [0xfd], // 12
    [0xfe, 0x80], // int8 -128
    [0xc0, 0x00, 0x80], // int16 -32768
    [0xf0, 0xff, 0xff, 0x7f], // int24 8388607
    [0xd0, 0xff, 0xff, 0xff, 0x7f], // int32
    [0xe0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // int64 -1
    [0x80, 0, 0, 0, 2, ...bin("hi")], // 32-bit length string
  ]);
  assert.deepEqual(decodeZiplist(zl), [
    "abc",
    long,
    "0",
    "12",
    "-128",
    "-32768",
    "8388607",
    "2147483647",
    "-1",
    "hi",
  ]);
  const broken = zl.slice();
  broken[10 + 1 + 4] = 7; // second entry's prevlen
  assert.throws(() => decodeZiplist(broken), FormatError);
});

Deno.test("zipmap: pairs with free space decode", () => {
  const zm = bytes(
    2,
    3,
    ...bin("foo"),
    3,
    0,
    ...bin("bar"),
    5,
    ...bin("hello"),
    5,
    2,
    ...bin("world"),
    0,
    0,
    0xff,
  );
  assert.deepEqual(decodeZipmap(zm), ["foo", "bar", "hello", "world"]);
});
