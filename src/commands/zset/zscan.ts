import type { Client } from "../../engine/client.ts";
import { formatDouble17g } from "../../lib/numbers.ts";
import { command } from "../registry.ts";
import {
  matches,
  parseCollectionScanOptions,
  parseCursorArg,
  writeEmptyScan,
  writeScanReply,
} from "../scan_args.ts";
import { readZset } from "./common.ts";
import { COMPLEXITY } from "./complexity.ts";

export class ZscanCommand {
  @command({
    name: "zscan",
    arity: -3,
    flags: ["readonly"],
    keys: [1, 1, 1],
    acl: ["sortedset"],
    tips: ["nondeterministic_output"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "sorted-set",
    since: "2.8.0",
    summary: "Walks the members and scores of a sorted set a few at a time with a cursor.",
    complexity: COMPLEXITY.zscan,
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "cursor", type: "integer" },
      { name: "pattern", type: "pattern", token: "MATCH", flags: ["optional"] },
      { name: "count", type: "integer", token: "COUNT", flags: ["optional"] },
    ],
  })
  static zscan(c: Client, args: string[]): void {
    const cursor = parseCursorArg(args[2]);
    const zs = readZset(c, args[1]);
    if (zs === undefined) {
      writeEmptyScan(c);
      return;
    }
    const { count, pattern } = parseCollectionScanOptions(args, 3);
    // scores travel as bulk strings in both protocols, as Redis sends them
    const found: string[] = [];
    let seen = 0;
    const visit = (member: string, score: number) => {
      seen++;
      if (!matches(pattern, member)) return;
      found.push(member, formatDouble17g(score));
    };
    // like Redis: stop after about COUNT elements, or after looking at ten times COUNT slots
    let next = cursor;
    for (let examined = 0; examined < count * 10; examined += count) {
      next = zs.scan(next, count, visit);
      if (next === 0 || seen >= count) break;
    }
    writeScanReply(c, next, found);
  }
}
