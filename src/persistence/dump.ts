/**
 * DUMP payloads: one value in RDB form, then the RDB version (2 bytes, little-endian) and a
 * CRC-64 of everything before it (8 bytes, little-endian). The same bytes Redis 7.0 produces
 * and accepts, so payloads move between respire and Redis in both directions.
 */
import type { Value } from "../store/types.ts";
import { ByteSink, ByteSource, FormatError } from "./bytes_io.ts";
import { Crc64 } from "./crc64.ts";
import { RDB_VERSION } from "./rdb_format.ts";
import { readValue, type ValueLimits, writeValue } from "./rdb_value.ts";

const FOOTER = 10;

export function createDumpPayload(v: Value, compress: boolean, listNodeSize: number): Uint8Array {
  const out = new ByteSink(64);
  writeValue(out, v, compress, listNodeSize);
  out.u16le(RDB_VERSION);
  const crc = new Crc64();
  crc.update(out.buf, 0, out.pos);
  out.bytes(crc.bytesLE());
  return out.copy();
}

/** True when the payload's version is one this server reads and its checksum is right. */
export function verifyDumpPayload(p: Uint8Array): boolean {
  if (p.length < FOOTER) return false;
  const footer = p.length - FOOTER;
  const version = p[footer] | (p[footer + 1] << 8);
  if (version > RDB_VERSION) return false;
  const crc = new Crc64();
  crc.update(p, 0, p.length - 8);
  return crc.matchesLE(p, p.length - 8);
}

/**
 * The value in a verified payload. Throws FormatError when it cannot be read (malformed, a
 * type respire does not have, or an empty collection).
 */
export function readDumpPayload(p: Uint8Array, limits: ValueLimits): Value {
  // Redis reads the value from the whole payload, footer included: a value that runs into
  // the footer still loads there, so it does here too
  const src = new ByteSource(p, 0, p.length);
  const type = src.byte();
  const v = readValue(src, type, limits);
  if (v === null) throw new FormatError("empty value");
  return v;
}
