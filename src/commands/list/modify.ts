import type { Client } from "../../engine/client.ts";
import { int, isOption } from "../args.ts";
import { CommandError, ERR_NO_SUCH_KEY, ERR_SYNTAX } from "../errors.ts";
import { command } from "../registry.ts";
import { afterRemoval, writeList } from "./common.ts";
import { notify, NOTIFY_LIST } from "../../engine/notify.ts";

export class ListModifyCommands {
  @command({
    name: "lset",
    arity: 4,
    flags: ["write", "denyoom"],
    keys: [1, 1, 1],
    acl: ["list"],
    keySpecs: [{ flags: ["RW", "update"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "list",
    since: "1.0.0",
    summary: "Replaces the element at an index of a list.",
    complexity:
      "O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "index", type: "integer" },
      { name: "element", type: "string" },
    ],
  })
  static lset(c: Client, args: string[]): void {
    const key = args[1];
    const list = writeList(c, key);
    if (list === undefined) throw new CommandError(ERR_NO_SUCH_KEY);
    let index = int(args[2]);
    if (index < 0) index += list.size;
    if (index < 0 || index >= list.size) throw new CommandError("ERR index out of range");
    list.set(index, args[3]);
    c.engine.keyChanged(c.db, key);
    notify(c, NOTIFY_LIST, "lset", key);
    c.w.ok();
  }

  @command({
    name: "linsert",
    arity: 5,
    flags: ["write", "denyoom"],
    keys: [1, 1, 1],
    acl: ["list"],
    keySpecs: [{ flags: ["RW", "insert"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "list",
    since: "2.2.0",
    summary: "Inserts an element before or after the first occurrence of a pivot in a list.",
    complexity:
      "O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      {
        name: "where",
        type: "oneof",
        args: [
          { name: "before", type: "pure-token", token: "BEFORE" },
          { name: "after", type: "pure-token", token: "AFTER" },
        ],
      },
      { name: "pivot", type: "string" },
      { name: "element", type: "string" },
    ],
  })
  static linsert(c: Client, args: string[]): void {
    let after: boolean;
    if (isOption(args[2], "AFTER")) after = true;
    else if (isOption(args[2], "BEFORE")) after = false;
    else throw new CommandError(ERR_SYNTAX);
    const key = args[1];
    const list = writeList(c, key);
    if (list === undefined) {
      c.w.int(0);
      return;
    }
    const at = list.indexOf(args[3]);
    if (at < 0) {
      c.w.int(-1);
      return;
    }
    list.insertAt(after ? at + 1 : at, args[4]);
    c.engine.keyChanged(c.db, key);
    notify(c, NOTIFY_LIST, "linsert", key);
    c.w.int(list.size);
  }

  @command({
    name: "lrem",
    arity: 4,
    flags: ["write"],
    keys: [1, 1, 1],
    acl: ["list"],
    keySpecs: [{ flags: ["RW", "delete"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "list",
    since: "1.0.0",
    summary: "Removes elements equal to a value from a list.",
    complexity: "O(N+M) where N is the length of the list and M is the number of elements removed.",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "count", type: "integer" },
      { name: "element", type: "string" },
    ],
  })
  static lrem(c: Client, args: string[]): void {
    const count = int(args[2]);
    const key = args[1];
    const list = writeList(c, key);
    if (list === undefined) {
      c.w.int(0);
      return;
    }
    // count > 0 removes from the head, < 0 from the tail, 0 removes every match
    const removed = list.remove(args[3], Math.abs(count), count < 0);
    if (removed > 0) afterRemoval(c, key, list, removed, "lrem");
    c.w.int(removed);
  }

  @command({
    name: "ltrim",
    arity: 4,
    flags: ["write"],
    keys: [1, 1, 1],
    acl: ["list"],
    keySpecs: [{ flags: ["RW", "delete"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "list",
    since: "1.0.0",
    summary: "Keeps only the elements of a list between two indexes.",
    complexity: "O(N) where N is the number of elements to be removed by the operation.",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "start", type: "integer" },
      { name: "stop", type: "integer" },
    ],
  })
  static ltrim(c: Client, args: string[]): void {
    let start = int(args[2]);
    let end = int(args[3]);
    const key = args[1];
    const list = writeList(c, key);
    if (list === undefined) {
      c.w.ok();
      return;
    }
    const len = list.size;
    if (start < 0) start += len;
    if (end < 0) end += len;
    if (start < 0) start = 0;
    let dropHead: number;
    let dropTail: number;
    if (start > end || start >= len) {
      dropHead = len;
      dropTail = 0;
    } else {
      if (end >= len) end = len - 1;
      dropHead = start;
      dropTail = len - end - 1;
    }
    list.dropHead(dropHead);
    list.dropTail(dropTail);
    // Redis records the trim (WATCH sees it) even when nothing was removed
    afterRemoval(c, key, list, dropHead + dropTail, "ltrim");
    c.w.ok();
  }
}
