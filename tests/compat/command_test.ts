import assert from "node:assert/strict";
import "../../src/commands/mod.ts";
import { registry } from "../../src/commands/registry.ts";
import { compat, type Pair } from "../helpers/compat.ts";
import {
  normalizeDocs,
  normalizeInfo,
  pairs,
  parseReply,
  showReply,
} from "../helpers/command_reply.ts";

/** Same COMMAND INFO reply, up to key-spec notes and the order of subcommands. */
async function sameInfo(t: Pair, ...args: string[]): Promise<void> {
  const [redis, respire] = await t.both(...args);
  assert.equal(
    showReply(normalizeInfo(parseReply(respire))),
    showReply(normalizeInfo(parseReply(redis))),
    `COMMAND INFO differs for ${args.join(" ")}\n  redis:   ${JSON.stringify(redis)}\n  respire: ${
      JSON.stringify(respire)
    }`,
  );
}

/** Same COMMAND DOCS reply, up to own-words texts and the order of subcommands. */
async function sameDocs(t: Pair, ...args: string[]): Promise<void> {
  const [redis, respire] = await t.both(...args);
  assert.equal(
    showReply(normalizeDocs(parseReply(respire))),
    showReply(normalizeDocs(parseReply(redis))),
    `COMMAND DOCS differs for ${args.join(" ")}\n  redis:   ${JSON.stringify(redis)}\n  respire: ${
      JSON.stringify(respire)
    }`,
  );
}

function names(raw: string): string[] {
  const r = parseReply(raw);
  assert.ok("items" in r, `expected an array, got ${raw}`);
  return r.items.map((i) => ("value" in i ? String(i.value) : "?")).sort();
}

Deno.test("compat: COMMAND INFO, DOCS, COUNT and the bare COMMAND", () =>
  compat(async (t) => {
    await sameInfo(t, "COMMAND", "INFO", "get", "set", "ping");
    await sameInfo(t, "COMMAND", "INFO", "command", "command|info", "Command|LIST", "nothere");
    await sameDocs(t, "COMMAND", "DOCS", "get", "set", "GET", "ping", "nothere");
    await sameDocs(t, "COMMAND", "DOCS", "command", "command|docs", "COMMAND|LIST");
    // names that are not commands: a null entry in INFO, nothing at all in DOCS
    await t.same("COMMAND", "INFO", "nothere", "", "a|b|c", "get|", "|get", "command|info|x");
    await t.same("COMMAND", "DOCS", "nothere", "", "get|x", "command|nothere");

    const count = await t.respire.call("COMMAND", "COUNT");
    assert.equal(count, `:${registry.commands.size}\r\n`);
    await t.same("COMMAND", "COUNT", "extra");

    // COMMAND, COMMAND INFO and COMMAND DOCS without names describe every top-level command
    const everything = parseReply(await t.respire.call("COMMAND"));
    assert.ok("items" in everything);
    assert.equal(everything.items.length, registry.commands.size);
    const infoAll = parseReply(await t.respire.call("COMMAND", "INFO"));
    assert.equal(showReply(infoAll), showReply(everything));
    const docsAll = pairs(parseReply(await t.respire.call("COMMAND", "DOCS")));
    assert.deepEqual(docsAll.map(([name]) => name), [...registry.commands.keys()]);
  }));

