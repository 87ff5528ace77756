/**
 * SORT and SORT_RO over lists, sets and sorted sets, with Redis 7.0's semantics in the
 * details clients can observe: which elements a LIMIT selects when nothing is sorted (BY
 * without '*'), the lexicographic tie-break of equal numeric weights, the stable order of
 * equal ALPHA weights, missing BY/GET keys, strtod's view of numbers, and that sorting a
 * listpack sorted set converts it to a skiplist.
 */
import { compareBinary, cString } from "../../lib/bytes.ts";
import type { Client } from "../../engine/client.ts";
import type { HashValue } from "../../store/hash.ts";
import { ListValue } from "../../store/list.ts";
import type { SetValue } from "../../store/set.ts";
import { SortedSet } from "../../store/zset.ts";
import type { Value } from "../../store/types.ts";
import { isOption, OptionScanner } from "../args.ts";
import { CommandError, ERR_WRONGTYPE } from "../errors.ts";
import { deleteDestination, lookupRead, storeValue } from "../lookup.ts";
import { type ArgSpec, command, type KeySpec } from "../registry.ts";
import { notify, NOTIFY_LIST } from "../../engine/notify.ts";

interface SortOptions {
  desc: boolean;
  alpha: boolean;
  limitStart: number;
  limitCount: number;
  store: string | null;
  by: string | null;
  /** BY with a pattern that has no '*': keep the natural order. */
  dontSort: boolean;
  gets: string[];
}

function parseSortOptions(args: string[], readonly: boolean): SortOptions {
  const o: SortOptions = {
    desc: false,
    alpha: false,
    limitStart: 0,
    limitCount: -1,
    store: null,
    by: null,
    dontSort: false,
    gets: [],
  };
  const s = new OptionScanner(args, 2);
  while (!s.done) {
    if (s.take("ASC")) o.desc = false;
    else if (s.take("DESC")) o.desc = true;
    else if (s.take("ALPHA")) o.alpha = true;
    else if (s.take("LIMIT", 2)) {
      o.limitStart = s.int();
      o.limitCount = s.int();
    } else if (!readonly && s.take("STORE", 1)) {
      o.store = s.value();
    } else if (s.take("BY", 1)) {
      o.by = s.value();
      o.dontSort = cString(o.by).indexOf("*") < 0;
    } else if (s.take("GET", 1)) {
      o.gets.push(s.value());
    } else {
      s.fail();
    }
  }
  return o;
}

/**
 * Resolves a BY/GET pattern for one element, as Redis's lookupKeyByPattern: "#" is the
 * element, the first '*' is replaced by it, and "->field" after the '*' reads a hash field.
 * Returns undefined when the key is missing, has the wrong type, or the pattern has no '*'.
 */
function lookupByPattern(c: Client, pattern: string, element: string): string | undefined {
  if (pattern.length >= 1 && pattern.charCodeAt(0) === 35 && cString(pattern).length === 1) {
    return element;
  }
  const visible = cString(pattern);
  const star = visible.indexOf("*");
  if (star < 0) return undefined;
  const arrow = visible.indexOf("->", star + 1);
  const hasField = arrow >= 0 && arrow + 2 < visible.length;
  const key = pattern.slice(0, star) + element +
    (hasField ? pattern.slice(star + 1, arrow) : pattern.slice(star + 1));
  const v = lookupRead(c, key);
  if (v === undefined) return undefined;
  if (hasField) {
    if (typeof v === "string" || v.type !== "hash") return undefined;
    return (v as HashValue).get(pattern.slice(arrow + 2));
  }
  return typeof v === "string" ? v : undefined;
}

const STRTOD_DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const STRTOD_HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/;
const STRTOD_INF = /^[+-]?(?:inf|infinity)$/i;
const SMALLEST_NORMAL = 2.2250738585072014e-308;

