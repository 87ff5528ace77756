import { parseInt64 } from "../../lib/numbers.ts";
import type { Client } from "../../engine/client.ts";
import { CommandError, ERR_NOT_INTEGER } from "../errors.ts";
import { storeValue, writeString } from "../lookup.ts";
import { command } from "../registry.ts";
import { checkStringLength } from "./options.ts";
import { notify, NOTIFY_STRING } from "../../engine/notify.ts";

export class SetrangeCommand {
  @command({
    name: "setrange",
    arity: 4,
    flags: ["write", "denyoom"],
    keys: [1, 1, 1],
    acl: ["string"],
    keySpecs: [{ flags: ["RW", "update"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "string",
    since: "2.2.0",
    summary: "Overwrites part of the string stored at a key, from an offset, padding with zeros.",
    complexity:
      "O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "offset", type: "integer" },
      { name: "value", type: "string" },
    ],
  })
  static setrange(c: Client, args: string[]): void {
    const key = args[1];
    const patch = args[3];
    const given = parseInt64(args[2]);
    if (given === null) throw new CommandError(ERR_NOT_INTEGER);
    if (given < 0) throw new CommandError("ERR offset is out of range");
    // an offset beyond 2^53 is far past any size limit; Infinity keeps the check honest
    const offset = typeof given === "bigint" ? Infinity : given;
    const current = writeString(c, key);
    if (patch.length === 0) {
      // nothing to write: the length is the answer, and no key is created
      c.w.int(current === undefined ? 0 : current.length);
      return;
    }
    checkStringLength(c, offset, patch.length);
    const old = current ?? "";
    const end = offset + patch.length;
    let next: string;
    if (offset >= old.length) {
      next = (offset > old.length ? old + "\0".repeat(offset - old.length) : old) + patch;
    } else {
      next = old.slice(0, offset) + patch + (end < old.length ? old.slice(end) : "");
    }
    storeValue(c, key, next, true).strEncoding = "raw";
    notify(c, NOTIFY_STRING, "setrange", key);
    c.w.int(next.length);
  }
}
