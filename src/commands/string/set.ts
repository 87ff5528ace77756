/**
 * SET and its older fixed-form variants SETNX, SETEX and PSETEX, which Redis implements as
 * SET with preset options (setGenericCommand).
 */
import type { Client } from "../../engine/client.ts";
import { lookupWrite, readString, storeValue } from "../lookup.ts";
import { command, type KeySpec } from "../registry.ts";
import { isOption } from "../args.ts";
import {
  expireAtMs,
  OPT_EX,
  OPT_EXAT,
  OPT_GET,
  OPT_KEEPTTL,
  OPT_NX,
  OPT_PX,
  OPT_PXAT,
  OPT_XX,
  parseStringOptions,
} from "./options.ts";
import { notify, NOTIFY_GENERIC, NOTIFY_STRING } from "../../engine/notify.ts";

const EXPIRE_UNITS = OPT_EX | OPT_PX | OPT_EXAT | OPT_PXAT;

/** How the command reports "stored" and "condition not met". */
const enum Reply {
  /** +OK, or a null reply (SET, SETEX, PSETEX). */
  OkOrNull,
  /** :1 or :0 (SETNX). */
  OneOrZero,
}

/**
 * Stores value at key under SET's rules. With OPT_GET the old value is the reply instead;
 * `expire` is the EX/PX/EXAT/PXAT argument, checked before anything else happens.
 */
function setGeneric(
  c: Client,
  commandName: string,
  flags: number,
  key: string,
  value: string,
  expire: string | null,
  reply: Reply,
): void {
  const at = expire === null ? 0 : expireAtMs(c, expire, flags & EXPIRE_UNITS, commandName);
  const get = (flags & OPT_GET) !== 0;
  // WRONGTYPE from the read is thrown before anything was written
  if (get) c.w.bulkOrNull(readString(c, key));
  // Redis always looks the key up for writing here: an expired key is reclaimed first
  const found = lookupWrite(c, key) !== undefined;
  if ((flags & OPT_NX && found) || (flags & OPT_XX && !found)) {
    if (get) return;
    if (reply === Reply.OneOrZero) c.w.int(0);
    else c.w.nullBulk();
    return;
  }
  storeValue(c, key, value, (flags & OPT_KEEPTTL) !== 0 || expire !== null);
  notify(c, NOTIFY_STRING, "set", key);
  if (expire !== null) {
    c.db.setExpire(key, at);
    notify(c, NOTIFY_GENERIC, "expire", key);
    // a relative time would move on a replay: propagated as SET key value PXAT, as Redis does
    c.engine.propagation.rewrite(["SET", key, value, "PXAT", String(at)]);
  }
  if (get) return;
  if (reply === Reply.OneOrZero) c.w.int(1);
  else c.w.ok();
}

/** SET's arguments without the GET tokens, which Redis drops before propagating. */
function withoutGet(args: string[]): string[] {
  return args.filter((a, i) => i < 3 || !isOption(a, "GET"));
}

const OVERWRITE_SPEC: KeySpec[] = [{
  flags: ["OW", "update"],
  begin: { index: 1 },
  find: { range: [0, 1, 0] },
}];

export class SetCommands {
  @command({
    name: "set",
    arity: -3,
    flags: ["write", "denyoom"],
    keys: [1, 1, 1],
    acl: ["string"],
    keySpecs: [{
      notes: "Read-write because GET may return the old value.",
      flags: ["RW", "access", "update", "variable_flags"],
      begin: { index: 1 },
      find: { range: [0, 1, 0] },
    }],
    group: "string",
    since: "1.0.0",
    summary: "Stores a string at a key, with optional expiry and conditions.",
    complexity: "O(1)",
    history: [
      ["2.6.12", "EX, PX, NX and XX options."],
      ["6.0.0", "KEEPTTL option."],
      ["6.2.0", "GET, EXAT and PXAT options."],
      ["7.0.0", "NX and GET may be combined."],
    ],
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "value", type: "string" },
      {
        name: "condition",
        type: "oneof",
        since: "2.6.12",
        flags: ["optional"],
        args: [
          { name: "nx", type: "pure-token", token: "NX" },
          { name: "xx", type: "pure-token", token: "XX" },
        ],
      },
      { name: "get", type: "pure-token", token: "GET", since: "6.2.0", flags: ["optional"] },
      {
        name: "expiration",
        type: "oneof",
        flags: ["optional"],
        args: [
          { name: "seconds", type: "integer", token: "EX", since: "2.6.12" },
          { name: "milliseconds", type: "integer", token: "PX", since: "2.6.12" },
          { name: "unix-time-seconds", type: "unix-time", token: "EXAT", since: "6.2.0" },
          { name: "unix-time-milliseconds", type: "unix-time", token: "PXAT", since: "6.2.0" },
          { name: "keepttl", type: "pure-token", token: "KEEPTTL", since: "6.0.0" },
        ],
      },
    ],
  })
  static set(c: Client, args: string[]): void {
    const key = args[1];
    if (args.length === 3) {
      // the common case, without option parsing; lookupWrite reclaims an expired key first
      lookupWrite(c, key);
      storeValue(c, key, args[2]);
      notify(c, NOTIFY_STRING, "set", key);
      c.w.ok();
      return;
    }
    const opts = parseStringOptions(args, 3, true);
    setGeneric(c, "set", opts.flags, key, args[2], opts.expire, Reply.OkOrNull);
    // without an expiry (which rewrote the command), propagated without its GET arguments
    if ((opts.flags & OPT_GET) !== 0 && opts.expire === null && c.engine.propagation.active) {
      c.engine.propagation.rewrite(withoutGet(args));
    }
  }

  @command({
    name: "setnx",
    arity: 3,
    flags: ["write", "denyoom", "fast"],
    keys: [1, 1, 1],
    acl: ["string"],
    keySpecs: [{ flags: ["OW", "insert"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "string",
    since: "1.0.0",
    summary: "Stores a string at a key only when the key does not exist yet.",
    complexity: "O(1)",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "value", type: "string" },
    ],
  })
  static setnx(c: Client, args: string[]): void {
    setGeneric(c, "setnx", OPT_NX, args[1], args[2], null, Reply.OneOrZero);
  }

  @command({
    name: "setex",
    arity: 4,
    flags: ["write", "denyoom"],
    keys: [1, 1, 1],
    acl: ["string"],
    keySpecs: OVERWRITE_SPEC,
    group: "string",
    since: "2.0.0",
    summary: "Stores a string at a key with a time to live in seconds.",
    complexity: "O(1)",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "seconds", type: "integer" },
      { name: "value", type: "string" },
    ],
  })
  static setex(c: Client, args: string[]): void {
    setGeneric(c, "setex", OPT_EX, args[1], args[3], args[2], Reply.OkOrNull);
  }

  @command({
    name: "psetex",
    arity: 4,
    flags: ["write", "denyoom"],
    keys: [1, 1, 1],
    acl: ["string"],
    keySpecs: OVERWRITE_SPEC,
    group: "string",
    since: "2.6.0",
    summary: "Stores a string at a key with a time to live in milliseconds.",
    complexity: "O(1)",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "milliseconds", type: "integer" },
      { name: "value", type: "string" },
    ],
  })
  static psetex(c: Client, args: string[]): void {
    setGeneric(c, "psetex", OPT_PX, args[1], args[3], args[2], Reply.OkOrNull);
  }
}
