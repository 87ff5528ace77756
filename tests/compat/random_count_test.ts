import { compat } from "../helpers/compat.ts";

// SRANDMEMBER, HRANDFIELD and ZRANDMEMBER read their count with one parser
// (src/commands/random_count.ts); WITHVALUES/WITHSCORES add a limit of their own.
Deno.test("compat: random-member counts at the 64-bit limits", () =>
  compat(async (t) => {
    await t.same("SADD", "s", "a");
    await t.same("HSET", "h", "f", "v");
    await t.same("ZADD", "z", "1", "a");
    const counts = [
      "-9223372036854775808",
      "-9223372036854775807",
      "9223372036854775807",
      "9223372036854775808",
      "4611686018427387903",
      "4611686018427387904",
      "-4611686018427387903",
      "-4611686018427387904",
      "1.5",
      "x",
    ];
    for (const count of counts) {
      for (const key of ["nokey", "s", "h", "z"]) {
        const big = count.length > 15;
        // a huge positive count returns everything; a huge negative one is not sent to Redis
        if (big && count.startsWith("-") && !count.endsWith("808")) {
          if (key === "nokey") {
            await t.same("SRANDMEMBER", key, count);
            await t.same("HRANDFIELD", key, count, "WITHVALUES");
            await t.same("ZRANDMEMBER", key, count, "WITHSCORES");
          }
          continue;
        }
        await t.same("SRANDMEMBER", key, count);
        await t.same("HRANDFIELD", key, count);
        await t.same("HRANDFIELD", key, count, "WITHVALUES");
        await t.same("ZRANDMEMBER", key, count);
        await t.same("ZRANDMEMBER", key, count, "WITHSCORES");
        await t.same("ZRANDMEMBER", key, count, "WITHVALUES");
      }
    }
  }));
