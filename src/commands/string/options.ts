/**
 * The option grammar SET and GETEX share (Redis's parseExtendedStringArgumentsOrReply), the
 * expiry arithmetic behind SET/SETEX/PSETEX/GETEX, and the string size limit APPEND and
 * SETRANGE enforce.
 */
import { parseInt64 } from "../../lib/numbers.ts";
import type { Client } from "../../engine/client.ts";
import { oneOf } from "../args.ts";
import { CommandError, ERR_NOT_INTEGER, ERR_SYNTAX } from "../errors.ts";
import { expiryMs, invalidExpireTime } from "../expire_time.ts";

export const OPT_NX = 1;
export const OPT_XX = 2;
export const OPT_GET = 4;
export const OPT_KEEPTTL = 8;
export const OPT_PERSIST = 16;
export const OPT_EX = 32;
export const OPT_PX = 64;
export const OPT_EXAT = 128;
export const OPT_PXAT = 256;
const ANY_EXPIRE = OPT_EX | OPT_PX | OPT_EXAT | OPT_PXAT;

export interface StringOptions {
  flags: number;
  /** The argument of the last EX/PX/EXAT/PXAT, parsed only once the key was looked at. */
  expire: string | null;
}

/** The option keywords of SET and GETEX, as oneOf matches them. */
const STRING_OPTIONS = [
  "NX",
  "XX",
  "GET",
  "KEEPTTL",
  "PERSIST",
  "EX",
  "PX",
  "EXAT",
  "PXAT",
] as const;

/**
 * Parses SET's options (forSet) or GETEX's from args[from]. A repeated expiry keyword of
 * the same kind is accepted (the last value wins), conflicting ones are a syntax error, as
 * in Redis.
 */
export function parseStringOptions(args: string[], from: number, forSet: boolean): StringOptions {
  let flags = 0;
  let expire: string | null = null;
  for (let j = from; j < args.length; j++) {
    const k = oneOf(args[j], STRING_OPTIONS);
    const word = k < 0 ? "" : STRING_OPTIONS[k];
    const hasNext = j + 1 < args.length;
    let unit = 0;
    if (word === "NX" && forSet && !(flags & OPT_XX)) flags |= OPT_NX;
    else if (word === "XX" && forSet && !(flags & OPT_NX)) flags |= OPT_XX;
    else if (word === "GET" && forSet) flags |= OPT_GET;
    else if (word === "KEEPTTL" && forSet && !(flags & (OPT_PERSIST | ANY_EXPIRE))) {
      flags |= OPT_KEEPTTL;
    } else if (word === "PERSIST" && !forSet && !(flags & (OPT_KEEPTTL | ANY_EXPIRE))) {
      flags |= OPT_PERSIST;
    } else if (word === "EX") unit = OPT_EX;
    else if (word === "PX") unit = OPT_PX;
    else if (word === "EXAT") unit = OPT_EXAT;
    else if (word === "PXAT") unit = OPT_PXAT;
    else throw new CommandError(ERR_SYNTAX);
    if (unit === 0) continue;
    // the same unit again is fine, any other expiry, KEEPTTL or PERSIST is not
    if (!hasNext || flags & (OPT_KEEPTTL | OPT_PERSIST | (ANY_EXPIRE & ~unit))) {
      throw new CommandError(ERR_SYNTAX);
    }
    flags |= unit;
    expire = args[++j];
  }
  return { flags, expire };
}

/**
 * The absolute expiry in unix ms for an EX/PX/EXAT/PXAT argument (`unit` is one of the
 * OPT_ expiry flags), with Redis's errors: not an integer, not positive, or int64 overflow
 * once scaled to milliseconds and offset by the current time. Exact: a bigint beyond 2^53.
 */
export function expireAtMs(
  c: Client,
  arg: string,
  unit: number,
  commandName: string,
): number | bigint {
  const given = parseInt64(arg);
  if (given === null) throw new CommandError(ERR_NOT_INTEGER);
  if (given <= 0) throw invalidExpireTime(commandName);
  const seconds = unit === OPT_EX || unit === OPT_EXAT;
  const base = unit === OPT_EX || unit === OPT_PX ? c.engine.clock.now() : 0;
  return expiryMs(given, seconds, base, commandName);
}

/** V8's longest string (2^29 - 24 one-byte chars), a hard cap below proto-max-bulk-len. */
export const MAX_STRING_LENGTH = 536870888;

/**
 * Redis's checkStringLength: a string of `size` + `append` bytes must fit in
 * proto-max-bulk-len. Here it must also fit in a V8 string, which is a little shorter than
 * Redis's 512MB default; both report Redis's error rather than failing later.
 */
export function checkStringLength(c: Client, size: number, append: number): void {
  const total = size + append;
  if (total > c.engine.config.protoMaxBulkLen || total > MAX_STRING_LENGTH) {
    throw new CommandError("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
  }
}
