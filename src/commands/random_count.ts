/**
 * The count argument of SRANDMEMBER, HRANDFIELD and ZRANDMEMBER: any 64-bit integer except
 * LONG_MIN, whose negation would not fit (Redis's getRangeLongFromObjectOrReply(-LONG_MAX,
 * LONG_MAX)).
 */
import { int64 } from "./args.ts";
import { CommandError } from "./errors.ts";

const LONG_MIN = -9223372036854775808n;
/** Beyond this, a reply with a value beside each element would have more than LONG_MAX entries. */
const MAX_PAIRED_COUNT = 4611686018427387903n;

/** The count, exact (a bigint beyond the safe integer range). */
export function parseRandomCount(arg: string): number | bigint {
  const v = int64(arg);
  if (v === LONG_MIN) {
    throw new CommandError(
      "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
    );
  }
  return v;
}

/** The check HRANDFIELD WITHVALUES and ZRANDMEMBER WITHSCORES add: two entries per element. */
export function checkPairedCount(count: number | bigint): void {
  if (count > MAX_PAIRED_COUNT || count < -MAX_PAIRED_COUNT) {
    throw new CommandError("ERR value is out of range");
  }
}
