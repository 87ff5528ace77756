import type { Client } from "../../engine/client.ts";
import {
  lexGteMin,
  lexLteMax,
  type LexRange,
  NONE,
  scoreGteMin,
  scoreLteMax,
  type ScoreRange,
  SortedSet,
} from "../../store/zset.ts";
import { int, OptionScanner } from "../args.ts";
import { CommandError } from "../errors.ts";
import { deleteDestination, storeValue } from "../lookup.ts";
import { type ArgSpec, command, type CommandMeta, type KeySpec } from "../registry.ts";
import {
  parseLexRange,
  parseScoreRange,
  readZset,
  replyScored,
  replyScoredArray,
  WITHSCORES_ARG,
} from "./common.ts";
import { COMPLEXITY } from "./complexity.ts";
import { notify, NOTIFY_ZSET } from "../../engine/notify.ts";

const enum By {
  Auto,
  Rank,
  Score,
  Lex,
}

const enum Dir {
  Auto,
  Forward,
  Reverse,
}

/**
 * A selected run of elements: `count` elements starting at position `start`, walking
 * backwards when `reverse`.
 */
interface Selection {
  start: number;
  count: number;
  reverse: boolean;
}

const EMPTY: Selection = { start: NONE, count: 0, reverse: false };

function selectByRank(zs: SortedSet, start: number, end: number, reverse: boolean): Selection {
  const length = zs.size;
  if (start < 0) start += length;
  if (end < 0) end += length;
  if (start < 0) start = 0;
  if (start > end || start >= length) return EMPTY;
  if (end >= length) end = length - 1;
  const count = end - start + 1;
  return { start: zs.atRank(reverse ? length - 1 - start : start), count, reverse };
}

/**
 * Moves `offset` steps from a found element (Redis skips them without range checks; a
 * negative offset walks off the end), then counts the elements still in range, up to limit
 * (negative: no limit).
 */
function selectFrom(
  zs: SortedSet,
  first: number,
  offset: number,
  limit: number,
  reverse: boolean,
  inRange: (pos: number) => boolean,
): Selection {
  if (first === NONE || offset < 0) return EMPTY;
  let pos = first;
  if (offset > 0) {
    const rank = reverse ? zs.foundRank - offset : zs.foundRank + offset;
    pos = zs.atRank(rank);
  }
  let count = 0;
  for (let p = pos; p !== NONE && count !== limit && inRange(p); count++) {
    p = reverse ? zs.prev(p) : zs.next(p);
  }
  return { start: pos, count, reverse };
}

function selectByScore(
  zs: SortedSet,
  r: ScoreRange,
  offset: number,
  limit: number,
  reverse: boolean,
): Selection {
  if (offset > 0 && offset >= zs.size) return EMPTY;
  if (reverse) {
    const last = zs.lastInScoreRange(r);
    return selectFrom(zs, last, offset, limit, true, (p) => scoreGteMin(zs.scoreAt(p), r));
  }
  const first = zs.firstInScoreRange(r);
  return selectFrom(zs, first, offset, limit, false, (p) => scoreLteMax(zs.scoreAt(p), r));
}

function selectByLex(
  zs: SortedSet,
  r: LexRange,
  offset: number,
  limit: number,
  reverse: boolean,
): Selection {
  if (offset > 0 && offset >= zs.size) return EMPTY;
  if (reverse) {
    const last = zs.lastInLexRange(r);
    return selectFrom(zs, last, offset, limit, true, (p) => lexGteMin(zs.memberAt(p), r));
  }
  const first = zs.firstInLexRange(r);
  return selectFrom(zs, first, offset, limit, false, (p) => lexLteMax(zs.memberAt(p), r));
}

function emit(c: Client, zs: SortedSet | undefined, sel: Selection, withScores: boolean): void {
  replyScoredArray(c, sel.count, withScores);
  if (zs === undefined) return;
  let pos = sel.start;
  for (let i = 0; i < sel.count; i++) {
    if (withScores) replyScored(c, zs.memberAt(pos), zs.scoreAt(pos));
    else c.w.bulk(zs.memberAt(pos));
    pos = sel.reverse ? zs.prev(pos) : zs.next(pos);
  }
}

function store(
  c: Client,
  dst: string,
  zs: SortedSet | undefined,
  sel: Selection,
  sizeHint: number,
): void {
  if (zs === undefined || sel.count === 0) {
    deleteDestination(c, dst);
    c.w.int(0);
    return;
  }
  const limits = c.engine.config;
  const out = SortedSet.forSizeHint(limits, sizeHint);
  let pos = sel.start;
  for (let i = 0; i < sel.count; i++) {
    out.insertNew(zs.memberAt(pos), zs.scoreAt(pos), limits);
    pos = sel.reverse ? zs.prev(pos) : zs.next(pos);
  }
  storeValue(c, dst, out);
  notify(c, NOTIFY_ZSET, "zrangestore", dst);
  c.w.int(sel.count);
}

