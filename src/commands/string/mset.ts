/** MSET and MSETNX: several keys written by one command. */
import type { Client } from "../../engine/client.ts";
import { wrongArity } from "../errors.ts";
import { lookupWrite, storeValue } from "../lookup.ts";
import { type ArgSpec, command } from "../registry.ts";
import { notify, NOTIFY_STRING } from "../../engine/notify.ts";

const KEY_VALUE_ARGS: ArgSpec[] = [{
  name: "key_value",
  type: "block",
  flags: ["multiple"],
  args: [
    { name: "key", type: "key", keySpecIndex: 0 },
    { name: "value", type: "string" },
  ],
}];

function storePairs(c: Client, args: string[]): void {
  for (let i = 1; i < args.length; i += 2) {
    // as Redis's setKey: the lookup reclaims an expired key before the new value goes in
    lookupWrite(c, args[i]);
    storeValue(c, args[i], args[i + 1]);
    notify(c, NOTIFY_STRING, "set", args[i]);
  }
}

export class MsetCommands {
  @command({
    name: "mset",
    arity: -3,
    flags: ["write", "denyoom"],
    keys: [1, -1, 2],
    acl: ["string"],
    tips: ["request_policy:multi_shard", "response_policy:all_succeeded"],
    keySpecs: [{ flags: ["OW", "update"], begin: { index: 1 }, find: { range: [-1, 2, 0] } }],
    group: "string",
    since: "1.0.1",
    summary: "Stores strings at several keys at once.",
    complexity: "O(N) where N is the number of keys to set.",
    args: KEY_VALUE_ARGS,
  })
  static mset(c: Client, args: string[]): void {
    if (args.length % 2 === 0) throw wrongArity("mset");
    storePairs(c, args);
    c.w.ok();
  }

  @command({
    name: "msetnx",
    arity: -3,
    flags: ["write", "denyoom"],
    keys: [1, -1, 2],
    acl: ["string"],
    tips: ["request_policy:multi_shard", "response_policy:agg_min"],
    keySpecs: [{ flags: ["OW", "insert"], begin: { index: 1 }, find: { range: [-1, 2, 0] } }],
    group: "string",
    since: "1.0.1",
    summary: "Stores strings at several keys at once, only when none of the keys exists.",
    complexity: "O(N) where N is the number of keys to set.",
    args: KEY_VALUE_ARGS,
  })
  static msetnx(c: Client, args: string[]): void {
    if (args.length % 2 === 0) throw wrongArity("msetnx");
    for (let i = 1; i < args.length; i += 2) {
      if (lookupWrite(c, args[i]) !== undefined) {
        c.w.int(0);
        return;
      }
    }
    storePairs(c, args);
    c.w.int(1);
  }
}
