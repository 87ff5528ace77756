import type { Client } from "../../engine/client.ts";
import { readString } from "../lookup.ts";
import { command } from "../registry.ts";

export class GetCommand {
  @command({
    name: "get",
    arity: 2,
    flags: ["readonly", "fast"],
    keys: [1, 1, 1],
    acl: ["string"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "string",
    since: "1.0.0",
    summary: "Returns the string stored at a key.",
    complexity: "O(1)",
    args: [{ name: "key", type: "key", keySpecIndex: 0 }],
  })
  static get(c: Client, args: string[]): void {
    c.w.bulkOrNull(readString(c, args[1]));
  }
}
