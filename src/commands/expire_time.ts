/**
 * The absolute expiry (unix ms) that SET/GETEX's EX/PX/EXAT/PXAT options and the EXPIRE
 * family compute from an integer argument: seconds scaled to milliseconds, a relative time
 * offset by now, with the int64 overflow checks Redis reports as "invalid expire time".
 */
import { toSafe } from "../lib/numbers.ts";
import { CommandError } from "./errors.ts";

const LLONG_MAX = 9223372036854775807n;
/** LLONG_MAX / 1000 and LLONG_MIN / 1000 in C (truncating) arithmetic. */
const SECONDS_MAX = 9223372036854775n;
const SECONDS_MIN = -9223372036854775n;
/** Below this magnitude, seconds × 1000 + now is still an exact double. */
const FAST_LIMIT = 1e12;

export function invalidExpireTime(commandName: string): CommandError {
  return new CommandError(`ERR invalid expire time in '${commandName}' command`);
}

/**
 * `given` (seconds when `seconds`, else milliseconds) plus `base` ms, exact: a number while it
 * is a safe integer, a bigint otherwise. Throws when int64 arithmetic would overflow.
 */
export function expiryMs(
  given: number | bigint,
  seconds: boolean,
  base: number,
  commandName: string,
): number | bigint {
  if (typeof given === "number" && given < FAST_LIMIT && given > -FAST_LIMIT) {
    return (seconds ? given * 1000 : given) + base;
  }
  let when = BigInt(given);
  if (seconds) {
    if (when > SECONDS_MAX || when < SECONDS_MIN) throw invalidExpireTime(commandName);
    when *= 1000n;
  }
  // int64 overflow wraps negative in Redis, which then reports the time as invalid
  if (when > LLONG_MAX - BigInt(base)) throw invalidExpireTime(commandName);
  return toSafe(when + BigInt(base));
}
