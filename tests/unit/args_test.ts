/**
 * The argument toolkit (src/commands/args.ts). Every error text below was checked against
 * redis-server 7.0.15 (redis-cli / a raw socket), e.g.:
 *
 *   SET k v "ex\0zz" 10          -> +OK (TTL 10)      SET k v "e\0x" 10   -> -ERR syntax error
 *   LMPOP 0 l left               -> -ERR numkeys should be greater than 0 (also -1, abc, "1\0",
 *                                   99999999999999999999)
 *   LMPOP 2 l left               -> -ERR syntax error (more keys than arguments)
 *   LMPOP 1 l left COUNT 0       -> -ERR count should be greater than 0 (also COUNT x)
 *   ZMPOP 1 z "min\0x"           -> pops (MIN), ZMPOP 1 z MAX "COUNT\0" 1 -> pops
 *   SINTERCARD 2 a               -> -ERR Number of keys can't be greater than number of args
 *   ZINTERCARD 0 a               -> -ERR at least 1 input key is needed for 'zintercard' command
 *   ZUNION x a                   -> -ERR value is not an integer or out of range
 *   ZUNION 2 a                   -> -ERR syntax error
 *   BLPOP k abc / "1\0x" / "1\0" -> -ERR timeout is not a float or out of range
 *   BLPOP k -1 / inf / 1e400     -> -ERR timeout is negative
 *   CLIENT PAUSE abc / "1\0"     -> -ERR timeout is not an integer or out of range
 *   CLIENT PAUSE -1              -> -ERR timeout is negative
 */
import assert from "node:assert/strict";
import {
  ERR_COUNT_POSITIVE,
  ERR_NUMKEYS_POSITIVE,
  ERR_NUMKEYS_TOO_MANY,
  ERR_TIMEOUT_FLOAT,
  ERR_TIMEOUT_INTEGER,
  ERR_TIMEOUT_NEGATIVE,
  float,
  int,
  isOption,
  keyword,
  lowerName,
  Numkeys,
  numkeys,
  numkeysKeys,
  oneOf,
  OptionScanner,
  parseMpop,
  positiveInt,
  rangeInt,
  timeout,
  timeoutMs,
} from "../../src/commands/args.ts";
import { CommandError } from "../../src/commands/errors.ts";

const SYNTAX = "ERR syntax error";
const NOT_INTEGER = "ERR value is not an integer or out of range";

function throwsText(f: () => unknown, text: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof CommandError, `not a CommandError: ${e}`);
    assert.equal(e.message, text);
    return true;
  });
}

Deno.test("isOption: ASCII case folding, ends at NUL as strcasecmp does", () => {
  assert.ok(isOption("EX", "EX"));
  assert.ok(isOption("ex", "EX"));
  assert.ok(isOption("eX", "EX"));
  assert.ok(isOption("ex\0zz", "EX"));
  assert.ok(isOption("ex\0", "EX"));
  assert.ok(isOption("withscores\0", "WITHSCORES"));
  assert.ok(isOption("lib-name", "LIB-NAME"));
  assert.ok(!isOption("e\0x", "EX"));
  assert.ok(!isOption("\0EX", "EX"));
  assert.ok(!isOption("E", "EX"));
  assert.ok(!isOption("EXX", "EX"));
  assert.ok(!isOption("EXAT", "EX"));
  assert.ok(!isOption("", "EX"));
  // folding is ASCII only: no Latin-1 letter folds onto an ASCII one, and no digit/punctuation
  // folds either (a - 32 would map '{' onto '[')
  assert.ok(!isOption("\u00e9X", "\u00c9X"));
  assert.ok(!isOption("{", "["));
  assert.ok(!isOption("\u00dfT", "SST"));
  assert.ok(!isOption("k", "\u212a"));
});

Deno.test("oneOf / keyword: index of the matching keyword, or -1 / syntax error", () => {
  const ends = ["LEFT", "RIGHT"] as const;
  assert.equal(oneOf("left", ends), 0);
  assert.equal(oneOf("Right\0x", ends), 1);
  assert.equal(oneOf("up", ends), -1);
  assert.equal(keyword("LEFT", ends), 0);
  throwsText(() => keyword("middle", ends), SYNTAX);
});

Deno.test("lowerName: the C string, ASCII letters lowered", () => {
  assert.equal(lowerName("server"), "server");
  assert.equal(lowerName("SeRvEr\0junk"), "server");
  assert.equal(lowerName("\u00c9A"), "\u00c9a");
  assert.equal(lowerName(""), "");
});

