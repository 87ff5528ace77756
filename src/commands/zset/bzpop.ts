import type { Client } from "../../engine/client.ts";
import type { SortedSet } from "../../store/zset.ts";
import { numkeysKeys, timeout } from "../args.ts";
import { command, type CommandMeta } from "../registry.ts";
import { writeZset } from "./common.ts";
import { COMPLEXITY } from "./complexity.ts";
import { MPOP_OPTION_ARGS, parseZsetMpop, popAndReply, PopShape } from "./zpop.ts";

/**
 * A blocking pop propagates as the ZPOPMIN/ZPOPMAX it amounts to, as in Redis: with the number
 * it could pop from `size` members for BZMPOP, without a count for BZPOPMIN/BZPOPMAX.
 */
function propagatePop(
  c: Client,
  key: string,
  min: boolean,
  count: number,
  shape: PopShape,
  size: number,
) {
  const prop = c.engine.propagation;
  if (!prop.active) return;
  const args = [min ? "ZPOPMIN" : "ZPOPMAX", key];
  if (shape === PopShape.KeyPairs) args.push(String(Math.min(count, size)));
  prop.instead(c.db.id, args);
}

/**
 * Pops from the first of keys holding a sorted set, or waits until one of them is created
 * (Redis's blockingGenericZpopCommand). Inside MULTI/EXEC and scripts it answers as on
 * timeout instead of waiting.
 */
function popOrBlock(
  c: Client,
  keys: string[],
  min: boolean,
  count: number,
  shape: PopShape,
  timeout: number,
): void | Promise<void> {
  for (const key of keys) {
    const zs = writeZset(c, key);
    if (zs !== undefined && zs.size > 0) {
      const size = zs.size;
      popAndReply(c, key, zs, min, count, shape);
      propagatePop(c, key, min, count, shape, size);
      return;
    }
  }
  const blocking = c.engine.blocking;
  if (!blocking.mayBlock(c)) {
    c.w.nullArray();
    return;
  }
  return blocking.block(c, {
    keys,
    type: "zset",
    timeout,
    serve: (key, value) => {
      const zs = value as SortedSet;
      if (zs.size === 0) return false;
      const size = zs.size;
      popAndReply(c, key, zs, min, count, shape);
      propagatePop(c, key, min, count, shape, size);
      return true;
    },
  });
}

function bzpopMinMax(c: Client, args: string[], min: boolean): void | Promise<void> {
  const ms = timeout(args[args.length - 1]);
  return popOrBlock(c, args.slice(1, -1), min, 1, PopShape.KeyFlat, ms);
}

/** What BZPOPMIN and BZPOPMAX share: all but name, summary and complexity. */
const BZPOP_META: Omit<CommandMeta, "name" | "summary" | "complexity"> = {
  arity: -3,
  flags: ["write", "noscript", "blocking", "fast"],
  keys: [1, -2, 1],
  acl: ["sortedset"],
  keySpecs: [{
    flags: ["RW", "access", "delete"],
    begin: { index: 1 },
    find: { range: [-2, 1, 0] },
  }],
  group: "sorted-set",
  since: "5.0.0",
  history: [["6.0.0", "The timeout is a double (fractions of a second) rather than an integer."]],
  args: [
    { name: "key", type: "key", keySpecIndex: 0, flags: ["multiple"] },
    { name: "timeout", type: "double" },
  ],
};

export class BzpopCommands {
  @command({
    ...BZPOP_META,
    name: "bzpopmin",
    summary: "Pops the member with the lowest score from the first non-empty sorted set among " +
      "several keys, waiting for one when all are empty.",
    complexity: COMPLEXITY.bzpopmin,
  })
  static bzpopmin(c: Client, args: string[]): void | Promise<void> {
    return bzpopMinMax(c, args, true);
  }

  @command({
    ...BZPOP_META,
    name: "bzpopmax",
    summary: "Pops the member with the highest score from the first non-empty sorted set among " +
      "several keys, waiting for one when all are empty.",
    complexity: COMPLEXITY.bzpopmax,
  })
  static bzpopmax(c: Client, args: string[]): void | Promise<void> {
    return bzpopMinMax(c, args, false);
  }

  @command({
    name: "bzmpop",
    arity: -5,
    flags: ["write", "blocking", "movablekeys"],
    keys: [0, 0, 0],
    acl: ["sortedset"],
    keySpecs: [{
      flags: ["RW", "access", "delete"],
      begin: { index: 2 },
      find: { keynum: [0, 1, 1] },
    }],
    group: "sorted-set",
    since: "7.0.0",
    summary: "Pops members with the lowest or highest scores from the first non-empty sorted " +
      "set among several keys, waiting for one when all are empty.",
    complexity: COMPLEXITY.bzmpop,
    args: [
      { name: "timeout", type: "double" },
      { name: "numkeys", type: "integer" },
      { name: "key", type: "key", keySpecIndex: 0, flags: ["multiple"] },
      ...MPOP_OPTION_ARGS,
    ],
    getKeys: (args) => numkeysKeys(args, 2),
  })
  static bzmpop(c: Client, args: string[]): void | Promise<void> {
    // Redis checks numkeys, MIN/MAX and COUNT before the timeout
    const opts = parseZsetMpop(args, 2);
    const ms = timeout(args[1]);
    const keys = args.slice(3, 3 + opts.numkeys);
    return popOrBlock(c, keys, opts.first, opts.count, PopShape.KeyPairs, ms);
  }
}
