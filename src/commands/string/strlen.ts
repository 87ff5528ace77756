import type { Client } from "../../engine/client.ts";
import { readString } from "../lookup.ts";
import { command } from "../registry.ts";

export class StrlenCommand {
  @command({
    name: "strlen",
    arity: 2,
    flags: ["readonly", "fast"],
    keys: [1, 1, 1],
    acl: ["string"],
    keySpecs: [{ flags: ["RO"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "string",
    since: "2.2.0",
    summary: "Returns the length in bytes of the string stored at a key.",
    complexity: "O(1)",
    args: [{ name: "key", type: "key", keySpecIndex: 0 }],
  })
  static strlen(c: Client, args: string[]): void {
    const value = readString(c, args[1]);
    c.w.int(value === undefined ? 0 : value.length);
  }
}