Deno.test("int / positiveInt / rangeInt / float: Redis's texts", () => {
  assert.equal(int("-12"), -12);
  throwsText(() => int("1\0"), NOT_INTEGER);
  throwsText(() => int(" 1"), NOT_INTEGER);
  throwsText(() => int("x", "ERR custom"), "ERR custom");
  assert.equal(positiveInt("0", "ERR LIMIT can't be negative"), 0);
  throwsText(() => positiveInt("-1", "ERR LIMIT can't be negative"), "ERR LIMIT can't be negative");
  throwsText(() => positiveInt("x", "ERR LIMIT can't be negative"), "ERR LIMIT can't be negative");
  assert.equal(rangeInt("1", 1, ERR_COUNT_POSITIVE), 1);
  throwsText(() => rangeInt("0", 1, ERR_COUNT_POSITIVE), ERR_COUNT_POSITIVE);
  throwsText(() => rangeInt("x", 1, ERR_COUNT_POSITIVE), ERR_COUNT_POSITIVE);
  assert.equal(float("1.5"), 1.5);
  assert.equal(float("-inf"), -Infinity);
  throwsText(() => float("nan"), "ERR value is not a valid float");
  throwsText(
    () => float("x", "ERR weight value is not a float"),
    "ERR weight value is not a float",
  );
});

Deno.test("timeout / timeoutMs: blocking timeouts as Redis 7.0 reads them", () => {
  assert.equal(ERR_TIMEOUT_FLOAT, "ERR timeout is not a float or out of range");
  assert.equal(ERR_TIMEOUT_INTEGER, "ERR timeout is not an integer or out of range");
  assert.equal(ERR_TIMEOUT_NEGATIVE, "ERR timeout is negative");
  assert.equal(timeout("0"), 0);
  assert.equal(timeout("1.5"), 1500);
  throwsText(() => timeout("abc"), ERR_TIMEOUT_FLOAT);
  throwsText(() => timeout(""), ERR_TIMEOUT_FLOAT);
  throwsText(() => timeout("1\0x"), ERR_TIMEOUT_FLOAT);
  throwsText(() => timeout("1\0"), ERR_TIMEOUT_FLOAT);
  throwsText(() => timeout("-1"), ERR_TIMEOUT_NEGATIVE);
  throwsText(() => timeout("inf"), ERR_TIMEOUT_NEGATIVE);
  throwsText(() => timeout("1e400"), ERR_TIMEOUT_NEGATIVE);
  throwsText(() => timeout("9223372036854775807"), ERR_TIMEOUT_NEGATIVE);
  assert.equal(timeoutMs("250"), 250);
  throwsText(() => timeoutMs("abc"), ERR_TIMEOUT_INTEGER);
  throwsText(() => timeoutMs("1\0"), ERR_TIMEOUT_INTEGER);
  throwsText(() => timeoutMs("1.5"), ERR_TIMEOUT_INTEGER);
  throwsText(() => timeoutMs("-1"), ERR_TIMEOUT_NEGATIVE);
});

Deno.test("numkeys: the three families and their edge cases", () => {
  const args = ["CMD", "2", "a", "b", "x"];
  assert.equal(numkeys(args, 1, Numkeys.Mpop), 2);
  assert.equal(numkeys(args, 1, Numkeys.Card), 2);
  assert.equal(numkeys(args, 1, Numkeys.Zset, "zunion"), 2);
  for (const bad of ["0", "-1", "abc", "1\0", "1.5", "99999999999999999999"]) {
    const a = ["CMD", bad, "k"];
    throwsText(() => numkeys(a, 1, Numkeys.Mpop), ERR_NUMKEYS_POSITIVE);
    throwsText(() => numkeys(a, 1, Numkeys.Card), ERR_NUMKEYS_POSITIVE);
  }
  throwsText(
    () => numkeys(["ZUNION", "0", "a"], 1, Numkeys.Zset, "zunion"),
    "ERR at least 1 input key is needed for 'zunion' command",
  );
  throwsText(
    () => numkeys(["ZUNIONSTORE", "d", "-1", "a"], 2, Numkeys.Zset, "zunionstore"),
    "ERR at least 1 input key is needed for 'zunionstore' command",
  );
  throwsText(() => numkeys(["ZUNION", "x", "a"], 1, Numkeys.Zset, "zunion"), NOT_INTEGER);
  throwsText(() => numkeys(["ZUNION", "1\0", "a"], 1, Numkeys.Zset, "zunion"), NOT_INTEGER);
  // more keys announced than arguments left
  throwsText(() => numkeys(["ZUNION", "2", "a"], 1, Numkeys.Zset, "zunion"), SYNTAX);
  throwsText(() => numkeys(["SINTERCARD", "2", "a"], 1, Numkeys.Card), ERR_NUMKEYS_TOO_MANY);
  assert.equal(ERR_NUMKEYS_TOO_MANY, "ERR Number of keys can't be greater than number of args");
  // Mpop leaves that check to parseMpop (a syntax error there)
  assert.equal(numkeys(["LMPOP", "5", "a"], 1, Numkeys.Mpop), 5);
});

