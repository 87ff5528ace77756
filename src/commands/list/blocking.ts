/**
 * BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP: the list pops that wait for data. A command
 * that finds data replies at once like its non-blocking sibling; otherwise it waits through
 * the engine's BlockingManager (engine/blocking.ts), whose serve callbacks below pop and
 * reply when a key is filled.
 */
import type { Client } from "../../engine/client.ts";
import type { ListValue } from "../../store/list.ts";
import { numkeysKeys, timeout } from "../args.ts";
import { command, type CommandMeta } from "../registry.ts";
import {
  afterRemoval,
  parseEnd,
  parseListMpop,
  popRangeWithKeyReply,
  writeList,
} from "./common.ts";
import { END_ARGS, MOVE_KEY_SPECS, moveElement } from "./move.ts";

/**
 * A blocking pop propagates as the plain pop it amounts to, as in Redis: BLPOP/BRPOP as
 * LPOP/RPOP key, BLMPOP as LPOP/RPOP key n, n being what it could pop from `length` elements.
 */
function propagatePop(c: Client, key: string, left: boolean, count: number, length: number) {
  const prop = c.engine.propagation;
  if (!prop.active) return;
  const args = [left ? "LPOP" : "RPOP", key];
  if (count !== -1) args.push(String(Math.min(count, length)));
  prop.instead(c.db.id, args);
}

/**
 * BLMOVE propagates as LMOVE (with the directions as given when it did not wait, as Redis
 * rewrites the command; spelled LEFT/RIGHT when served later), BRPOPLPUSH as RPOPLPUSH.
 */
function propagateMove(
  c: Client,
  args: string[],
  fromLeft: boolean,
  toLeft: boolean,
  served: boolean,
) {
  const prop = c.engine.propagation;
  if (!prop.active) return;
  const [src, dst] = [args[1], args[2]];
  if (args.length === 4) prop.instead(c.db.id, ["RPOPLPUSH", src, dst]);
  else if (!served) prop.instead(c.db.id, ["LMOVE", src, dst, args[3], args[4]]);
  else {
    prop.instead(c.db.id, [
      "LMOVE",
      src,
      dst,
      fromLeft ? "LEFT" : "RIGHT",
      toLeft ? "LEFT" : "RIGHT",
    ]);
  }
}

/** BLPOP/BRPOP reply: [key, element]. */
function popOneWithKey(c: Client, key: string, list: ListValue, left: boolean): void {
  const value = left ? list.popHead()! : list.popTail()!;
  c.w.array(2);
  c.w.bulk(key);
  c.w.bulk(value);
  afterRemoval(c, key, list, 1, left ? "lpop" : "rpop");
}

/**
 * BLPOP/BRPOP (count -1) and BLMPOP (count >= 1): pops from the first non-empty list among
 * keys[from, to), or waits for one of them.
 */
function blockingPop(
  c: Client,
  args: string[],
  from: number,
  to: number,
  left: boolean,
  count: number,
  timeout: number,
): void | Promise<void> {
  for (let i = from; i < to; i++) {
    const list = writeList(c, args[i]);
    if (list === undefined) continue;
    const length = list.size;
    if (count === -1) popOneWithKey(c, args[i], list, left);
    else popRangeWithKeyReply(c, args[i], list, left, count);
    propagatePop(c, args[i], left, count, length);
    return;
  }
  const blocking = c.engine.blocking;
  if (!blocking.mayBlock(c)) {
    c.w.nullArray();
    return;
  }
  return blocking.block(c, {
    keys: args.slice(from, to),
    type: "list",
    timeout,
    serve: (key, value) => {
      const list = value as ListValue;
      const length = list.size;
      if (count === -1) popOneWithKey(c, key, list, left);
      else popRangeWithKeyReply(c, key, list, left, count);
      propagatePop(c, key, left, count, length);
      return true;
    },
  });
}

/** BLMOVE/BRPOPLPUSH (args as received, for propagation). */
function blockingMove(
  c: Client,
  args: string[],
  fromLeft: boolean,
  toLeft: boolean,
  timeout: number,
): void | Promise<void> {
  const [src, dst] = [args[1], args[2]];
  const from = writeList(c, src);
  if (from !== undefined) {
    moveElement(c, src, from, dst, fromLeft, toLeft);
    propagateMove(c, args, fromLeft, toLeft, false);
    return;
  }
  const blocking = c.engine.blocking;
  if (!blocking.mayBlock(c)) {
    // unlike the other blocking pops, a move answers a null bulk here (the timeout reply
    // stays a null array)
    c.w.nullBulk();
    return;
  }
  return blocking.block(c, {
    keys: [src],
    type: "list",
    timeout,
    // a destination of the wrong type makes moveElement throw WRONGTYPE before popping: the
    // manager sends this client the error, ends its wait, and the element stays for the
    // next waiter, as in Redis
    serve: (key, value) => {
      moveElement(c, key, value as ListValue, dst, fromLeft, toLeft);
      propagateMove(c, args, fromLeft, toLeft, true);
      return true;
    },
  });
}

