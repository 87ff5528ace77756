/** Shared pieces of the list commands: lookups, creation, popping with replies, parsing. */
import type { Client } from "../../engine/client.ts";
import { ListValue } from "../../store/list.ts";
import { int } from "../args.ts";
import { CommandError, ERR_SYNTAX } from "../errors.ts";
import { readCollection } from "../lookup.ts";
import { notify, NOTIFY_GENERIC, NOTIFY_LIST } from "../../engine/notify.ts";

/** The list at key for reading (counts keyspace hits/misses); WRONGTYPE for other types. */
export function readList(c: Client, key: string): ListValue | undefined {
  return readCollection<ListValue>(c, key, "list");
}

/** The list at key for modification; WRONGTYPE for other types. */
export function writeList(c: Client, key: string): ListValue | undefined {
  return readCollection<ListValue>(c, key, "list", true);
}

/** Stores a new empty list at key, which does not exist; waiters on key become servable. */
export function createList(c: Client, key: string): ListValue {
  const list = new ListValue();
  const e = c.db.set(key, list);
  e.lru = c.engine.initialLru();
  return list;
}

/**
 * After removing n elements: an emptied list leaves the keyspace; the write is recorded and
 * announced as `event`, followed by "del" when the list is gone.
 */
export function afterRemoval(
  c: Client,
  key: string,
  list: ListValue,
  n: number,
  event: string,
): void {
  const emptied = list.size === 0;
  if (emptied) c.db.delete(key);
  c.engine.keyChanged(c.db, key, n);
  notify(c, NOTIFY_LIST, event, key);
  if (emptied) notify(c, NOTIFY_GENERIC, "del", key);
}

/**
 * Pops up to count elements from the head (left) or the tail and replies with them as an
 * array, in popping order. Deletes the key when the list empties.
 */
export function popRangeReply(
  c: Client,
  key: string,
  list: ListValue,
  left: boolean,
  count: number,
): void {
  const n = count < list.size ? count : list.size;
  const w = c.w;
  w.array(n);
  if (left) {
    for (let i = 0; i < n; i++) w.bulk(list.at(i));
    list.dropHead(n);
  } else {
    const last = list.size - 1;
    for (let i = 0; i < n; i++) w.bulk(list.at(last - i));
    list.dropTail(n);
  }
  afterRemoval(c, key, list, n, left ? "lpop" : "rpop");
}

/** LMPOP/BLMPOP reply: [key, [elements...]]. */
export function popRangeWithKeyReply(
  c: Client,
  key: string,
  list: ListValue,
  left: boolean,
  count: number,
): void {
  c.w.array(2);
  c.w.bulk(key);
  popRangeReply(c, key, list, left, count);
}

/**
 * Case-insensitive keyword test with C string semantics: Redis compares option words with
 * strcasecmp, which stops at a NUL byte, so "LEFT\0junk" reads as LEFT.
 */
export function isKeyword(arg: string, upper: string): boolean {
  const nul = arg.indexOf("\0");
  const word = nul < 0 ? arg : arg.slice(0, nul);
  return word.length === upper.length && word.toUpperCase() === upper;
}

/** LEFT or RIGHT (true for LEFT); anything else is a syntax error. */
export function parseEnd(arg: string): boolean {
  if (isKeyword(arg, "LEFT")) return true;
  if (isKeyword(arg, "RIGHT")) return false;
  throw new CommandError(ERR_SYNTAX);
}

/**
 * A long in [1, LONG_MAX] (Redis's getRangeLongFromObjectOrReply with a message): the same
 * message for text that is not a number and for a number out of range.
 */
export function positiveCount(arg: string, message: string): number {
  const v = int(arg, message);
  if (v < 1) throw new CommandError(message);
  return v;
}

/** A long >= 0 (getPositiveLongFromObjectOrReply with a message). */
export function nonNegative(arg: string, message: string): number {
  const v = int(arg, message);
  if (v < 0) throw new CommandError(message);
  return v;
}

export interface MpopOptions {
  /** Index of the first key in args. */
  firstKey: number;
  numkeys: number;
  left: boolean;
  count: number;
}

/** Parses LMPOP/BLMPOP's `numkeys key... LEFT|RIGHT [COUNT count]` starting at args[at]. */
export function parseMpop(args: string[], at: number): MpopOptions {
  const numkeys = positiveCount(args[at], "ERR numkeys should be greater than 0");
  const whereIdx = at + numkeys + 1;
  if (whereIdx >= args.length) throw new CommandError(ERR_SYNTAX);
  const left = parseEnd(args[whereIdx]);
  let count = -1;
  for (let j = whereIdx + 1; j < args.length; j++) {
    if (count === -1 && isKeyword(args[j], "COUNT") && j + 1 < args.length) {
      count = positiveCount(args[++j], "ERR count should be greater than 0");
    } else {
      throw new CommandError(ERR_SYNTAX);
    }
  }
  return { firstKey: at + 1, numkeys, left, count: count === -1 ? 1 : count };
}

/** COMMAND GETKEYS for `numkeys key...` at args[at]: the key indexes, or none when invalid. */
export function numkeysKeys(args: string[], at: number): number[] {
  const n = Number(args[at]);
  if (!Number.isInteger(n) || n < 1 || at + n >= args.length) return [];
  const keys: number[] = [];
  for (let i = 1; i <= n; i++) keys.push(at + i);
  return keys;
}
