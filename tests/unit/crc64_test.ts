import assert from "node:assert/strict";
import { Crc64, crc64 } from "../../src/persistence/crc64.ts";

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

Deno.test("crc64: the Jones polynomial check value", () => {
  assert.equal(crc64(ascii("123456789")), 0xe9c6d914c4b8d9can);
  assert.equal(crc64(new Uint8Array(0)), 0n);
});

Deno.test("crc64: incremental updates equal one pass, at every split", () => {
  const data = new Uint8Array(300);
  for (let i = 0; i < data.length; i++) data[i] = (i * 131 + 7) & 0xff;
  const whole = crc64(data);
  for (const split of [0, 1, 7, 8, 9, 63, 150, 299, 300]) {
    const c = new Crc64();
    c.update(data, 0, split);
    c.update(data, split);
    assert.equal(c.value(), whole, `split at ${split}`);
  }
  // byte by byte exercises only the single-byte table
  const c = new Crc64();
  for (let i = 0; i < data.length; i++) c.update(data, i, i + 1);
  assert.equal(c.value(), whole);
});

Deno.test("crc64: little-endian footer bytes", () => {
  const c = new Crc64();
  c.update(ascii("123456789"));
  assert.deepEqual([...c.bytesLE()], [0xca, 0xd9, 0xb8, 0xc4, 0x14, 0xd9, 0xc6, 0xe9]);
  assert.ok(c.matchesLE(c.bytesLE(), 0));
});

Deno.test("crc64: matches the footer of a DUMP payload written by Redis 7.0", () => {
  // DUMP of the list [x, 1, 2] from redis-server 7.0.15: type, quicklist, version 10, crc
  const payload = Uint8Array.from([
    0x12,
    0x01,
    0x02,
    0x0e,
    0x0e,
    0x00,
    0x00,
    0x00,
    0x03,
    0x00,
    0x81,
    0x78,
    0x02,
    0x01,
    0x01,
    0x02,
    0x01,
    0xff,
    0x0a,
    0x00,
    0x1f,
    0x6b,
    0xfa,
    0xbf,
    0xe0,
    0xe4,
    0x37,
    0xd4,
  ]);
  const c = new Crc64();
  c.update(payload, 0, payload.length - 8);
  assert.ok(c.matchesLE(payload, payload.length - 8));
});
