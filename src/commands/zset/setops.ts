import type { Client } from "../../engine/client.ts";
import { NONE, SortedSet } from "../../store/zset.ts";
import type { Value } from "../../store/types.ts";
import { keyword, Numkeys, numkeys, numkeysKeys, OptionScanner, positiveInt } from "../args.ts";
import { CommandError, ERR_WRONGTYPE } from "../errors.ts";
import { deleteDestination, lookupRead, storeValue } from "../lookup.ts";
import { command, type CommandMeta } from "../registry.ts";
import { replyScored, replyScoredArray, WITHSCORES_ARG } from "./common.ts";
import { COMPLEXITY } from "./complexity.ts";
import { notify, NOTIFY_ZSET } from "../../engine/notify.ts";

/** What these commands need of a plain set (src/store/set.ts); its members score 1. */
interface PlainSet {
  readonly size: number;
  has(member: string): boolean;
  forEach(visit: (member: string) => void): void;
}

const enum Op {
  Union,
  Inter,
  Diff,
}

const enum Aggregate {
  Sum,
  Min,
  Max,
}

/** AGGREGATE's keywords, in Aggregate's order. */
const AGGREGATE_NAMES = ["SUM", "MIN", "MAX"] as const;

interface Source {
  zset: SortedSet | null;
  set: PlainSet | null;
  size: number;
  weight: number;
}

function forEachElement(src: Source, visit: (member: string, score: number) => void): void {
  const zs = src.zset;
  if (zs !== null) {
    for (let pos = zs.first(); pos !== NONE; pos = zs.next(pos)) {
      visit(zs.memberAt(pos), zs.scoreAt(pos));
    }
  } else if (src.set !== null) {
    src.set.forEach((m) => visit(m, 1));
  }
}

function scoreIn(src: Source, member: string): number | undefined {
  if (src.zset !== null) return src.zset.score(member);
  if (src.set !== null) return src.set.has(member) ? 1 : undefined;
  return undefined;
}

/** Combines a score into an accumulated one; a NaN sum (inf + -inf) counts as 0, as in Redis. */
function aggregate(target: number, value: number, how: Aggregate): number {
  if (how === Aggregate.Sum) {
    const sum = target + value;
    return Number.isNaN(sum) ? 0 : sum;
  }
  if (how === Aggregate.Min) return value < target ? value : target;
  return value > target ? value : target;
}

/**
 * ZUNION/ZINTER/ZDIFF and their STORE forms, and ZINTERCARD: Redis's
 * zunionInterDiffGenericCommand, with its order of checks (numkeys, key types, options).
 */
