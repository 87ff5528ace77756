import type { Client } from "../../engine/client.ts";
import type { HashValue } from "../../store/hash.ts";
import { readCollection } from "../lookup.ts";
import { command } from "../registry.ts";
import {
  matches,
  parseCollectionScanOptions,
  parseCursorArg,
  writeEmptyScan,
  writeScanReply,
} from "../scan_args.ts";

export class HashScanCommand {
  @command({
    name: "hscan",
    arity: -3,
    flags: ["readonly"],
    keys: [1, 1, 1],
    acl: ["hash"],
    tips: ["nondeterministic_output"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "hash",
    since: "2.8.0",
    summary: "Walks the fields and values of a hash a few at a time with a cursor.",
    complexity:
      "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "cursor", type: "integer" },
      { name: "pattern", type: "pattern", token: "MATCH", flags: ["optional"] },
      { name: "count", type: "integer", token: "COUNT", flags: ["optional"] },
    ],
  })
  static hscan(c: Client, args: string[]): void {
    const cursor = parseCursorArg(args[2]);
    const hash = readCollection<HashValue>(c, args[1], "hash");
    if (hash === undefined) {
      writeEmptyScan(c);
      return;
    }
    const { count, pattern } = parseCollectionScanOptions(args, 3);
    const found: string[] = [];
    const next = hash.scan(cursor, count, (field, value) => {
      if (matches(pattern, field)) found.push(field, value);
    });
    writeScanReply(c, next, found);
  }
}
