import type { Client } from "../../engine/client.ts";
import { command, type CommandMeta } from "../registry.ts";
import { peekEntry } from "./common.ts";

/**
 * TTL, PTTL, EXPIRETIME and PEXPIRETIME: -2 for a missing key, -1 without a TTL, else the
 * remaining (or absolute) time, never below 0. Seconds are rounded to the nearest.
 */
function replyExpiry(c: Client, key: string, milliseconds: boolean, absolute: boolean): void {
  const e = peekEntry(c, key);
  if (e === undefined) {
    c.w.int(-2);
    return;
  }
  if (e.expireAt === 0) {
    c.w.int(-1);
    return;
  }
  const at = c.db.expireTime(e);
  if (typeof at === "number") {
    let ms = absolute ? at : at - c.engine.clock.now();
    if (ms < 0) ms = 0;
    c.w.int(milliseconds ? ms : Math.floor((ms + 500) / 1000));
    return;
  }
  let ms = absolute ? at : at - BigInt(c.engine.clock.now());
  if (ms < 0n) ms = 0n;
  c.w.int(milliseconds ? ms : (ms + 500n) / 1000n);
}

function ttlMeta(
  name: string,
  since: string,
  summary: string,
  extra: Partial<CommandMeta>,
): CommandMeta {
  return {
    name,
    arity: 2,
    flags: ["readonly", "fast"],
    keys: [1, 1, 1],
    acl: ["keyspace"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "generic",
    since,
    summary,
    complexity: "O(1)",
    args: [{ name: "key", type: "key", keySpecIndex: 0 }],
    ...extra,
  };
}

const TTL_EXTRA: Partial<CommandMeta> = {
  tips: ["nondeterministic_output"],
  history: [["2.8.0", "-2 for a key that does not exist."]],
};

export class TtlCommands {
  @command(ttlMeta("ttl", "1.0.0", "Reports the seconds a key has left to live.", TTL_EXTRA))
  static ttl(c: Client, args: string[]): void {
    replyExpiry(c, args[1], false, false);
  }

  @command(ttlMeta("pttl", "2.6.0", "Reports the milliseconds a key has left to live.", TTL_EXTRA))
  static pttl(c: Client, args: string[]): void {
    replyExpiry(c, args[1], true, false);
  }

  @command(ttlMeta("expiretime", "7.0.0", "Reports the unix time in seconds a key expires at.", {}))
  static expiretime(c: Client, args: string[]): void {
    replyExpiry(c, args[1], false, true);
  }

  @command(
    ttlMeta("pexpiretime", "7.0.0", "Reports the unix time in milliseconds a key expires at.", {}),
  )
  static pexpiretime(c: Client, args: string[]): void {
    replyExpiry(c, args[1], true, true);
  }
}
