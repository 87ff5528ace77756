import { cString } from "../../lib/bytes.ts";
import type { Client } from "../../engine/client.ts";
import { int64, isOption } from "../args.ts";
import { expiryMs } from "../expire_time.ts";
import { CommandError } from "../errors.ts";
import { touchEntry } from "../lookup.ts";
import { type ArgSpec, command, type CommandMeta } from "../registry.ts";
import { notify, NOTIFY_GENERIC } from "../../engine/notify.ts";

const enum Cond {
  NX = 1,
  XX = 2,
  GT = 4,
  LT = 8,
}

function parseConditions(args: string[]): number {
  let cond = 0;
  for (let i = 3; i < args.length; i++) {
    const arg = args[i];
    if (isOption(arg, "NX")) cond |= Cond.NX;
    else if (isOption(arg, "XX")) cond |= Cond.XX;
    else if (isOption(arg, "GT")) cond |= Cond.GT;
    else if (isOption(arg, "LT")) cond |= Cond.LT;
    else {
      // Redis prints the option with %s, which stops at a NUL byte
      throw new CommandError(`ERR Unsupported option ${cString(args[i])}`);
    }
  }
  if ((cond & Cond.NX) && (cond & (Cond.XX | Cond.GT | Cond.LT))) {
    throw new CommandError("ERR NX and XX, GT or LT options at the same time are not compatible");
  }
  if ((cond & Cond.GT) && (cond & Cond.LT)) {
    throw new CommandError("ERR GT and LT options at the same time are not compatible");
  }
  return cond;
}

/**
 * The absolute expiry in unix ms that `arg` asks for, exact: a number while it is a safe
 * integer, a bigint otherwise. Throws Redis's overflow error when the int64 arithmetic
 * would overflow.
 */
function absoluteExpiry(
  c: Client,
  arg: string,
  seconds: boolean,
  relative: boolean,
  name: string,
): number | bigint {
  const given = int64(arg);
  return expiryMs(given, seconds, relative ? c.engine.clock.now() : 0, name);
}

function setExpiry(
  c: Client,
  args: string[],
  name: string,
  seconds: boolean,
  relative: boolean,
): void {
  const cond = args.length > 3 ? parseConditions(args) : 0;
  const when = absoluteExpiry(c, args[2], seconds, relative, name);
  const key = args[1];
  const db = c.db;
  const e = db.entry(key);
  if (e === undefined) {
    c.w.int(0);
    return;
  }
  touchEntry(c, e);
  if (cond !== 0) {
    const current = e.expireAt === 0 ? -1 : db.expireTime(e);
    // no TTL counts as an infinite one: GT never beats it, LT always does
    if (
      ((cond & Cond.NX) && current !== -1) ||
      ((cond & Cond.XX) && current === -1) ||
      ((cond & Cond.GT) && (current === -1 || when <= current)) ||
      ((cond & Cond.LT) && current !== -1 && when >= current)
    ) {
      c.w.int(0);
      return;
    }
  }
  const past = when <= c.engine.clock.now();
  const prop = c.engine.propagation;
  if (past) {
    // a time already past deletes the key at once, and still counts as success
    db.delete(key);
    prop.rewrite([c.engine.config.lazyfreeLazyExpire ? "UNLINK" : "DEL", key]);
  } else {
    db.setExpire(key, when);
    // propagated as PEXPIREAT with the absolute time, the conditions as given (Redis rewrites
    // the name and the time in place)
    if (prop.active && name !== "pexpireat") {
      const rewritten = args.slice();
      rewritten[0] = "PEXPIREAT";
      rewritten[2] = String(when);
      prop.rewrite(rewritten);
    }
  }
  c.engine.keyChanged(db, key);
  notify(c, NOTIFY_GENERIC, past ? "del" : "expire", key);
  c.w.int(1);
}

const CONDITION_ARG: ArgSpec = {
  name: "condition",
  type: "oneof",
  since: "7.0.0",
  flags: ["optional"],
  args: [
    { name: "nx", type: "pure-token", token: "NX" },
    { name: "xx", type: "pure-token", token: "XX" },
    { name: "gt", type: "pure-token", token: "GT" },
    { name: "lt", type: "pure-token", token: "LT" },
  ],
};

function expireMeta(
  name: string,
  since: string,
  summary: string,
  timeArg: ArgSpec,
): CommandMeta {
  return {
    name,
    arity: -3,
    flags: ["write", "fast"],
    keys: [1, 1, 1],
    acl: ["keyspace"],
    keySpecs: [{ flags: ["RW", "update"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "generic",
    since,
    summary,
    complexity: "O(1)",
    history: [["7.0.0", "NX, XX, GT and LT conditions."]],
    args: [{ name: "key", type: "key", keySpecIndex: 0 }, timeArg, CONDITION_ARG],
  };
}

export class ExpireCommands {
  @command(expireMeta(
    "expire",
    "1.0.0",
    "Gives a key a time to live in seconds.",
    { name: "seconds", type: "integer" },
  ))
  static expire(c: Client, args: string[]): void {
    setExpiry(c, args, "expire", true, true);
  }

  @command(expireMeta(
    "pexpire",
    "2.6.0",
    "Gives a key a time to live in milliseconds.",
    { name: "milliseconds", type: "integer" },
  ))
  static pexpire(c: Client, args: string[]): void {
    setExpiry(c, args, "pexpire", false, true);
  }

  @command(expireMeta(
    "expireat",
    "1.2.0",
    "Makes a key expire at a unix time given in seconds.",
    { name: "unix-time-seconds", type: "unix-time" },
  ))
  static expireat(c: Client, args: string[]): void {
    setExpiry(c, args, "expireat", true, false);
  }

  @command(expireMeta(
    "pexpireat",
    "2.6.0",
    "Makes a key expire at a unix time given in milliseconds.",
    { name: "unix-time-milliseconds", type: "unix-time" },
  ))
  static pexpireat(c: Client, args: string[]): void {
    setExpiry(c, args, "pexpireat", false, false);
  }
}
