/**
 * The count argument of SRANDMEMBER and HRANDFIELD: any 64-bit integer except LONG_MIN,
 * whose negation would not fit (Redis's getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX)).
 */
import { int64 } from "../args.ts";
import { CommandError } from "../errors.ts";

const LONG_MIN = -9223372036854775808n;

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
