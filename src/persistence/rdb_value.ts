/**
 * One value in RDB form: the type byte and the body, shared by RDB files and DUMP/RESTORE.
 *
 * Writing picks what Redis 7.0 writes for each encoding: strings as RDB strings, listpack
 * hashes and sorted sets as one listpack, intsets as one intset, lists as a quicklist of
 * listpack nodes, and the large encodings element by element.
 *
 * Reading accepts every encoding Redis 7.0 can load (including the ziplist, zipmap and plain
 * forms of older files) and builds respire's values through their public APIs with the
 * configured limits, so a loaded value ends up in the encoding Redis would give it.
 */
import { formatDouble17g } from "../lib/numbers.ts";
import { HashValue } from "../store/hash.ts";
import { ListValue } from "../store/list.ts";
import { SetValue } from "../store/set.ts";
import { SortedSet } from "../store/zset.ts";
import type { CollectionValue, Value } from "../store/types.ts";
import { type ByteSink, type ByteSource, FormatError } from "./bytes_io.ts";
import { decodeIntset, encodeIntset } from "./intset.ts";
import { decodeListpack, ListpackBuilder } from "./listpack.ts";
import {
  QUICKLIST_NODE_PACKED,
  QUICKLIST_NODE_PLAIN,
  readLength,
  readString,
  readStringBytes,
  readTextDouble,
  TYPE_HASH,
  TYPE_HASH_LISTPACK,
  TYPE_HASH_ZIPLIST,
  TYPE_HASH_ZIPMAP,
  TYPE_LIST,
  TYPE_LIST_QUICKLIST,
  TYPE_LIST_QUICKLIST_2,
  TYPE_LIST_ZIPLIST,
  TYPE_MODULE,
  TYPE_MODULE_2,
  TYPE_SET,
  TYPE_SET_INTSET,
  TYPE_STREAM_LISTPACKS,
  TYPE_STREAM_LISTPACKS_2,
  TYPE_STRING,
  TYPE_ZSET,
  TYPE_ZSET_2,
  TYPE_ZSET_LISTPACK,
  TYPE_ZSET_ZIPLIST,
  writeBytes,
  writeLength,
  writeString,
} from "./rdb_format.ts";
import { decodeZiplist, decodeZipmap } from "./ziplist.ts";

/** The encoding thresholds that decide how a loaded value is represented. */
export interface ValueLimits {
  hashMaxListpackEntries: number;
  hashMaxListpackValue: number;
  setMaxIntsetEntries: number;
  zsetMaxListpackEntries: number;
  zsetMaxListpackValue: number;
  /** list-max-listpack-size: positive = entries per node, -1..-5 = 4..64 KiB per node. */
  listMaxListpackSize: number;
}

/** A copy of the limits from the config's typed fields (which have these names). */
export function limitsFrom(config: ValueLimits): ValueLimits {
  return {
    hashMaxListpackEntries: config.hashMaxListpackEntries,
    hashMaxListpackValue: config.hashMaxListpackValue,
    setMaxIntsetEntries: config.setMaxIntsetEntries,
    zsetMaxListpackEntries: config.zsetMaxListpackEntries,
    zsetMaxListpackValue: config.zsetMaxListpackValue,
    listMaxListpackSize: config.listMaxListpackSize,
  };
}

export const DEFAULT_LIMITS: ValueLimits = {
  hashMaxListpackEntries: 128,
  hashMaxListpackValue: 64,
  setMaxIntsetEntries: 512,
  zsetMaxListpackEntries: 128,
  zsetMaxListpackValue: 64,
  listMaxListpackSize: -2,
};

/** Thrown for values respire cannot hold (streams, module types). */
export class UnsupportedTypeError extends FormatError {}

// ---------------------------------------------------------------------------------------------
// Writing