/**
 * A sort weight as Redis reads it with strtod: leading white space allowed, the text ends at
 * a NUL byte, an empty text is 0, and NaN, junk, overflow and underflow are errors (null).
 */
function strtodWeight(text: string): number | null {
  const s = cString(text);
  let i = 0;
  while (
    i < s.length && (s.charCodeAt(i) === 32 || (s.charCodeAt(i) >= 9 && s.charCodeAt(i) <= 13))
  ) i++;
  if (s.length === 0) return 0;
  const body = s.slice(i);
  if (STRTOD_INF.test(body)) return body.charCodeAt(0) === 45 ? -Infinity : Infinity;
  let v: number;
  const hex = STRTOD_HEX.exec(body);
  if (hex !== null) {
    const digits = hex[2] + (hex[3] ?? "");
    if (digits.length === 0) return null;
    const mant = Number(BigInt("0x" + digits));
    const exp = (hex[4] === undefined ? 0 : Number(hex[4])) - 4 * (hex[3]?.length ?? 0);
    v = mant * 2 ** exp;
    if (hex[1] === "-") v = -v;
    if (mant !== 0 && (v === 0 || Math.abs(v) < SMALLEST_NORMAL || !Number.isFinite(v))) {
      return null;
    }
    return v;
  }
  if (!STRTOD_DECIMAL.test(body)) return null;
  v = Number(body);
  if (!Number.isFinite(v)) return null;
  if (Math.abs(v) < SMALLEST_NORMAL && /[1-9]/.test(body.replace(/[eE].*$/, ""))) return null;
  return v;
}

/** strcoll in the C/C.UTF-8 locale: byte order of the texts up to their first NUL. */
function compareCollated(a: string, b: string): number {
  return compareBinary(cString(a), cString(b));
}

/** The elements of the value to sort, in its natural order (a list's, a zset's ranks). */
function allElements(v: Value): string[] {
  const out: string[] = [];
  if (typeof v === "string") return out;
  if (v.type === "list") {
    return (v as ListValue).toArray();
  } else if (v.type === "set") {
    (v as SetValue).forEach((m) => out.push(m));
  } else {
    const z = v as SortedSet;
    for (let pos = z.first(); pos !== -1; pos = z.next(pos)) out.push(z.memberAt(pos));
  }
  return out;
}

/**
 * `count` elements of a list or sorted set starting at index `start` of the natural order,
 * or counted from the end (towards the front) when `desc`.
 */
function elementRange(v: Value, start: number, count: number, desc: boolean): string[] {
  const out: string[] = [];
  if (typeof v === "string" || count <= 0) return out;
  if (v.type === "list") {
    const list = v as ListValue;
    const len = list.size;
    for (let i = 0; i < count; i++) out.push(list.at(desc ? len - 1 - start - i : start + i));
    return out;
  }
  const z = v as SortedSet;
  let pos = z.atRank(desc ? z.size - 1 - start : start);
  for (let i = 0; i < count && pos !== -1; i++) {
    out.push(z.memberAt(pos));
    pos = desc ? z.prev(pos) : z.next(pos);
  }
  return out;
}

/** Replaces a listpack sorted set with a skiplist copy, keeping the key's TTL and LRU. */
function convertZsetToSkiplist(c: Client, key: string, z: SortedSet): SortedSet {
  if (!z.isListpack) return z;
  const skiplist = new SortedSet(true);
  const limits = { zsetMaxListpackEntries: 0, zsetMaxListpackValue: 0 };
  for (let pos = z.first(); pos !== -1; pos = z.next(pos)) {
    skiplist.insertNew(z.memberAt(pos), z.scoreAt(pos), limits);
  }
  const e = c.db.entry(key);
  if (e !== undefined) e.value = skiplist;
  return skiplist;
}