/**
 * The whole ZRANGE family, as Redis's zrangeGenericCommand: options first (with their own
 * errors), then the range, then the key.
 */
function zrangeGeneric(
  c: Client,
  args: string[],
  keyIdx: number,
  dst: string | null,
  by: By,
  dir: Dir,
): void {
  let withScores = false;
  let offset = 0;
  let limit = -1;
  const o = new OptionScanner(args, keyIdx + 3);
  while (!o.done) {
    if (dst === null && o.take("WITHSCORES")) withScores = true;
    else if (o.take("LIMIT", 2)) {
      offset = o.int();
      limit = o.int();
    } else if (dir === Dir.Auto && o.take("REV")) dir = Dir.Reverse;
    else if (by === By.Auto && o.take("BYLEX")) by = By.Lex;
    else if (by === By.Auto && o.take("BYSCORE")) by = By.Score;
    else o.fail();
  }
  if (dir === Dir.Auto) dir = Dir.Forward;
  if (by === By.Auto) by = By.Rank;
  if (limit !== -1 && by === By.Rank) {
    throw new CommandError(
      "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX",
    );
  }
  if (withScores && by === By.Lex) {
    throw new CommandError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
  }
  const reverse = dir === Dir.Reverse;
  let minArg = args[keyIdx + 1];
  let maxArg = args[keyIdx + 2];
  // by score and by lex, a reversed range is given as max, min
  if (reverse && by !== By.Rank) [minArg, maxArg] = [maxArg, minArg];

  let start = 0;
  let end = 0;
  let scoreRange: ScoreRange | null = null;
  let lexRange: LexRange | null = null;
  if (by === By.Rank) {
    start = int(minArg);
    end = int(maxArg);
  } else if (by === By.Score) {
    scoreRange = parseScoreRange(minArg, maxArg);
  } else {
    lexRange = parseLexRange(minArg, maxArg);
  }

  const zs = readZset(c, args[keyIdx]);
  let sel = EMPTY;
  if (zs !== undefined) {
    if (by === By.Rank) sel = selectByRank(zs, start, end, reverse);
    else if (by === By.Score) sel = selectByScore(zs, scoreRange!, offset, limit, reverse);
    else sel = selectByLex(zs, lexRange!, offset, limit, reverse);
  }
  if (dst !== null) store(c, dst, zs, sel, by === By.Rank ? sel.count : -1);
  else emit(c, zs, sel, withScores);
}

// ---- metadata ----

const READ_SPEC: KeySpec[] = [
  { flags: ["RO", "access"], begin: { index: 1 }, find: { range: [0, 1, 0] } },
];
const LIMIT_ARG: ArgSpec = {
  name: "offset_count",
  type: "block",
  token: "LIMIT",
  flags: ["optional"],
  args: [
    { name: "offset", type: "integer" },
    { name: "count", type: "integer" },
  ],
};

function readMeta(
  name: string,
  since: string,
  summary: string,
  args: ArgSpec[],
  extra: Partial<CommandMeta> = {},
): CommandMeta {
  return {
    name,
    arity: -4,
    flags: ["readonly"],
    keys: [1, 1, 1],
    acl: ["sortedset"],
    keySpecs: READ_SPEC,
    group: "sorted-set",
    since,
    summary,
    complexity: COMPLEXITY[name],
    args: [{ name: "key", type: "key", keySpecIndex: 0 }, ...args],
    ...extra,
  };
}

export class ZrangeCommands {
  @command(readMeta(
    "zrange",
    "1.2.0",
    "Returns the members of a sorted set in a range of ranks, scores or member names.",
    [
      { name: "start", type: "string" },
      { name: "stop", type: "string" },
      {
        name: "sortby",
        type: "oneof",
        since: "6.2.0",
        flags: ["optional"],
        args: [
          { name: "byscore", type: "pure-token", token: "BYSCORE" },
          { name: "bylex", type: "pure-token", token: "BYLEX" },
        ],
      },
      { name: "rev", type: "pure-token", token: "REV", since: "6.2.0", flags: ["optional"] },
      { ...LIMIT_ARG, since: "6.2.0" },
      WITHSCORES_ARG,
    ],
    { history: [["6.2.0", "`REV`, `BYSCORE`, `BYLEX` and `LIMIT` options."]] },
  ))
  static zrange(c: Client, args: string[]): void {
    zrangeGeneric(c, args, 1, null, By.Auto, Dir.Auto);
  }