/** The RDB type byte Redis 7.0 uses for a value in its current encoding. */
export function rdbTypeOf(v: Value): number {
  if (typeof v === "string") return TYPE_STRING;
  switch (v.type) {
    case "list":
      return TYPE_LIST_QUICKLIST_2;
    case "set":
      return v.encoding() === "intset" ? TYPE_SET_INTSET : TYPE_SET;
    case "hash":
      return v.encoding() === "listpack" ? TYPE_HASH_LISTPACK : TYPE_HASH;
    case "zset":
      return v.encoding() === "listpack" ? TYPE_ZSET_LISTPACK : TYPE_ZSET_2;
    default:
      throw new UnsupportedTypeError(`cannot serialize a value of type ${v.type}`);
  }
}

/** Writes the type byte and the body of a value. */
export function writeValue(
  out: ByteSink,
  v: Value,
  compress: boolean,
  listNodeSize = -2,
): void {
  const type = rdbTypeOf(v);
  out.byte(type);
  writeValueBody(out, v, type, compress, listNodeSize);
}

export function writeValueBody(
  out: ByteSink,
  v: Value,
  type: number,
  compress: boolean,
  listNodeSize: number,
): void {
  switch (type) {
    case TYPE_STRING:
      writeString(out, v as string, compress);
      return;
    case TYPE_LIST_QUICKLIST_2:
      writeList(out, v as ListValue, compress, listNodeSize);
      return;
    case TYPE_SET_INTSET: {
      const members: string[] = [];
      (v as SetValue).forEach((m) => members.push(m));
      writeBytes(out, encodeIntset(members), compress);
      return;
    }
    case TYPE_SET: {
      const set = v as SetValue;
      writeLength(out, set.size);
      set.forEach((m) => writeString(out, m, compress));
      return;
    }
    case TYPE_HASH_LISTPACK: {
      const lp = new ListpackBuilder();
      (v as HashValue).forEach((f, val) => {
        lp.append(f);
        lp.append(val);
      });
      writeBytes(out, lp.finish(), compress);
      return;
    }
    case TYPE_HASH: {
      const hash = v as HashValue;
      writeLength(out, hash.size);
      hash.forEach((f, val) => {
        writeString(out, f, compress);
        writeString(out, val, compress);
      });
      return;
    }
    case TYPE_ZSET_LISTPACK: {
      const zs = v as SortedSet;
      const lp = new ListpackBuilder();
      for (let p = zs.first(); p !== -1; p = zs.next(p)) {
        lp.append(zs.memberAt(p));
        lp.append(formatDouble17g(zs.scoreAt(p)));
      }
      writeBytes(out, lp.finish(), compress);
      return;
    }
    case TYPE_ZSET_2: {
      // highest first, as Redis does, so a loader inserting at the head stays cheap
      const zs = v as SortedSet;
      writeLength(out, zs.size);
      for (let p = zs.last(); p !== -1; p = zs.prev(p)) {
        writeString(out, zs.memberAt(p), compress);
        out.f64le(zs.scoreAt(p));
      }
      return;
    }
  }
}

/** Node size budgets for list-max-listpack-size -1 .. -5. */
const NODE_BYTE_BUDGETS = [4096, 8192, 16384, 32768, 65536];
/** A node never grows past this by entry count alone (a positive fill). */
const NODE_SAFETY_BYTES = 8192;

/**
 * Whether Redis 7.0's quicklist would append an element of `len` bytes to a node of
 * `nodeBytes` bytes and `count` entries. Its estimate of the growth is the element's length
 * plus the header bytes a ziplist entry of that length would take (1 or 5 for the previous
 * length, 1, 2 or 5 for the element length); the estimate is compared with the fill's byte
 * budget, or with the safety limit and the entry count when the fill counts entries.
 */
