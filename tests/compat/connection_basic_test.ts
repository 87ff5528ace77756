import assert from "node:assert/strict";
import { compat, type Pair } from "../helpers/compat.ts";

/** HELLO's reply carries the connection id, which differs between the two servers. */
async function sameHello(t: Pair, ...args: string[]): Promise<void> {
  const [redis, respire] = await t.both(...args);
  const withoutId = (raw: string) => raw.replace(/\$2\r\nid\r\n:\d+\r\n/, "$2\r\nid\r\n:ID\r\n");
  assert.equal(withoutId(respire), withoutId(redis), `reply differs for HELLO ${args.join(" ")}`);
}

Deno.test("compat: PING, ECHO, SELECT, QUIT", () =>
  compat(async (t) => {
    await t.same("PING");
    await t.same("PING", "hello");
    await t.same("PING", "\x00\xff bin");
    await t.same("PING", "a", "b");
    await t.same("ping", "");
    await t.same("ECHO", "hi");
    await t.same("ECHO", "");
    await t.same("ECHO");
    await t.same("ECHO", "a", "b");
    await t.same("SELECT");
    await t.same("SELECT", "1", "2");
    for (
      const index of [
        "0",
        "15",
        "16",
        "-1",
        "abc",
        "1.5",
        " 1",
        "01",
        "2147483647",
        "2147483648",
        "-2147483648",
        "-2147483649",
        "9223372036854775807",
        "99999999999999999999",
      ]
    ) {
      await t.same("SELECT", index);
    }
    await t.same("SET", "k", "db0");
    await t.same("SELECT", "3");
    await t.same("GET", "k");
    await t.same("SET", "k", "db3");
    await t.same("SELECT", "0");
    await t.same("GET", "k");
    await t.same("QUIT", "with", "arguments");
    assert.ok(await t.redis.waitClosed());
    assert.ok(await t.respire.waitClosed());
  }));

Deno.test("compat: HELLO forms and errors", () =>
  compat(async (t) => {
    await sameHello(t, "HELLO");
    for (const bad of ["1", "4", "0", "-1", "abc", "2.0", "03", "99999999999999999999", ""]) {
      await t.same("HELLO", bad);
    }
    await t.same("HELLO", "3", "AUTH");
    await t.same("HELLO", "3", "AUTH", "default");
    await t.same("HELLO", "3", "SETNAME");
    await t.same("HELLO", "3", "FOO");
    await t.same("HELLO", "3", "foo\x00bar");
    await t.same("HELLO", "3", "SETNAME", "a b");
    await t.same("HELLO", "3", "SETNAME", "\x7f");
    await t.same("HELLO", "3", "AUTH", "nouser", "pw");
    await t.same("HELLO", "3", "AUTH", "Default", "pw");
    await t.same("HELLO", "AUTH", "default", "pw");
    // the default user has no password here, so any password is right
    await sameHello(t, "HELLO", "2", "AUTH", "default", "anything", "SETNAME", "n1");
    await t.same("CLIENT", "GETNAME");
    await sameHello(t, "HELLO", "2", "setname", "x", "SETNAME", "y", "auth", "default", "p");
    await t.same("CLIENT", "GETNAME");
    await sameHello(t, "HELLO", "3", "SETNAME", "");
    // an unnamed connection's GETNAME is a null, which shows the protocol in use
    await t.same("CLIENT", "GETNAME");
    await sameHello(t, "HELLO");
    await sameHello(t, "HELLO", "2");
    await t.same("CLIENT", "GETNAME");
    await t.same("PING");
  }));

Deno.test("compat: AUTH without a configured password", () =>
  compat(async (t) => {
    await t.same("AUTH");
    await t.same("AUTH", "pw");
    await t.same("AUTH", "default", "pw");
    await t.same("AUTH", "nouser", "pw");
    await t.same("AUTH", "a", "b", "c");
    await t.same("PING");
  }));

Deno.test("compat: RESET", () =>
  compat(async (t) => {
    await t.same("SELECT", "5");
    await t.same("SET", "k", "v");
    await t.same("CLIENT", "SETNAME", "named");
    await t.same("CLIENT", "NO-EVICT", "on");
    await t.same("RESET");
    await t.same("GET", "k");
    // null in RESP2 form: RESET went back to RESP2 and dropped the name
    await t.same("CLIENT", "GETNAME");
    await t.same("RESET", "x");
    // CLIENT REPLY OFF has no reply; RESET turns replies back on and answers
    await Promise.all([
      t.redis.send("CLIENT", "REPLY", "OFF"),
      t.respire.send("CLIENT", "REPLY", "OFF"),
    ]);
    await t.same("RESET");
    await t.same("PING");
  }));
