import assert from "node:assert/strict";
import { diffDocsEntry, diffInfoEntry, pairs, parseReply } from "../helpers/command_reply.ts";
import { compat } from "../helpers/compat.ts";

const STRING_COMMANDS = [
  "append",
  "decr",
  "decrby",
  "get",
  "getdel",
  "getex",
  "getrange",
  "getset",
  "incr",
  "incrby",
  "incrbyfloat",
  "lcs",
  "mget",
  "mset",
  "msetnx",
  "psetex",
  "set",
  "setex",
  "setnx",
  "setrange",
  "strlen",
  "substr",
];

Deno.test("compat: COMMAND INFO and COMMAND DOCS facts of the string commands", () =>
  compat(async (t) => {
    const [infoRedis, infoRespire] = await t.both("COMMAND", "INFO", ...STRING_COMMANDS);
    const a = parseReply(infoRedis);
    const b = parseReply(infoRespire);
    assert.ok("items" in a && "items" in b, `COMMAND INFO failed: ${infoRespire}`);
    const problems: string[] = [];
    STRING_COMMANDS.forEach((name, i) => {
      for (const d of diffInfoEntry(a.items[i], b.items[i])) problems.push(`${name}: ${d}`);
    });
    const [docsRedis, docsRespire] = await t.both("COMMAND", "DOCS", ...STRING_COMMANDS);
    const redisDocs = new Map(pairs(parseReply(docsRedis)));
    const respireDocs = new Map(pairs(parseReply(docsRespire)));
    for (const name of STRING_COMMANDS) {
      const da = redisDocs.get(name);
      const db = respireDocs.get(name);
      if (da === undefined || db === undefined) {
        problems.push(`${name}: COMMAND DOCS entry missing`);
        continue;
      }
      for (const d of diffDocsEntry(da, db)) problems.push(`${name}: ${d}`);
    }
    assert.deepEqual(problems, []);
    await t.same("COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2");
    await t.same("COMMAND", "GETKEYS", "LCS", "a", "b", "IDX");
    await t.same("COMMAND", "GETKEYS", "MGET", "a", "b", "c");
  }));
