/**
 * AOF text: commands as RESP multibulks, and an encoder that writes a whole dataset as the
 * commands that rebuild it (an AOF base file when aof-use-rdb-preamble is no): SELECT per
 * database, then per key SET / RPUSH / SADD / ZADD / HMSET in batches of 64 elements, and
 * PEXPIREAT for keys with a TTL.
 */
import { formatDouble17g } from "../lib/numbers.ts";
import type { Entry } from "../store/database.ts";
import type { HashValue } from "../store/hash.ts";
import type { ListValue } from "../store/list.ts";
import type { SetValue } from "../store/set.ts";
import type { SortedSet } from "../store/zset.ts";
import { ByteSink } from "./bytes_io.ts";
import type { ImageEncoder } from "./rdb_writer.ts";

/** Elements per command in a rewritten collection, as Redis does. */
const ITEMS_PER_COMMAND = 64;

function header(out: ByteSink, prefix: number, n: number): void {
  out.byte(prefix);
  out.binary(String(n));
  out.byte(13);
  out.byte(10);
}

/** Appends one command (binary-string arguments) in RESP form. */
export function writeCommand(out: ByteSink, args: readonly string[]): void {
  header(out, 42, args.length); // *
  for (const a of args) {
    header(out, 36, a.length); // $
    out.binary(a);
    out.byte(13);
    out.byte(10);
  }
}

/** Writes `head` followed by the items, ITEMS_PER_COMMAND at a time. */
function batched(out: ByteSink, head: string[], items: string[], perItem: number): void {
  const step = ITEMS_PER_COMMAND * perItem;
  for (let i = 0; i < items.length; i += step) {
    writeCommand(out, [...head, ...items.slice(i, i + step)]);
  }
}

/** Appends the commands that recreate one key. */
export function writeKeyCommands(
  out: ByteSink,
  key: string,
  e: Entry,
  expireAt: number | bigint,
): void {
  const v = e.value;
  if (typeof v === "string") {
    writeCommand(out, ["SET", key, v]);
  } else {
    switch (v.type) {
      case "list": {
        const list = v as ListValue;
        batched(out, ["RPUSH", key], list.toArray(), 1);
        break;
      }
      case "set": {
        const set = v as SetValue;
        batched(out, ["SADD", key], set.toArray(), 1);
        break;
      }
      case "zset": {
        const zs = v as SortedSet;
        const items: string[] = [];
        for (let p = zs.first(); p !== -1; p = zs.next(p)) {
          items.push(formatDouble17g(zs.scoreAt(p)), zs.memberAt(p));
        }
        batched(out, ["ZADD", key], items, 2);
        break;
      }
      case "hash": {
        const hash = v as HashValue;
        const items: string[] = [];
        hash.forEach((f, val) => items.push(f, val));
        batched(out, ["HMSET", key], items, 2);
        break;
      }
      default:
        throw new Error(`cannot write a ${v.type} value as AOF commands`);
    }
  }
  if (expireAt !== 0) writeCommand(out, ["PEXPIREAT", key, String(expireAt)]);
}

export class AofEncoder implements ImageEncoder {
  readonly out = new ByteSink(1 << 16);
  drained = 0;

  selectDb(index: number): void {
    writeCommand(this.out, ["SELECT", String(index)]);
  }

  keyValue(key: string, e: Entry, expireAt: number | bigint): void {
    writeKeyCommands(this.out, key, e, expireAt);
  }

  keyValueTo(sink: ByteSink, key: string, e: Entry, expireAt: number | bigint): void {
    writeKeyCommands(sink, key, e, expireAt);
  }

  raw(bytes: Uint8Array): void {
    this.out.bytes(bytes);
  }

  drain(): Uint8Array {
    const chunk = this.out.copy();
    this.drained += chunk.length;
    this.out.reset();
    return chunk;
  }

  finish(): Uint8Array {
    return this.drain();
  }
}
