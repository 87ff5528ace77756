import type { Client } from "../../engine/client.ts";
import { CommandError, ERR_DB_INDEX } from "../errors.ts";
import { command } from "../registry.ts";
import { int32 } from "./common.ts";

export class SwapDbCommand {
  @command({
    name: "swapdb",
    arity: 3,
    flags: ["write", "fast"],
    acl: ["keyspace", "dangerous"],
    group: "server",
    since: "4.0.0",
    summary: "Exchanges the contents of two databases for every client at once.",
    complexity:
      "O(N) where N is the count of clients watching or blocking on keys from both databases.",
    args: [
      { name: "index1", type: "integer" },
      { name: "index2", type: "integer" },
    ],
  })
  static swapdb(c: Client, args: string[]): void {
    const first = int32(args[1], "ERR invalid first DB index");
    const second = int32(args[2], "ERR invalid second DB index");
    const engine = c.engine;
    const dbs = engine.dbs;
    if (first < 0 || first >= dbs.length || second < 0 || second >= dbs.length) {
      throw new CommandError(ERR_DB_INDEX);
    }
    if (first !== second) {
      const a = dbs[first];
      const b = dbs[second];
      a.swapContents(b);
      // Clients keep their index and see the other contents, so WATCH and blocked clients on
      // either database must hear about every key that appeared or vanished under them.
      for (const key of a.data.keys()) {
        engine.keyModified(a, key);
        engine.keyModified(b, key);
      }
      for (const key of b.data.keys()) {
        if (a.data.has(key)) continue;
        engine.keyModified(a, key);
        engine.keyModified(b, key);
      }
    }
    engine.dirty++;
    c.w.ok();
  }
}