Deno.test("numkeysKeys: key positions for COMMAND GETKEYS", () => {
  assert.deepEqual(numkeysKeys(["ZUNION", "2", "a", "b"], 1), [2, 3]);
  assert.deepEqual(numkeysKeys(["BLMPOP", "0", "1", "a", "LEFT"], 2), [3]);
  assert.deepEqual(numkeysKeys(["ZUNION", "3", "a", "b"], 1), []);
  assert.deepEqual(numkeysKeys(["ZUNION", "0", "a"], 1), []);
  assert.deepEqual(numkeysKeys(["ZUNION", "x", "a"], 1), []);
  assert.deepEqual(numkeysKeys(["ZUNION", "0x1", "a"], 1), []);
  assert.deepEqual(numkeysKeys(["ZUNION", " 1", "a"], 1), []);
  assert.deepEqual(numkeysKeys(["ZUNION"], 1), []);
});

Deno.test("parseMpop: LMPOP/ZMPOP grammar, NUL-aware keywords", () => {
  const lr = ["LEFT", "RIGHT"] as const;
  const mm = ["MIN", "MAX"] as const;
  assert.deepEqual(parseMpop(["LMPOP", "1", "l", "left"], 1, lr), {
    firstKey: 2,
    numkeys: 1,
    first: true,
    count: 1,
  });
  assert.deepEqual(parseMpop(["ZMPOP", "2", "a", "b", "max", "count", "5"], 1, mm), {
    firstKey: 2,
    numkeys: 2,
    first: false,
    count: 5,
  });
  assert.equal(parseMpop(["ZMPOP", "1", "z", "min\0x"], 1, mm).first, true);
  assert.equal(parseMpop(["ZMPOP", "1", "z", "MAX", "COUNT\0", "3"], 1, mm).count, 3);
  assert.equal(parseMpop(["BLMPOP", "0", "1", "l", "right"], 2, lr).firstKey, 3);
  throwsText(() => parseMpop(["LMPOP", "0", "l", "left"], 1, lr), ERR_NUMKEYS_POSITIVE);
  throwsText(() => parseMpop(["LMPOP", "2", "l", "left"], 1, lr), SYNTAX);
  throwsText(() => parseMpop(["LMPOP", "3", "l", "left"], 1, lr), SYNTAX);
  throwsText(() => parseMpop(["LMPOP", "1", "l", "up"], 1, lr), SYNTAX);
  throwsText(() => parseMpop(["LMPOP", "1", "l", "min"], 1, lr), SYNTAX);
  throwsText(() => parseMpop(["LMPOP", "1", "l", "left", "COUNT"], 1, lr), SYNTAX);
  throwsText(() => parseMpop(["LMPOP", "1", "l", "left", "COUNT", "0"], 1, lr), ERR_COUNT_POSITIVE);
  throwsText(() => parseMpop(["LMPOP", "1", "l", "left", "COUNT", "x"], 1, lr), ERR_COUNT_POSITIVE);
  throwsText(
    () => parseMpop(["LMPOP", "1", "l", "left", "COUNT", "1", "COUNT", "2"], 1, lr),
    SYNTAX,
  );
  throwsText(() => parseMpop(["LMPOP", "1", "l", "left", "junk"], 1, lr), SYNTAX);
});

Deno.test("OptionScanner: walks options, consumes values, fails with the syntax error", () => {
  const o = new OptionScanner(["CMD", "k", "limit", "5", "withscores\0", "weights", "1.5"], 2);
  let limit = -1;
  let withScores = false;
  let weight = 0;
  while (!o.done) {
    if (o.take("LIMIT", 1)) limit = o.int();
    else if (o.take("WITHSCORES")) withScores = true;
    else if (o.take("WEIGHTS", 1)) weight = o.float();
    else o.fail();
  }
  assert.deepEqual([limit, withScores, weight], [5, true, 1.5]);
  // an option whose value is missing does not match
  const short = new OptionScanner(["CMD", "LIMIT"], 1);
  assert.equal(short.more, 0);
  assert.equal(short.take("LIMIT", 1), false);
  assert.equal(short.current, "LIMIT");
  throwsText(() => short.fail(), SYNTAX);
  const end = new OptionScanner(["CMD"], 1);
  throwsText(() => end.value(), SYNTAX);
  throwsText(() => new OptionScanner(["CMD", "x"], 1).int(), NOT_INTEGER);
});