function sortGeneric(c: Client, args: string[], readonly: boolean): void {
  const o = parseSortOptions(args, readonly);
  const key = args[1];
  let value = lookupRead(c, key);
  if (
    value !== undefined &&
    (typeof value === "string" ||
      (value.type !== "set" && value.type !== "list" && value.type !== "zset"))
  ) {
    throw new CommandError(ERR_WRONGTYPE);
  }
  let { alpha, dontSort } = o;
  let by = o.by;
  // an unsorted set would store an order that differs between servers: sort it instead
  if (dontSort && value !== undefined && value.type === "set" && o.store !== null) {
    dontSort = false;
    alpha = true;
    by = null;
  }
  if (value !== undefined && value.type === "zset") {
    value = convertZsetToSkiplist(c, key, value as SortedSet);
  }
  const total = value === undefined ? 0 : value.size;
  let start = o.limitStart < 0 ? 0 : o.limitStart;
  let end = o.limitCount < 0 ? total - 1 : start + o.limitCount - 1;
  if (start >= total) {
    start = total - 1;
    end = total - 2;
  }
  if (end >= total) end = total - 1;

  let elements: string[];
  if (value === undefined) {
    elements = [];
  } else if (dontSort && value.type !== "set") {
    // lists and sorted sets keep their order: load just the selected range
    elements = elementRange(value, start, end - start + 1, o.desc);
    if (value.type === "zset" || end >= start) {
      end -= start;
      start = 0;
    }
  } else {
    elements = allElements(value);
  }

  if (!dontSort) {
    const n = elements.length;
    const scores = new Float64Array(n);
    const weights: (string | undefined)[] = new Array(n);
    let badWeight = false;
    for (let i = 0; i < n; i++) {
      let weight: string | undefined = elements[i];
      if (by !== null) {
        weight = lookupByPattern(c, by, elements[i]);
        if (weight === undefined) continue;
      }
      if (alpha) {
        if (by !== null) weights[i] = weight;
      } else {
        const score = strtodWeight(weight);
        if (score === null) badWeight = true;
        else scores[i] = score;
      }
    }
    if (badWeight) throw new CommandError("ERR One or more scores can't be converted into double");
    const order = Array.from({ length: n }, (_, i) => i);
    const storing = o.store !== null;
    const sign = o.desc ? -1 : 1;
    let compare: (a: number, b: number) => number;
    if (!alpha) {
      compare = (a, b) =>
        sign *
        (scores[a] > scores[b]
          ? 1
          : scores[a] < scores[b]
          ? -1
          : compareBinary(elements[a], elements[b]));
    } else if (by !== null) {
      compare = (a, b) => {
        const wa = weights[a];
        const wb = weights[b];
        if (wa === undefined || wb === undefined) {
          return sign * (wa === wb ? 0 : wa === undefined ? -1 : 1);
        }
        return sign * (storing ? compareBinary(wa, wb) : compareCollated(wa, wb));
      };
    } else {
      compare = (a, b) =>
        sign *
        (storing
          ? compareBinary(elements[a], elements[b])
          : compareCollated(elements[a], elements[b]));
    }
    order.sort(compare);
    elements = order.map((i) => elements[i]);
  }

  const picked = end - start + 1;
  const gets = o.gets;
  const outputLen = gets.length > 0 ? gets.length * picked : picked;
  if (o.store === null) {
    const w = c.w;
    w.array(outputLen);
    for (let j = start; j <= end; j++) {
      if (gets.length === 0) w.bulk(elements[j]);
      for (const g of gets) w.bulkOrNull(lookupByPattern(c, g, elements[j]));
    }
    return;
  }
  const result = new ListValue();
  for (let j = start; j <= end; j++) {
    if (gets.length === 0) result.pushTail(elements[j]);
    for (const g of gets) result.pushTail(lookupByPattern(c, g, elements[j]) ?? "");
  }
  if (outputLen > 0) {
    storeValue(c, o.store, result);
    notify(c, NOTIFY_LIST, "sortstore", o.store);
  } else {
    deleteDestination(c, o.store);
  }
  c.w.int(outputLen);
}

