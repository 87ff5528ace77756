import type { Client } from "../../engine/client.ts";
import { lookupRead } from "../lookup.ts";
import { command } from "../registry.ts";

export class MgetCommand {
  @command({
    name: "mget",
    arity: -2,
    flags: ["readonly", "fast"],
    keys: [1, -1, 1],
    acl: ["string"],
    tips: ["request_policy:multi_shard"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [-1, 1, 0] } }],
    group: "string",
    since: "1.0.0",
    summary: "Returns the strings stored at several keys.",
    complexity: "O(N) where N is the number of keys to retrieve.",
    args: [{ name: "key", type: "key", keySpecIndex: 0, flags: ["multiple"] }],
  })
  static mget(c: Client, args: string[]): void {
    const w = c.w;
    w.array(args.length - 1);
    for (let i = 1; i < args.length; i++) {
      // keys holding another type read as missing rather than failing the whole reply
      const v = lookupRead(c, args[i]);
      if (typeof v === "string") w.bulk(v);
      else w.nullBulk();
    }
  }
}
