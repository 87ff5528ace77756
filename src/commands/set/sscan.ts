import type { Client } from "../../engine/client.ts";
import type { SetValue } from "../../store/set.ts";
import { readCollection } from "../lookup.ts";
import { command } from "../registry.ts";
import {
  matches,
  parseCollectionScanOptions,
  parseCursorArg,
  writeEmptyScan,
  writeScanReply,
} from "../scan_args.ts";

export class SetScanCommand {
  @command({
    name: "sscan",
    arity: -3,
    flags: ["readonly"],
    keys: [1, 1, 1],
    acl: ["set"],
    tips: ["nondeterministic_output"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "set",
    since: "2.8.0",
    summary: "Walks the members of a set a few at a time with a cursor.",
    complexity:
      "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "cursor", type: "integer" },
      { name: "pattern", type: "pattern", token: "MATCH", flags: ["optional"] },
      { name: "count", type: "integer", token: "COUNT", flags: ["optional"] },
    ],
  })
  static sscan(c: Client, args: string[]): void {
    const cursor = parseCursorArg(args[2]);
    const set = readCollection<SetValue>(c, args[1], "set");
    if (set === undefined) {
      writeEmptyScan(c);
      return;
    }
    const { count, pattern } = parseCollectionScanOptions(args, 3);
    const found: string[] = [];
    const next = set.scan(cursor, count, (m) => {
      if (matches(pattern, m)) found.push(m);
    });
    writeScanReply(c, next, found);
  }
}
