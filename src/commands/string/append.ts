import type { Client } from "../../engine/client.ts";
import { storeValue, writeString } from "../lookup.ts";
import { command } from "../registry.ts";
import { checkStringLength } from "./options.ts";
import { notify, NOTIFY_STRING } from "../../engine/notify.ts";

export class AppendCommand {
  @command({
    name: "append",
    arity: 3,
    flags: ["write", "denyoom", "fast"],
    keys: [1, 1, 1],
    acl: ["string"],
    keySpecs: [{ flags: ["RW", "insert"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "string",
    since: "2.0.0",
    summary: "Adds a string to the end of the string stored at a key, creating it if needed.",
    complexity:
      "O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "value", type: "string" },
    ],
  })
  static append(c: Client, args: string[]): void {
    const key = args[1];
    const tail = args[2];
    const current = writeString(c, key);
    if (current === undefined) {
      storeValue(c, key, tail);
      notify(c, NOTIFY_STRING, "append", key);
      c.w.int(tail.length);
      return;
    }
    checkStringLength(c, current.length, tail.length);
    const next = current + tail;
    // an appended-to string keeps its TTL and becomes a raw (growable) string in Redis
    storeValue(c, key, next, true).strEncoding = "raw";
    notify(c, NOTIFY_STRING, "append", key);
    c.w.int(next.length);
  }
}
