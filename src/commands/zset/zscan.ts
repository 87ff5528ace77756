import type { Client } from "../../server/client.ts";
import { formatDouble17g } from "../../resp/numbers.ts";
import { globMatch } from "../../store/glob.ts";
import { parseScanCursor } from "../../store/scan_cursor.ts";
import { int } from "../args.ts";
import { CommandError, ERR_SYNTAX } from "../errors.ts";
import { command } from "../registry.ts";
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
    const cursor = parseScanCursor(args[2]);
    if (cursor === null) throw new CommandError("ERR invalid cursor");
    const zs = readZset(c, args[1]);
    if (zs === undefined) {
      c.w.array(2);
      c.w.bulk("0");
      c.w.array(0);
      return;
    }
    let count = 10;
    let pattern: string | null = null;
    for (let i = 3; i < args.length; i += 2) {
      const opt = args[i].toLowerCase();
      if (i + 1 >= args.length) throw new CommandError(ERR_SYNTAX);
      if (opt === "count") {
        count = int(args[i + 1]);
        if (count < 1) throw new CommandError(ERR_SYNTAX);
      } else if (opt === "match") {
        pattern = args[i + 1] === "*" ? null : args[i + 1];
      } else {
        throw new CommandError(ERR_SYNTAX);
      }
    }
    // scores travel as bulk strings in both protocols, as Redis sends them
    const found: string[] = [];
    let seen = 0;
    const visit = (member: string, score: number) => {
      seen++;
      if (pattern !== null && !globMatch(pattern, member)) return;
      found.push(member, formatDouble17g(score));
    };
    // like Redis: stop after about COUNT elements, or after looking at ten times COUNT slots
    let next = cursor;
    for (let examined = 0; examined < count * 10; examined += count) {
      next = zs.scan(next, count, visit);
      if (next === 0 || seen >= count) break;
    }
    c.w.array(2);
    c.w.bulk(String(next));
    c.w.bulkArray(found);
  }
}
