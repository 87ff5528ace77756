/**
 * ReplyWriter encodes replies straight into one growing output buffer per read batch. Every
 * method knows the connection's protocol, so a command states the shape of its reply once
 * (map, set, double, null, ...) and gets RESP2 or RESP3 bytes by construction.
 */
import { formatDouble17g } from "../lib/numbers.ts";

const CRLF0 = 13;
const CRLF1 = 10;

function ascii(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

const OK = ascii("+OK\r\n");
const NULL_BULK = ascii("$-1\r\n");
const NULL_ARRAY = ascii("*-1\r\n");
const NULL3 = ascii("_\r\n");
const SHARED_INTS = 10000;
const sharedInts: Uint8Array[] = [];
for (let i = 0; i < SHARED_INTS; i++) sharedInts.push(ascii(`:${i}\r\n`));

export type Protocol = 2 | 3;

export class ReplyWriter {
  buf: Uint8Array;
  pos = 0;
  resp: Protocol = 2;

  constructor(initialSize = 16 * 1024) {
    this.buf = new Uint8Array(initialSize);
  }

  /** The encoded bytes since the last reset (a view, valid until the next write). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  reset(): void {
    this.pos = 0;
    // a huge reply should not pin its buffer for the connection's lifetime
    if (this.buf.length > 1024 * 1024) this.buf = new Uint8Array(16 * 1024);
  }

  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** Writes a binary string's bytes. */
  writeBinary(s: string): void {
    const n = s.length;
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  private crlf(): void {
    this.buf[this.pos++] = CRLF0;
    this.buf[this.pos++] = CRLF1;
  }

  private writeDecimal(n: number): void {
    // n is a non-negative safe integer
    if (n < 10) {
      this.buf[this.pos++] = 48 + n;
      return;
    }
    const s = String(n);
    for (let i = 0; i < s.length; i++) this.buf[this.pos++] = s.charCodeAt(i);
  }

  private header(prefix: number, n: number): void {
    this.ensure(24);
    this.buf[this.pos++] = prefix;
    if (n < 0) {
      this.buf[this.pos++] = 45;
      n = -n;
    }
    this.writeDecimal(n);
    this.crlf();
  }

  ok(): void {
    this.raw(OK);
  }

  /** A status reply (+text). */
  simple(s: string): void {
    this.ensure(s.length + 3);
    this.buf[this.pos++] = 43;
    this.writeBinary(s);
    this.crlf();
  }

  /** An error reply; `message` carries its code, e.g. "ERR syntax error". */
  error(message: string): void {
    const safe = message.indexOf("\r") >= 0 || message.indexOf("\n") >= 0
      ? message.replace(/[\r\n]/g, " ")
      : message;
    this.ensure(safe.length + 3);
    this.buf[this.pos++] = 45;
    this.writeBinary(safe);
    this.crlf();
  }

  int(n: number | bigint): void {
    if (typeof n === "number") {
      if (n >= 0 && n < SHARED_INTS && Number.isInteger(n)) {
        this.raw(sharedInts[n]);
        return;
      }
      if (Number.isSafeInteger(n)) {
        this.header(58, n);
        return;
      }
      n = BigInt(Math.trunc(n));
    }
    this.simpleWithPrefix(58, n.toString());
  }

  private simpleWithPrefix(prefix: number, s: string): void {
    this.ensure(s.length + 3);
    this.buf[this.pos++] = prefix;
    this.writeBinary(s);
    this.crlf();
  }

  /** A bulk string from a binary string. */
  bulk(s: string): void {
    const n = s.length;
    this.header(36, n);
    this.ensure(n + 2);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    buf[p++] = CRLF0;
    buf[p++] = CRLF1;
    this.pos = p;
  }

  /** An array of simple strings: the HELP replies. */
  simpleLines(lines: readonly string[]): void {
    this.array(lines.length);
    for (const line of lines) this.simple(line);
  }

  /** A bulk string from bytes [start, end) of a buffer (LRANGE on packed list nodes). */
  bulkSlice(bytes: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.header(36, n);
    this.ensure(n + 2);
    const buf = this.buf;
    let p = this.pos;
    if (n < 64) {
      for (let i = start; i < end; i++) buf[p++] = bytes[i];
    } else {
      buf.set(bytes.subarray(start, end), p);
      p += n;
    }
    buf[p++] = CRLF0;
    buf[p++] = CRLF1;
    this.pos = p;
  }

  bulkBytes(b: Uint8Array): void {
    this.header(36, b.length);
    this.raw(b);
    this.ensure(2);
    this.crlf();
  }

  /** A bulk string, or the protocol's null when the value is missing. */
  bulkOrNull(s: string | undefined | null): void {
    if (s === undefined || s === null) this.nullBulk();
    else this.bulk(s);
  }

  /** A missing value: `$-1` in RESP2, `_` in RESP3. */
  nullBulk(): void {
    this.raw(this.resp === 2 ? NULL_BULK : NULL3);
  }

  /** A missing aggregate: `*-1` in RESP2, `_` in RESP3. */
  nullArray(): void {
    this.raw(this.resp === 2 ? NULL_ARRAY : NULL3);
  }

  array(n: number): void {
    this.header(42, n);
  }

  /** A map of n pairs: `%n` in RESP3, a flat array of 2n items in RESP2. */
  map(n: number): void {
    if (this.resp === 3) this.header(37, n);
    else this.header(42, n * 2);
  }

  /** A set: `~n` in RESP3, an array in RESP2. */
  set(n: number): void {
    this.header(this.resp === 3 ? 126 : 42, n);
  }

  /** An out-of-band push: `>n` in RESP3, an array in RESP2. */
  push(n: number): void {
    this.header(this.resp === 3 ? 62 : 42, n);
  }

  /** A double: `,d` in RESP3, a bulk string in RESP2, both formatted as Redis's %.17g. */
  double(d: number): void {
    const s = formatDouble17g(d);
    if (this.resp === 3) this.simpleWithPrefix(44, s);
    else this.bulk(s);
  }

  /** A boolean: `#t`/`#f` in RESP3, the integers 1/0 in RESP2. */
  bool(b: boolean): void {
    if (this.resp === 3) this.simpleWithPrefix(35, b ? "t" : "f");
    else this.int(b ? 1 : 0);
  }

  /** Verbatim text (`=len\r\ntxt:...`) in RESP3, a bulk string in RESP2. */
  verbatim(s: string, format = "txt"): void {
    if (this.resp === 2) {
      this.bulk(s);
      return;
    }
    this.header(61, s.length + 4);
    this.writeBinary(format + ":");
    this.writeBinary(s);
    this.ensure(2);
    this.crlf();
  }

  /** Writes a list of binary strings as an array of bulk strings. */
  bulkArray(items: readonly string[]): void {
    this.array(items.length);
    for (let i = 0; i < items.length; i++) this.bulk(items[i]);
  }
}
