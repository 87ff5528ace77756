import type { Client } from "../../engine/client.ts";
import type { CommandMeta } from "../registry.ts";
import { command } from "../registry.ts";
import { createList, writeList } from "./common.ts";
import { notify, NOTIFY_LIST } from "../../engine/notify.ts";

const PUSH_COMPLEXITY =
  "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.";

function pushMeta(
  name: string,
  since: string,
  summary: string,
  history: [string, string][],
): CommandMeta {
  return {
    name,
    arity: -3,
    flags: ["write", "denyoom", "fast"],
    keys: [1, 1, 1],
    acl: ["list"],
    keySpecs: [{ flags: ["RW", "insert"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "list",
    since,
    summary,
    complexity: PUSH_COMPLEXITY,
    history,
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "element", type: "string", flags: ["multiple"] },
    ],
  };
}

/** LPUSH/RPUSH (create the list) and LPUSHX/RPUSHX (only an existing list). */
function push(c: Client, args: string[], left: boolean, existingOnly: boolean): void {
  const key = args[1];
  let list = writeList(c, key);
  if (list === undefined) {
    if (existingOnly) {
      c.w.int(0);
      return;
    }
    list = createList(c, key);
  }
  if (left) { for (let i = 2; i < args.length; i++) list.pushHead(args[i]); }
  else for (let i = 2; i < args.length; i++) list.pushTail(args[i]);
  c.engine.keyChanged(c.db, key, args.length - 2);
  notify(c, NOTIFY_LIST, left ? "lpush" : "rpush", key);
  c.w.int(list.size);
}

export class ListPushCommands {
  @command(pushMeta(
    "lpush",
    "1.0.0",
    "Adds elements at the head of a list, creating the list when needed.",
    [["2.4.0", "Takes several elements in one call."]],
  ))
  static lpush(c: Client, args: string[]): void {
    push(c, args, true, false);
  }

  @command(pushMeta(
    "rpush",
    "1.0.0",
    "Adds elements at the tail of a list, creating the list when needed.",
    [["2.4.0", "Takes several elements in one call."]],
  ))
  static rpush(c: Client, args: string[]): void {
    push(c, args, false, false);
  }

  @command(pushMeta(
    "lpushx",
    "2.2.0",
    "Adds elements at the head of a list that already exists.",
    [["4.0.0", "Takes several elements in one call."]],
  ))
  static lpushx(c: Client, args: string[]): void {
    push(c, args, true, true);
  }

  @command(pushMeta(
    "rpushx",
    "2.2.0",
    "Adds elements at the tail of a list that already exists.",
    [["4.0.0", "Takes several elements in one call."]],
  ))
  static rpushx(c: Client, args: string[]): void {
    push(c, args, false, true);
  }
}
