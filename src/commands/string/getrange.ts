/** GETRANGE and its deprecated older name SUBSTR. */
import type { Client } from "../../engine/client.ts";
import { int64 } from "../args.ts";
import { readString } from "../lookup.ts";
import { type ArgSpec, command, type KeySpec } from "../registry.ts";

const RANGE_SPEC: KeySpec[] = [{
  flags: ["RO", "access"],
  begin: { index: 1 },
  find: { range: [0, 1, 0] },
}];

const RANGE_ARGS: ArgSpec[] = [
  { name: "key", type: "key", keySpecIndex: 0 },
  { name: "start", type: "integer" },
  { name: "end", type: "integer" },
];

const RANGE_COMPLEXITY =
  "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.";

function getrange(c: Client, args: string[]): void {
  const first = int64(args[2]);
  const last = int64(args[3]);
  const value = readString(c, args[1]) ?? "";
  // both from the end and crossing: empty, decided on the exact values
  if (first < 0 && last < 0 && first > last) {
    c.w.bulk("");
    return;
  }
  // beyond ±2^53 the rounded numbers still land on the same side of every bound
  const len = value.length;
  let start = Number(first);
  let end = Number(last);
  if (start < 0) start = Math.max(0, len + start);
  if (end < 0) end = Math.max(0, len + end);
  if (end >= len) end = len - 1;
  if (start > end || len === 0) c.w.bulk("");
  else c.w.bulk(start === 0 && end === len - 1 ? value : value.slice(start, end + 1));
}

export class GetrangeCommands {
  @command({
    name: "getrange",
    arity: 4,
    flags: ["readonly"],
    keys: [1, 1, 1],
    acl: ["string"],
    keySpecs: RANGE_SPEC,
    group: "string",
    since: "2.4.0",
    summary: "Returns a byte range of the string stored at a key.",
    complexity: RANGE_COMPLEXITY,
    args: RANGE_ARGS,
  })
  static getrange(c: Client, args: string[]): void {
    getrange(c, args);
  }

  @command({
    name: "substr",
    arity: 4,
    flags: ["readonly"],
    keys: [1, 1, 1],
    acl: ["string"],
    keySpecs: RANGE_SPEC,
    group: "string",
    since: "1.0.0",
    summary: "Returns a byte range of the string stored at a key (the old name of GETRANGE).",
    complexity: RANGE_COMPLEXITY,
    docFlags: ["deprecated"],
    deprecatedSince: "2.0.0",
    replacedBy: "`GETRANGE`",
    args: RANGE_ARGS,
  })
  static substr(c: Client, args: string[]): void {
    getrange(c, args);
  }
}