/** Key positions: the sorted key, plus the last STORE destination (Redis's sortGetKeys). */
function sortKeys(args: string[]): number[] {
  const keys = [1];
  let store = -1;
  for (let i = 2; i < args.length; i++) {
    const opt = args[i];
    if (isOption(opt, "LIMIT")) i += 2;
    else if (isOption(opt, "GET") || isOption(opt, "BY")) i += 1;
    else if (isOption(opt, "STORE") && i + 1 < args.length) store = i + 1;
  }
  if (store >= 0) keys.push(store);
  return keys;
}

const SORTED_KEY_SPEC: KeySpec = {
  flags: ["RO", "access"],
  begin: { index: 1 },
  find: { range: [0, 1, 0] },
};
const PATTERN_KEY_SPEC: KeySpec = {
  notes: "BY and GET patterns name keys built from the sorted elements, unknown in advance.",
  flags: ["RO", "access"],
  begin: { unknown: true },
  find: { unknown: true },
};
const STORE_KEY_SPEC: KeySpec = {
  notes: "STORE may appear at any position among the options, so its key is not at a fixed index.",
  flags: ["OW", "update"],
  begin: { unknown: true },
  find: { unknown: true },
};

function sortArgs(withStore: boolean): ArgSpec[] {
  const args: ArgSpec[] = [
    { name: "key", type: "key", keySpecIndex: 0 },
    { name: "pattern", type: "pattern", keySpecIndex: 1, token: "BY", flags: ["optional"] },
    {
      name: "offset_count",
      type: "block",
      token: "LIMIT",
      flags: ["optional"],
      args: [
        { name: "offset", type: "integer" },
        { name: "count", type: "integer" },
      ],
    },
    {
      name: "pattern",
      type: "pattern",
      keySpecIndex: 1,
      token: "GET",
      flags: ["optional", "multiple", "multiple_token"],
    },
    {
      name: "order",
      type: "oneof",
      flags: ["optional"],
      args: [
        { name: "asc", type: "pure-token", token: "ASC" },
        { name: "desc", type: "pure-token", token: "DESC" },
      ],
    },
    { name: "sorting", type: "pure-token", token: "ALPHA", flags: ["optional"] },
  ];
  if (withStore) {
    args.push({
      name: "destination",
      type: "key",
      keySpecIndex: 2,
      token: "STORE",
      flags: ["optional"],
    });
  }
  return args;
}

const SORT_COMPLEXITY =
  "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).";

export class SortCommands {
  @command({
    name: "sort",
    arity: -2,
    flags: ["write", "denyoom"],
    keys: [1, 1, 1],
    acl: ["set", "sortedset", "list", "dangerous"],
    keySpecs: [SORTED_KEY_SPEC, PATTERN_KEY_SPEC, STORE_KEY_SPEC],
    group: "generic",
    since: "1.0.0",
    summary: "Sorts the elements of a list, set or sorted set, by value or by external weights, " +
      "returning or storing them.",
    complexity: SORT_COMPLEXITY,
    args: sortArgs(true),
    getKeys: sortKeys,
  })
  static sort(c: Client, args: string[]): void {
    sortGeneric(c, args, false);
  }

  @command({
    name: "sort_ro",
    arity: -2,
    flags: ["readonly"],
    keys: [1, 1, 1],
    acl: ["set", "sortedset", "list", "dangerous"],
    keySpecs: [SORTED_KEY_SPEC, PATTERN_KEY_SPEC],
    group: "generic",
    since: "7.0.0",
    summary:
      "Sorts the elements of a list, set or sorted set without storing (SORT without STORE).",
    complexity: SORT_COMPLEXITY,
    args: sortArgs(false),
    getKeys: () => [1],
  })
  static sortRo(c: Client, args: string[]): void {
    sortGeneric(c, args, true);
  }
}
