import type { Client } from "../../engine/client.ts";
import type { ListValue } from "../../store/list.ts";
import { command, type KeySpec } from "../registry.ts";
import { createList, parseEnd, writeList } from "./common.ts";
import { notify, NOTIFY_GENERIC, NOTIFY_LIST } from "../../engine/notify.ts";

export const MOVE_KEY_SPECS: KeySpec[] = [
  { flags: ["RW", "access", "delete"], begin: { index: 1 }, find: { range: [0, 1, 0] } },
  { flags: ["RW", "insert"], begin: { index: 2 }, find: { range: [0, 1, 0] } },
];

export const END_ARGS = (name: string) => ({
  name,
  type: "oneof" as const,
  args: [
    { name: "left", type: "pure-token" as const, token: "LEFT" },
    { name: "right", type: "pure-token" as const, token: "RIGHT" },
  ],
});

/**
 * Moves one element from the non-empty list `from` (at src) to the list at dst, and replies
 * with it. The destination is looked up (WRONGTYPE) before anything is popped; when it is the
 * same key, the element goes back into the same list.
 */
export function moveElement(
  c: Client,
  src: string,
  from: ListValue,
  dst: string,
  fromLeft: boolean,
  toLeft: boolean,
): void {
  let to = writeList(c, dst);
  const value = fromLeft ? from.popHead()! : from.popTail()!;
  if (to === undefined) to = createList(c, dst);
  if (toLeft) to.pushHead(value);
  else to.pushTail(value);
  c.engine.keyChanged(c.db, dst, 0);
  notify(c, NOTIFY_LIST, toLeft ? "lpush" : "rpush", dst);
  c.w.bulk(value);
  const emptied = from.size === 0;
  if (emptied) c.db.delete(src);
  c.engine.keyChanged(c.db, src);
  notify(c, NOTIFY_LIST, fromLeft ? "lpop" : "rpop", src);
  if (emptied) notify(c, NOTIFY_GENERIC, "del", src);
}

/** LMOVE/RPOPLPUSH: null when the source does not exist. */
function move(c: Client, src: string, dst: string, fromLeft: boolean, toLeft: boolean): void {
  const from = writeList(c, src);
  if (from === undefined) {
    c.w.nullBulk();
    return;
  }
  moveElement(c, src, from, dst, fromLeft, toLeft);
}

export class ListMoveCommands {
  @command({
    name: "lmove",
    arity: 5,
    flags: ["write", "denyoom"],
    keys: [1, 2, 1],
    acl: ["list"],
    keySpecs: MOVE_KEY_SPECS,
    group: "list",
    since: "6.2.0",
    summary: "Pops an element from one end of a list and pushes it onto an end of another list.",
    complexity: "O(1)",
    args: [
      { name: "source", type: "key", keySpecIndex: 0 },
      { name: "destination", type: "key", keySpecIndex: 1 },
      END_ARGS("wherefrom"),
      END_ARGS("whereto"),
    ],
  })
  static lmove(c: Client, args: string[]): void {
    const fromLeft = parseEnd(args[3]);
    const toLeft = parseEnd(args[4]);
    move(c, args[1], args[2], fromLeft, toLeft);
  }

  @command({
    name: "rpoplpush",
    arity: 3,
    flags: ["write", "denyoom"],
    keys: [1, 2, 1],
    acl: ["list"],
    keySpecs: MOVE_KEY_SPECS,
    group: "list",
    since: "1.2.0",
    summary: "Pops the last element of a list and pushes it onto the head of another list.",
    complexity: "O(1)",
    docFlags: ["deprecated"],
    deprecatedSince: "6.2.0",
    replacedBy: "`LMOVE` with the `RIGHT` and `LEFT` arguments",
    args: [
      { name: "source", type: "key", keySpecIndex: 0 },
      { name: "destination", type: "key", keySpecIndex: 1 },
    ],
  })
  static rpoplpush(c: Client, args: string[]): void {
    move(c, args[1], args[2], false, true);
  }
}
