import type { Client } from "../../server/client.ts";
import { int } from "../args.ts";
import { CommandError, ERR_SYNTAX } from "../errors.ts";
import { lookupWrite, readString, storeValue } from "../lookup.ts";
import { command } from "../registry.ts";

const enum Opt {
  NX = 1,
  XX = 2,
  GET = 4,
  KEEPTTL = 8,
  EX = 16,
  PX = 32,
  EXAT = 64,
  PXAT = 128,
}
const ANY_EXPIRE = Opt.EX | Opt.PX | Opt.EXAT | Opt.PXAT;

export interface SetOptions {
  flags: number;
  /** Absolute expiry in ms, 0 for none. */
  expireAt: number;
}

/** Parses SET's options as Redis's parseExtendedStringArgumentsOrReply does for SET. */
export function parseSetOptions(c: Client, args: string[], from: number): SetOptions {
  let flags = 0;
  let expireArg: string | null = null;
  let unit = 0;
  for (let j = from; j < args.length; j++) {
    const opt = args[j].toUpperCase();
    const hasNext = j + 1 < args.length;
    if (opt === "NX" && !(flags & Opt.XX)) flags |= Opt.NX;
    else if (opt === "XX" && !(flags & Opt.NX)) flags |= Opt.XX;
    else if (opt === "GET") flags |= Opt.GET;
    else if (opt === "KEEPTTL" && !(flags & ANY_EXPIRE)) flags |= Opt.KEEPTTL;
    else if (
      (opt === "EX" || opt === "PX" || opt === "EXAT" || opt === "PXAT") &&
      !(flags & (Opt.KEEPTTL | ANY_EXPIRE)) && hasNext
    ) {
      unit = opt === "EX" ? Opt.EX : opt === "PX" ? Opt.PX : opt === "EXAT" ? Opt.EXAT : Opt.PXAT;
      flags |= unit;
      expireArg = args[++j];
    } else {
      throw new CommandError(ERR_SYNTAX);
    }
  }
  let expireAt = 0;
  if (expireArg !== null) {
    const n = int(expireArg);
    const seconds = unit === Opt.EX || unit === Opt.EXAT;
    if (n <= 0 || (seconds && n > Number.MAX_SAFE_INTEGER / 1000)) {
      throw new CommandError(`ERR invalid expire time in '${args[0].toLowerCase()}' command`);
    }
    const ms = seconds ? n * 1000 : n;
    expireAt = unit === Opt.EX || unit === Opt.PX ? ms + c.server.clock.now() : ms;
    if (!Number.isSafeInteger(expireAt)) {
      throw new CommandError(`ERR invalid expire time in '${args[0].toLowerCase()}' command`);
    }
  }
  return { flags, expireAt };
}

export class SetCommand {
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
    const opts = args.length > 3 ? parseSetOptions(c, args, 3) : null;
    if (opts === null) {
      storeValue(c, key, args[2]);
      c.w.ok();
      return;
    }
    const flags = opts.flags;
    if (flags & Opt.GET) c.w.bulkOrNull(readString(c, key));
    const found = lookupWrite(c, key) !== undefined;
    if ((flags & Opt.NX && found) || (flags & Opt.XX && !found)) {
      if (!(flags & Opt.GET)) c.w.nullBulk();
      return;
    }
    storeValue(c, key, args[2], (flags & Opt.KEEPTTL) !== 0);
    if (opts.expireAt !== 0) c.db.setExpire(key, opts.expireAt);
    if (!(flags & Opt.GET)) c.w.ok();
  }
}