  @command({
    name: "zrangestore",
    arity: -5,
    flags: ["write", "denyoom"],
    keys: [1, 2, 1],
    acl: ["sortedset"],
    keySpecs: [
      { flags: ["OW", "update"], begin: { index: 1 }, find: { range: [0, 1, 0] } },
      { flags: ["RO", "access"], begin: { index: 2 }, find: { range: [0, 1, 0] } },
    ],
    group: "sorted-set",
    since: "6.2.0",
    summary: "Copies a range of a sorted set (by rank, score or member name) into another key.",
    complexity: COMPLEXITY.zrangestore,
    args: [
      { name: "dst", type: "key", keySpecIndex: 0 },
      { name: "src", type: "key", keySpecIndex: 1 },
      { name: "min", type: "string" },
      { name: "max", type: "string" },
      {
        name: "sortby",
        type: "oneof",
        flags: ["optional"],
        args: [
          { name: "byscore", type: "pure-token", token: "BYSCORE" },
          { name: "bylex", type: "pure-token", token: "BYLEX" },
        ],
      },
      { name: "rev", type: "pure-token", token: "REV", flags: ["optional"] },
      LIMIT_ARG,
    ],
  })
  static zrangestore(c: Client, args: string[]): void {
    zrangeGeneric(c, args, 2, args[1], By.Auto, Dir.Auto);
  }

  @command(readMeta(
    "zrangebyscore",
    "1.0.5",
    "Returns the members of a sorted set whose scores fall in a range, lowest first.",
    [
      { name: "min", type: "double" },
      { name: "max", type: "double" },
      { ...WITHSCORES_ARG, since: "2.0.0" },
      LIMIT_ARG,
    ],
    {
      docFlags: ["deprecated"],
      deprecatedSince: "6.2.0",
      replacedBy: "`ZRANGE` with the `BYSCORE` argument",
      history: [["2.0.0", "`WITHSCORES` option."]],
    },
  ))
  static zrangebyscore(c: Client, args: string[]): void {
    zrangeGeneric(c, args, 1, null, By.Score, Dir.Forward);
  }

  @command(readMeta(
    "zrevrangebyscore",
    "2.2.0",
    "Returns the members of a sorted set whose scores fall in a range, highest first.",
    [
      { name: "max", type: "double" },
      { name: "min", type: "double" },
      WITHSCORES_ARG,
      LIMIT_ARG,
    ],
    {
      docFlags: ["deprecated"],
      deprecatedSince: "6.2.0",
      replacedBy: "`ZRANGE` with the `REV` and `BYSCORE` arguments",
      history: [["2.1.6", "Bounds may be exclusive."]],
    },
  ))
  static zrevrangebyscore(c: Client, args: string[]): void {
    zrangeGeneric(c, args, 1, null, By.Score, Dir.Reverse);
  }

  @command(readMeta(
    "zrangebylex",
    "2.8.9",
    "Returns the members of a sorted set within a lexicographical range, in ascending order.",
    [
      { name: "min", type: "string" },
      { name: "max", type: "string" },
      LIMIT_ARG,
    ],
    {
      docFlags: ["deprecated"],
      deprecatedSince: "6.2.0",
      replacedBy: "`ZRANGE` with the `BYLEX` argument",
    },
  ))
  static zrangebylex(c: Client, args: string[]): void {
    zrangeGeneric(c, args, 1, null, By.Lex, Dir.Forward);
  }

  @command(readMeta(
    "zrevrangebylex",
    "2.8.9",
    "Returns the members of a sorted set within a lexicographical range, in descending order.",
    [
      { name: "max", type: "string" },
      { name: "min", type: "string" },
      LIMIT_ARG,
    ],
    {
      docFlags: ["deprecated"],
      deprecatedSince: "6.2.0",
      replacedBy: "`ZRANGE` with the `REV` and `BYLEX` arguments",
    },
  ))
  static zrevrangebylex(c: Client, args: string[]): void {
    zrangeGeneric(c, args, 1, null, By.Lex, Dir.Reverse);
  }

  @command(readMeta(
    "zrevrange",
    "1.2.0",
    "Returns the members of a sorted set in a range of ranks, highest score first.",
    [
      { name: "start", type: "integer" },
      { name: "stop", type: "integer" },
      WITHSCORES_ARG,
    ],
    {
      docFlags: ["deprecated"],
      deprecatedSince: "6.2.0",
      replacedBy: "`ZRANGE` with the `REV` argument",
    },
  ))
  static zrevrange(c: Client, args: string[]): void {
    zrangeGeneric(c, args, 1, null, By.Rank, Dir.Reverse);
  }
}
