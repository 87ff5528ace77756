/** Shared pieces of the list commands: lookups, creation, popping with replies, parsing. */
import type { Client } from "../../engine/client.ts";
import { ListValue } from "../../store/list.ts";
import { keyword, type Mpop, parseMpop } from "../args.ts";
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

const ENDS = ["LEFT", "RIGHT"] as const;

/** LEFT or RIGHT (true for LEFT); anything else is a syntax error. */
export function parseEnd(arg: string): boolean {
  return keyword(arg, ENDS) === 0;
}

/** Parses LMPOP/BLMPOP's `numkeys key... LEFT|RIGHT [COUNT count]` starting at args[at]. */
export function parseListMpop(args: string[], at: number): Mpop {
  return parseMpop(args, at, ENDS);
}