Deno.test("compat: COMMAND GETKEYS and GETKEYSANDFLAGS", () =>
  compat(async (t) => {
    await t.same("COMMAND", "GETKEYS", "GET", "k");
    await t.same("COMMAND", "GETKEYS", "get", "\x00\xffbinary");
    await t.same("COMMAND", "GETKEYSANDFLAGS", "GET", "k");
    await t.same("COMMAND", "GETKEYS", "SET", "k", "v", "EX", "10");
    await t.same("COMMAND", "GETKEYS", "DEL", "a", "b", "c");
    await t.same("COMMAND", "GETKEYSANDFLAGS", "RENAME", "a", "b");
    await t.same("COMMAND", "GETKEYSANDFLAGS", "COPY", "a", "b", "DB", "1", "REPLACE");
    await t.same("COMMAND", "GETKEYSANDFLAGS", "object", "encoding", "k");
    await t.same("COMMAND", "GETKEYS", "OBJECT", "NOSUCH", "k");
    await t.same("COMMAND", "GETKEYS", "OBJECT", "HELP");
    await t.same("COMMAND", "GETKEYS", "KEYS", "*");
    // errors, in Redis's order: unknown command, no key arguments, arity, bad arguments
    await t.same("COMMAND", "GETKEYS", "nosuch", "x");
    await t.same("COMMAND", "GETKEYS", "COMMAND", "NOSUCH", "x");
    await t.same("COMMAND", "GETKEYS", "PING", "x");
    await t.same("COMMAND", "GETKEYS", "COMMAND", "INFO", "x");
    await t.same("COMMAND", "GETKEYSANDFLAGS", "ECHO", "x");
    await t.same("COMMAND", "GETKEYS", "GET", "a", "b");
    await t.same("COMMAND", "GETKEYS", "SET", "k");
    await t.same("COMMAND", "GETKEYSANDFLAGS", "GET", "a", "b", "c");
    await t.same("COMMAND", "GETKEYS", "GET");
    await t.same("COMMAND", "GETKEYS");
    await t.same("COMMAND", "GETKEYSANDFLAGS", "GET");
  }));

Deno.test("compat: COMMAND LIST, HELP and error paths", () =>
  compat(async (t) => {
    await t.sameUnordered("COMMAND", "LIST", "FILTERBY", "PATTERN", "command*");
    await t.sameUnordered("COMMAND", "LIST", "filterby", "pattern", "COMMAND|[dg]*");
    await t.sameUnordered("COMMAND", "LIST", "FILTERBY", "PATTERN", "no-such-*");
    // FILTERBY and its kind end at a NUL byte (strcasecmp), the pattern does not
    await t.sameUnordered("COMMAND", "LIST", "filterby\0", "pattern\0x", "zunion*");
    await t.same("COMMAND", "LIST", "FILTERBY", "PATTERN", "zunion\0*");
    await t.same("COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch\0");
    await t.same("COMMAND", "LIST", "FILTERBY", "module\0", "x");
    await t.same("COMMAND", "LIST", "FILTER\0BY", "ACLCAT", "read");
    await t.same("COMMAND", "GETKEYS", "object\0", "freq", "k");
    await t.same("COMMAND", "LIST", "FILTERBY", "ACLCAT", "nosuch");
    await t.same("COMMAND", "LIST", "FILTERBY", "ACLCAT", "@read");
    await t.same("COMMAND", "LIST", "FILTERBY", "MODULE", "anything");
    await t.same("COMMAND", "LIST", "FILTERBY", "BOGUS", "x");
    await t.same("COMMAND", "LIST", "FILTERBY", "ACLCAT");
    await t.same("COMMAND", "LIST", "FOO");
    await t.same("COMMAND", "LIST", "FILTERBY", "ACLCAT", "read", "FILTERBY", "ACLCAT", "fast");

    // respire lists fewer commands than Redis; every one it lists Redis lists too
    for (
      const filter of [[], ["FILTERBY", "ACLCAT", "connection"], ["FILTERBY", "ACLCAT", "READ"]]
    ) {
      const [redis, respire] = await t.both("COMMAND", "LIST", ...filter);
      const redisNames = new Set(names(redis));
      const ours = names(respire);
      const allowed = ["client|setinfo", "client|no-touch", "waitaof"];
      const unknown = ours.filter((n) => !redisNames.has(n) && !allowed.includes(n));
      assert.deepEqual(unknown, [], `COMMAND LIST ${filter.join(" ")}`);
      assert.ok(ours.length > 0);
    }
    const all = names(await t.respire.call("COMMAND", "LIST"));
    assert.deepEqual(all, [...registry.all()].map((c) => c.fullName).sort());

    await t.same("COMMAND", "HELP");
    await t.same("command", "help");
    await t.same("COMMAND", "HELP", "extra");
    await t.same("COMMAND", "FOO");
    await t.same("COMMAND", "\x00bin");
    await t.same("COMMAND", "INFO", "get");
  }));