function zsetOperation(
  c: Client,
  args: string[],
  name: string,
  dst: string | null,
  numkeysIdx: number,
  op: Op,
  cardinalityOnly: boolean,
): void {
  const setnum = numkeys(args, numkeysIdx, Numkeys.Zset, name);

  const sources: Source[] = new Array(setnum);
  let j = numkeysIdx + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const v: Value | undefined = lookupRead(c, args[j]);
    const src: Source = { zset: null, set: null, size: 0, weight: 1 };
    if (v !== undefined) {
      if (typeof v === "string" || (v.type !== "zset" && v.type !== "set")) {
        throw new CommandError(ERR_WRONGTYPE);
      }
      if (v.type === "zset") src.zset = v as SortedSet;
      else src.set = v as unknown as PlainSet;
      src.size = v.size;
    }
    sources[i] = src;
  }

  let how = Aggregate.Sum;
  let withScores = false;
  let limit = 0;
  const o = new OptionScanner(args, j);
  while (!o.done) {
    if (op !== Op.Diff && !cardinalityOnly && o.take("WEIGHTS", setnum)) {
      for (let i = 0; i < setnum; i++) {
        sources[i].weight = o.float("ERR weight value is not a float");
      }
    } else if (op !== Op.Diff && !cardinalityOnly && o.take("AGGREGATE", 1)) {
      how = keyword(o.value(), AGGREGATE_NAMES) as Aggregate;
    } else if (dst === null && !cardinalityOnly && o.take("WITHSCORES")) {
      withScores = true;
    } else if (cardinalityOnly && o.take("LIMIT", 1)) {
      limit = positiveInt(o.value(), "ERR LIMIT can't be negative");
    } else {
      o.fail();
    }
  }

  // Redis walks inputs from the smallest; the order decides how float sums round
  if (op !== Op.Diff) sources.sort((a, b) => a.size - b.size);

  const result = new Map<string, number>();
  let cardinality = 0;
  if (op === Op.Inter) {
    const first = sources[0];
    if (first.size > 0) {
      forEachElement(first, (member, score) => {
        if (cardinalityOnly && limit !== 0 && cardinality >= limit) return;
        let total = first.weight * score;
        if (Number.isNaN(total)) total = 0;
        for (let k = 1; k < setnum; k++) {
          const other = scoreIn(sources[k], member);
          if (other === undefined) return;
          total = aggregate(total, other * sources[k].weight, how);
        }
        if (cardinalityOnly) cardinality++;
        else result.set(member, total);
      });
    }
  } else if (op === Op.Union) {
    for (const src of sources) {
      if (src.size === 0) continue;
      forEachElement(src, (member, score) => {
        let value = src.weight * score;
        if (Number.isNaN(value)) value = 0;
        const existing = result.get(member);
        result.set(member, existing === undefined ? value : aggregate(existing, value, how));
      });
    }
  } else {
    const first = sources[0];
    if (first.size > 0) {
      forEachElement(first, (member, score) => {
        for (let k = 1; k < setnum; k++) {
          if (sources[k].size > 0 && scoreIn(sources[k], member) !== undefined) return;
        }
        result.set(member, score);
      });
    }
  }

  if (cardinalityOnly) {
    c.w.int(cardinality);
    return;
  }
  if (dst !== null) {
    storeResult(c, dst, result, name);
    return;
  }
  const members = [...result.keys()];
  const order = sortedOrder(members, result);
  replyScoredArray(c, members.length, withScores);
  for (const i of order) {
    if (withScores) replyScored(c, members[i], result.get(members[i])!);
    else c.w.bulk(members[i]);
  }
}

/** Indexes of members in (score, member) order. */
function sortedOrder(members: string[], scores: Map<string, number>): number[] {
  const s = members.map((m) => scores.get(m)!);
  const order = members.map((_, i) => i);
  order.sort((a, b) => {
    if (s[a] !== s[b]) return s[a] < s[b] ? -1 : 1;
    return members[a] < members[b] ? -1 : members[a] > members[b] ? 1 : 0;
  });
  return order;
}

/** Stores a computed set at dst, announced as `event` (the command's name). */
function storeResult(c: Client, dst: string, result: Map<string, number>, event: string): void {
  if (result.size === 0) {
    deleteDestination(c, dst);
    c.w.int(0);
    return;
  }
  const limits = c.engine.config;
  // built as a skiplist, then compacted when small enough, as Redis does
  const out = new SortedSet(true);
  for (const [member, score] of result) out.insertNew(member, score, limits);
  out.convertToListpackIfFits(limits);
  storeValue(c, dst, out);
  notify(c, NOTIFY_ZSET, event, dst);
  c.w.int(out.size);
}

// ---- metadata ----

const WEIGHTS_ARG = {
  name: "weight",
  type: "integer" as const,
  token: "WEIGHTS",
  flags: ["optional", "multiple"] as ("optional" | "multiple")[],
};
const AGGREGATE_ARG = {
  name: "aggregate",
  type: "oneof" as const,
  token: "AGGREGATE",
  flags: ["optional"] as "optional"[],
  args: [
    { name: "sum", type: "pure-token" as const, token: "SUM" },
    { name: "min", type: "pure-token" as const, token: "MIN" },
    { name: "max", type: "pure-token" as const, token: "MAX" },
  ],
};