function nodeAccepts(nodeBytes: number, count: number, len: number, fill: number): boolean {
  const overhead = (len < 254 ? 1 : 5) + (len < 64 ? 1 : len < 16384 ? 2 : 5);
  const estimate = nodeBytes + len + overhead;
  if (fill < 0 && -fill <= NODE_BYTE_BUDGETS.length) {
    if (estimate <= NODE_BYTE_BUDGETS[-fill - 1]) return true;
  }
  if (estimate > NODE_SAFETY_BYTES) return false;
  return count < fill;
}

/** Elements this large get a node of their own (Redis's packed_threshold, 1 GiB). */
const PLAIN_THRESHOLD = 1 << 30;

/**
 * A list as a quicklist of listpack nodes, split where Redis would start a new node when the
 * elements are pushed one by one at the tail (so a list built by RPUSH dumps byte for byte as
 * Redis dumps it).
 */
function writeList(out: ByteSink, list: ListValue, compress: boolean, fill: number): void {
  const nodes: Uint8Array[] = [];
  const plain: boolean[] = [];
  const lp = new ListpackBuilder();
  const flush = () => {
    if (lp.size === 0) return;
    nodes.push(lp.finish());
    plain.push(false);
    lp.reset();
  };
  const n = list.size;
  for (let i = 0; i < n; i++) {
    const item = list.at(i);
    if (item.length >= PLAIN_THRESHOLD) {
      flush();
      nodes.push(Uint8Array.from(item, (ch) => ch.charCodeAt(0)));
      plain.push(true);
      continue;
    }
    if (lp.size > 0 && !nodeAccepts(lp.bytes, lp.size, item.length, fill)) flush();
    lp.append(item);
  }
  flush();
  writeLength(out, nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    writeLength(out, plain[i] ? QUICKLIST_NODE_PLAIN : QUICKLIST_NODE_PACKED);
    writeBytes(out, nodes[i], compress);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * Reads the body of a value of the given type. Returns null for an empty collection (Redis
 * skips such keys when loading and refuses them in RESTORE). Throws FormatError when the
 * data is malformed and UnsupportedTypeError for types respire does not have.
 */
export function readValue(src: ByteSource, type: number, limits: ValueLimits): Value | null {
  switch (type) {
    case TYPE_STRING:
      return readString(src);
    case TYPE_LIST: {
      const n = readLength(src);
      const items: string[] = new Array(n);
      for (let i = 0; i < n; i++) items[i] = readString(src);
      return buildList(items);
    }
    case TYPE_LIST_ZIPLIST:
      return buildList(decodeZiplist(readStringBytes(src)));
    case TYPE_LIST_QUICKLIST:
    case TYPE_LIST_QUICKLIST_2: {
      const nodes = readLength(src);
      const items: string[] = [];
      for (let i = 0; i < nodes; i++) {
        let container = QUICKLIST_NODE_PACKED;
        if (type === TYPE_LIST_QUICKLIST_2) {
          container = readLength(src);
          if (container !== QUICKLIST_NODE_PACKED && container !== QUICKLIST_NODE_PLAIN) {
            throw new FormatError(`unknown quicklist node container ${container}`);
          }
        }
        if (container === QUICKLIST_NODE_PLAIN) {
          items.push(readString(src));
          continue;
        }
        const blob = readStringBytes(src);
        const entries = type === TYPE_LIST_QUICKLIST ? decodeZiplist(blob) : decodeListpack(blob);
        // an empty node is tolerated (Redis skips it too)
        for (const e of entries) items.push(e);
      }
      return buildList(items);
    }
    case TYPE_SET: {
      const n = readLength(src);
      const members: string[] = new Array(n);
      for (let i = 0; i < n; i++) members[i] = readString(src);
      return buildSet(members, limits);
    }
    case TYPE_SET_INTSET:
      return buildSet(decodeIntset(readStringBytes(src)), limits);
    case TYPE_ZSET:
    case TYPE_ZSET_2: {
      const n = readLength(src);
      const members: string[] = new Array(n);
      const scores: number[] = new Array(n);
      for (let i = 0; i < n; i++) {
        members[i] = readString(src);
        scores[i] = type === TYPE_ZSET_2 ? src.f64le() : readTextDouble(src);
      }
      return buildZset(members, scores, limits);
    }
    case TYPE_ZSET_ZIPLIST:
    case TYPE_ZSET_LISTPACK: {
      const blob = readStringBytes(src);
      const entries = type === TYPE_ZSET_ZIPLIST ? decodeZiplist(blob) : decodeListpack(blob);
      if (entries.length % 2 !== 0) throw new FormatError("sorted set with an odd entry count");
      const n = entries.length / 2;
      const members: string[] = new Array(n);
      const scores: number[] = new Array(n);
      for (let i = 0; i < n; i++) {
        members[i] = entries[2 * i];
        scores[i] = scoreFromText(entries[2 * i + 1]);
      }
      return buildZset(members, scores, limits);
    }
    case TYPE_HASH: {
      const n = readLength(src);
      const pairs: string[] = new Array(2 * n);
      for (let i = 0; i < 2 * n; i++) pairs[i] = readString(src);
      return buildHash(pairs, limits);
    }
    case TYPE_HASH_ZIPMAP:
      return buildHash(decodeZipmap(readStringBytes(src)), limits);
    case TYPE_HASH_ZIPLIST:
    case TYPE_HASH_LISTPACK: {
      const blob = readStringBytes(src);
      const entries = type === TYPE_HASH_ZIPLIST ? decodeZiplist(blob) : decodeListpack(blob);
      if (entries.length % 2 !== 0) throw new FormatError("hash with an odd entry count");
      return buildHash(entries, limits);
    }
    case TYPE_STREAM_LISTPACKS:
    case TYPE_STREAM_LISTPACKS_2:
      throw new UnsupportedTypeError("respire does not support the stream type");
    case TYPE_MODULE:
    case TYPE_MODULE_2:
      throw new UnsupportedTypeError("respire does not support module data types");
    default:
      throw new FormatError(`unknown value type ${type}`);
  }
}

function scoreFromText(s: string): number {
  const lower = s.toLowerCase();
  if (lower === "inf" || lower === "+inf") return Infinity;
  if (lower === "-inf") return -Infinity;
  const v = Number(s);
  if (s.trim() === "" || Number.isNaN(v)) throw new FormatError("invalid sorted set score");
  return v;
}

function buildList(items: string[]): ListValue | null {
  return items.length === 0 ? null : ListValue.from(items);
}

function buildSet(members: string[], limits: ValueLimits): SetValue | null {
  if (members.length === 0) return null;
  const set = new SetValue();
  const max = limits.setMaxIntsetEntries;
  for (const m of members) {
    if (!set.add(m, max)) throw new FormatError("duplicate set members detected");
  }
  return set;
}

function buildHash(pairs: string[], limits: ValueLimits): HashValue | null {
  if (pairs.length === 0) return null;
  const hash = new HashValue();
  for (let i = 0; i < pairs.length; i += 2) {
    if (!hash.set(pairs[i], pairs[i + 1], limits)) {
      throw new FormatError("duplicate hash fields detected");
    }
  }
  return hash;
}

function buildZset(members: string[], scores: number[], limits: ValueLimits): SortedSet | null {
  const n = members.length;
  if (n === 0) return null;
  const zs = SortedSet.forSizeHint(limits, n);
  for (let i = 0; i < n; i++) {
    const score = scores[i];
    if (Number.isNaN(score)) throw new FormatError("sorted set with a NaN score");
    if (zs.has(members[i])) throw new FormatError("duplicate sorted set members detected");
    zs.insertNew(members[i], score, limits);
  }
  return zs;
}

/** The collection types this module can serialize (for callers that filter). */
export function isSerializable(v: Value): boolean {
  return typeof v === "string" || (v as CollectionValue).type !== "stream";
}
