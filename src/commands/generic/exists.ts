import type { Client } from "../../engine/client.ts";
import { command } from "../registry.ts";
import { peekEntry } from "./common.ts";

export class ExistsCommands {
  @command({
    name: "exists",
    arity: -2,
    flags: ["readonly", "fast"],
    keys: [1, -1, 1],
    acl: ["keyspace"],
    tips: ["request_policy:multi_shard", "response_policy:agg_sum"],
    keySpecs: [{ flags: ["RO"], begin: { index: 1 }, find: { range: [-1, 1, 0] } }],
    group: "generic",
    since: "1.0.0",
    summary: "Counts how many of the given keys exist; a key named twice counts twice.",
    complexity: "O(N) where N is the number of keys to check.",
    history: [["3.0.3", "More than one key may be given."]],
    args: [{ name: "key", type: "key", keySpecIndex: 0, flags: ["multiple"] }],
  })
  static exists(c: Client, args: string[]): void {
    let found = 0;
    for (let i = 1; i < args.length; i++) {
      if (peekEntry(c, args[i]) !== undefined) found++;
    }
    c.w.int(found);
  }

  @command({
    name: "touch",
    arity: -2,
    flags: ["readonly", "fast"],
    keys: [1, -1, 1],
    acl: ["keyspace"],
    tips: ["request_policy:multi_shard", "response_policy:agg_sum"],
    keySpecs: [{ flags: ["RO"], begin: { index: 1 }, find: { range: [-1, 1, 0] } }],
    group: "generic",
    since: "3.2.1",
    summary: "Marks keys as just accessed and counts how many of them exist.",
    complexity: "O(N) where N is the number of keys that will be touched.",
    args: [{ name: "key", type: "key", keySpecIndex: 0, flags: ["multiple"] }],
  })
  static touch(c: Client, args: string[]): void {
    const engine = c.engine;
    let touched = 0;
    for (let i = 1; i < args.length; i++) {
      const e = peekEntry(c, args[i]);
      if (e === undefined) continue;
      // touching is this command's whole point, so it applies even under CLIENT NO-TOUCH
      e.lru = engine.lfuEnabled ? engine.lfuTouch(e.lru) : engine.lruClock();
      touched++;
    }
    c.w.int(touched);
  }

  @command({
    name: "type",
    arity: 2,
    flags: ["readonly", "fast"],
    keys: [1, 1, 1],
    acl: ["keyspace"],
    keySpecs: [{ flags: ["RO"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "generic",
    since: "1.0.0",
    summary: "Names the type of the value at a key, or none.",
    complexity: "O(1)",
    args: [{ name: "key", type: "key", keySpecIndex: 0 }],
  })
  static type(c: Client, args: string[]): void {
    const e = peekEntry(c, args[1]);
    if (e === undefined) c.w.simple("none");
    else c.w.simple(typeof e.value === "string" ? "string" : e.value.type);
  }
}
