import type { Client } from "../../engine/client.ts";
import { command } from "../registry.ts";

export class RandomKeyCommand {
  @command({
    name: "randomkey",
    arity: 1,
    flags: ["readonly", "touches_arbitrary_keys"],
    acl: ["keyspace"],
    tips: ["request_policy:all_shards", "nondeterministic_output"],
    group: "generic",
    since: "1.0.0",
    summary: "Returns a key drawn at random from the selected database.",
    complexity: "O(1)",
  })
  static randomkey(c: Client, _args: string[]): void {
    c.w.bulkOrNull(c.db.randomKey(c.engine.random));
  }
}
