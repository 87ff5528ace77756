import type { Client } from "../../engine/client.ts";
import { globMatch } from "../../store/glob.ts";
import { command } from "../registry.ts";

export class KeysCommand {
  @command({
    name: "keys",
    arity: 2,
    flags: ["readonly"],
    acl: ["keyspace", "dangerous"],
    tips: ["request_policy:all_shards", "nondeterministic_output_order"],
    group: "generic",
    since: "1.0.0",
    summary: "Lists every key whose name matches a glob-style pattern.",
    complexity:
      "O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.",
    args: [{ name: "pattern", type: "pattern" }],
  })
  static keys(c: Client, args: string[]): void {
    const pattern = args[1];
    const all = pattern === "*";
    const now = c.engine.clock.now();
    const found: string[] = [];
    // like Redis, keys past their TTL are skipped but not reclaimed here
    for (const [key, e] of c.db.data) {
      if (e.expireAt !== 0 && e.expireAt <= now) continue;
      if (all || globMatch(pattern, key)) found.push(key);
    }
    c.w.bulkArray(found);
  }
}