function readOpMeta(
  name: string,
  summary: string,
  since: string,
  extraArgs: CommandMeta["args"],
): CommandMeta {
  return {
    name,
    arity: -3,
    flags: ["readonly", "movablekeys"],
    keys: [0, 0, 0],
    acl: ["sortedset"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { keynum: [0, 1, 1] } }],
    group: "sorted-set",
    since,
    summary,
    complexity: COMPLEXITY[name],
    args: [
      { name: "numkeys", type: "integer" },
      { name: "key", type: "key", keySpecIndex: 0, flags: ["multiple"] },
      ...(extraArgs ?? []),
    ],
    getKeys: (args) => numkeysKeys(args, 1),
  };
}

function storeOpMeta(
  name: string,
  summary: string,
  since: string,
  extraArgs: CommandMeta["args"],
): CommandMeta {
  return {
    name,
    arity: -4,
    flags: ["write", "denyoom", "movablekeys"],
    keys: [1, 1, 1],
    acl: ["sortedset"],
    keySpecs: [
      { flags: ["OW", "update"], begin: { index: 1 }, find: { range: [0, 1, 0] } },
      { flags: ["RO", "access"], begin: { index: 2 }, find: { keynum: [0, 1, 1] } },
    ],
    group: "sorted-set",
    since,
    summary,
    complexity: COMPLEXITY[name],
    args: [
      { name: "destination", type: "key", keySpecIndex: 0 },
      { name: "numkeys", type: "integer" },
      { name: "key", type: "key", keySpecIndex: 1, flags: ["multiple"] },
      ...(extraArgs ?? []),
    ],
    getKeys: (args) => {
      const sources = numkeysKeys(args, 2);
      return sources.length === 0 ? [] : [1, ...sources];
    },
  };
}

export class ZsetOpCommands {
  @command(readOpMeta(
    "zunion",
    "Returns the union of sorted sets, combining the scores of common members.",
    "6.2.0",
    [WEIGHTS_ARG, AGGREGATE_ARG, WITHSCORES_ARG],
  ))
  static zunion(c: Client, args: string[]): void {
    zsetOperation(c, args, "zunion", null, 1, Op.Union, false);
  }

  @command(readOpMeta(
    "zinter",
    "Returns the intersection of sorted sets, combining the scores of its members.",
    "6.2.0",
    [WEIGHTS_ARG, AGGREGATE_ARG, WITHSCORES_ARG],
  ))
  static zinter(c: Client, args: string[]): void {
    zsetOperation(c, args, "zinter", null, 1, Op.Inter, false);
  }

  @command(readOpMeta(
    "zdiff",
    "Returns the members of the first sorted set that are in none of the others.",
    "6.2.0",
    [WITHSCORES_ARG],
  ))
  static zdiff(c: Client, args: string[]): void {
    zsetOperation(c, args, "zdiff", null, 1, Op.Diff, false);
  }

  @command(readOpMeta(
    "zintercard",
    "Counts the members of the intersection of sorted sets, optionally stopping at a limit.",
    "7.0.0",
    [{ name: "limit", type: "integer", token: "LIMIT", flags: ["optional"] }],
  ))
  static zintercard(c: Client, args: string[]): void {
    zsetOperation(c, args, "zintercard", null, 1, Op.Inter, true);
  }

  @command(storeOpMeta(
    "zunionstore",
    "Stores the union of sorted sets in a key, combining the scores of common members.",
    "2.0.0",
    [WEIGHTS_ARG, AGGREGATE_ARG],
  ))
  static zunionstore(c: Client, args: string[]): void {
    zsetOperation(c, args, "zunionstore", args[1], 2, Op.Union, false);
  }

  @command(storeOpMeta(
    "zinterstore",
    "Stores the intersection of sorted sets in a key, combining the scores of its members.",
    "2.0.0",
    [WEIGHTS_ARG, AGGREGATE_ARG],
  ))
  static zinterstore(c: Client, args: string[]): void {
    zsetOperation(c, args, "zinterstore", args[1], 2, Op.Inter, false);
  }

  @command(storeOpMeta(
    "zdiffstore",
    "Stores in a key the members of the first sorted set that are in none of the others.",
    "6.2.0",
    [],
  ))
  static zdiffstore(c: Client, args: string[]): void {
    zsetOperation(c, args, "zdiffstore", args[1], 2, Op.Diff, false);
  }
}