function blockingPopMeta(name: string, summary: string): CommandMeta {
  return {
    name,
    arity: -3,
    flags: ["write", "noscript", "blocking"],
    keys: [1, -2, 1],
    acl: ["list"],
    keySpecs: [{
      flags: ["RW", "access", "delete"],
      begin: { index: 1 },
      find: { range: [-2, 1, 0] },
    }],
    group: "list",
    since: "2.0.0",
    summary,
    complexity: "O(N) where N is the number of provided keys.",
    history: [["6.0.0", "The timeout is a number of seconds with a fractional part allowed."]],
    args: [
      { name: "key", type: "key", keySpecIndex: 0, flags: ["multiple"] },
      { name: "timeout", type: "double" },
    ],
  };
}

export class ListBlockingCommands {
  @command(blockingPopMeta(
    "blpop",
    "Pops the first element of the first non-empty list among keys, waiting for one if all " +
      "are empty.",
  ))
  static blpop(c: Client, args: string[]): void | Promise<void> {
    const last = args.length - 1;
    return blockingPop(c, args, 1, last, true, -1, timeout(args[last]));
  }

  @command(blockingPopMeta(
    "brpop",
    "Pops the last element of the first non-empty list among keys, waiting for one if all " +
      "are empty.",
  ))
  static brpop(c: Client, args: string[]): void | Promise<void> {
    const last = args.length - 1;
    return blockingPop(c, args, 1, last, false, -1, timeout(args[last]));
  }

  @command({
    name: "blmove",
    arity: 6,
    flags: ["write", "denyoom", "noscript", "blocking"],
    keys: [1, 2, 1],
    acl: ["list"],
    keySpecs: MOVE_KEY_SPECS,
    group: "list",
    since: "6.2.0",
    summary: "Moves an element from one end of a list to an end of another list, waiting for " +
      "the source to have one.",
    complexity: "O(1)",
    args: [
      { name: "source", type: "key", keySpecIndex: 0 },
      { name: "destination", type: "key", keySpecIndex: 1 },
      END_ARGS("wherefrom"),
      END_ARGS("whereto"),
      { name: "timeout", type: "double" },
    ],
  })
  static blmove(c: Client, args: string[]): void | Promise<void> {
    const fromLeft = parseEnd(args[3]);
    const toLeft = parseEnd(args[4]);
    const ms = timeout(args[5]);
    return blockingMove(c, args, fromLeft, toLeft, ms);
  }

  @command({
    name: "brpoplpush",
    arity: 4,
    flags: ["write", "denyoom", "noscript", "blocking"],
    keys: [1, 2, 1],
    acl: ["list"],
    keySpecs: MOVE_KEY_SPECS,
    group: "list",
    since: "2.2.0",
    summary: "Moves the last element of a list to the head of another list, waiting for the " +
      "source to have one.",
    complexity: "O(1)",
    docFlags: ["deprecated"],
    deprecatedSince: "6.2.0",
    replacedBy: "`BLMOVE` with the `RIGHT` and `LEFT` arguments",
    history: [["6.0.0", "The timeout is a number of seconds with a fractional part allowed."]],
    args: [
      { name: "source", type: "key", keySpecIndex: 0 },
      { name: "destination", type: "key", keySpecIndex: 1 },
      { name: "timeout", type: "double" },
    ],
  })
  static brpoplpush(c: Client, args: string[]): void | Promise<void> {
    const ms = timeout(args[3]);
    return blockingMove(c, args, false, true, ms);
  }

  @command({
    name: "blmpop",
    arity: -5,
    flags: ["write", "blocking"],
    keys: [0, 0, 0],
    acl: ["list"],
    keySpecs: [{
      flags: ["RW", "access", "delete"],
      begin: { index: 2 },
      find: { keynum: [0, 1, 1] },
    }],
    group: "list",
    since: "7.0.0",
    summary: "Pops elements from one end of the first non-empty list among keys, waiting for " +
      "one if all are empty.",
    complexity:
      "O(N+M) where N is the number of provided keys and M is the number of elements returned.",
    args: [
      { name: "timeout", type: "double" },
      { name: "numkeys", type: "integer" },
      { name: "key", type: "key", keySpecIndex: 0, flags: ["multiple"] },
      {
        name: "where",
        type: "oneof",
        args: [
          { name: "left", type: "pure-token", token: "LEFT" },
          { name: "right", type: "pure-token", token: "RIGHT" },
        ],
      },
      { name: "count", type: "integer", token: "COUNT", flags: ["optional"] },
    ],
    getKeys: (args) => numkeysKeys(args, 2),
  })
  static blmpop(c: Client, args: string[]): void | Promise<void> {
    // Redis reads the timeout after the other arguments
    const opts = parseListMpop(args, 2);
    const ms = timeout(args[1]);
    const end = opts.firstKey + opts.numkeys;
    return blockingPop(c, args, opts.firstKey, end, opts.first, opts.count, ms);
  }
}
