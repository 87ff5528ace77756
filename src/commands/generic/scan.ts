import type { Client } from "../../engine/client.ts";
import { globMatch } from "../../store/glob.ts";
import { command } from "../registry.ts";
import { parseCollectionScanOptions, parseCursorArg } from "../scan_args.ts";
import { peekEntry } from "./common.ts";

export class ScanCommand {
  @command({
    name: "scan",
    arity: -2,
    flags: ["readonly", "touches_arbitrary_keys"],
    acl: ["keyspace"],
    tips: ["nondeterministic_output", "request_policy:special"],
    group: "generic",
    since: "2.8.0",
    summary: "Walks the keyspace a few keys per call with a cursor.",
    complexity:
      "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.",
    history: [["6.0.0", "TYPE filter."]],
    args: [
      { name: "cursor", type: "integer" },
      { name: "pattern", type: "pattern", token: "MATCH", flags: ["optional"] },
      { name: "count", type: "integer", token: "COUNT", flags: ["optional"] },
      { name: "type", type: "string", token: "TYPE", since: "6.0.0", flags: ["optional"] },
    ],
  })
  static scan(c: Client, args: string[]): void {
    const cursor = parseCursorArg(args[1]);
    const { count, pattern, typeName } = parseCollectionScanOptions(args, 2, true);

    const db = c.db;
    const seen: string[] = [];
    const next = db.scan(cursor, count, (key) => seen.push(key));

    // Redis filters after collecting: pattern, then type, then reclaims expired keys
    const keys: string[] = [];
    for (const key of seen) {
      if (pattern !== null && !globMatch(pattern, key)) continue;
      if (typeName !== null) {
        const e = peekEntry(c, key);
        const type = e === undefined
          ? "none"
          : typeof e.value === "string"
          ? "string"
          : e.value.type;
        if (type !== typeName) continue;
        // with TYPE none Redis keeps the expired key it just reclaimed in the reply
        if (e === undefined) {
          keys.push(key);
          continue;
        }
      }
      if (db.entry(key) === undefined) continue;
      keys.push(key);
    }
    c.w.array(2);
    c.w.bulk(String(next));
    c.w.bulkArray(keys);
  }
}
