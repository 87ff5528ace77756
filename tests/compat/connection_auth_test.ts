import assert from "node:assert/strict";
import "../../src/commands/mod.ts";
import { registry } from "../../src/commands/registry.ts";
import { compat, type Pair } from "../helpers/compat.ts";
import { RawClient } from "../helpers/raw_client.ts";
import { startRedis, startRespire } from "../helpers/servers.ts";

const config = { requirepass: "secret" };

/** Sends raw bytes to both servers and asserts the same reply bytes come back. */
async function sameRaw(t: Pair, bytes: string): Promise<void> {
  await Promise.all([t.redis.sendRaw(bytes), t.respire.sendRaw(bytes)]);
  const [redis, respire] = await Promise.all([t.redis.read(), t.respire.read()]);
  assert.equal(respire.raw, redis.raw, `reply differs for ${JSON.stringify(bytes)}`);
}

/** HELLO's reply carries the connection id, which differs between the two servers. */
async function sameHello(t: Pair, ...args: string[]): Promise<void> {
  const [redis, respire] = await t.both(...args);
  const withoutId = (raw: string) => raw.replace(/\$2\r\nid\r\n:\d+\r\n/, "$2\r\nid\r\n:ID\r\n");
  assert.equal(withoutId(respire), withoutId(redis), `reply differs for ${args.join(" ")}`);
}

Deno.test("compat: requirepass, AUTH and HELLO AUTH", () =>
  compat(async (t) => {
    // checks that come before authentication
    await t.same("NOSUCHCOMMAND", "x");
    await t.same("GET");
    await t.same("CLIENT");
    await t.same("CLIENT", "NOSUCH");
    await t.same("CLIENT", "ID", "extra");
    // commands without no_auth
    for (const cmd of [["PING"], ["ECHO", "x"], ["SELECT", "1"], ["CLIENT", "ID"], ["GET", "k"]]) {
      await t.same(...cmd);
    }
    await t.same("HELLO");
    await t.same("HELLO", "3");
    await t.same("HELLO", "2", "SETNAME", "x");
    await t.same("HELLO", "4", "AUTH", "default", "secret");
    await t.same("HELLO", "3", "AUTH", "default", "wrong");
    await t.same("AUTH");
    await t.same("AUTH", "a", "b", "c");
    await t.same("AUTH", "wrong");
    await t.same("AUTH", "default", "wrong");
    await t.same("AUTH", "DEFAULT", "secret");
    await t.same("AUTH", "nouser", "secret");
    await t.same("AUTH", "");
    await t.same("PING");
    // authentication succeeds even though the name is refused afterwards
    await t.same("HELLO", "2", "AUTH", "default", "secret", "SETNAME", "bad name");
    await t.same("PING");
    await t.same("CLIENT", "GETNAME");
    // a failed AUTH leaves an authenticated connection authenticated
    await t.same("AUTH", "wrong");
    await t.same("PING");
    await t.same("RESET");
    await t.same("PING");
    await t.same("AUTH", "secret");
    await t.same("PING");
    await t.same("RESET");
    await t.same("AUTH", "default", "secret");
    await t.same("ECHO", "in");
    await t.same("RESET");
    await sameHello(t, "HELLO", "2", "AUTH", "default", "secret", "SETNAME", "me");
    await t.same("CLIENT", "GETNAME");
    await t.same("RESET");
    await t.same("QUIT");
  }, { config }));

Deno.test("compat: size limits for unauthenticated clients", () =>
  compat(async (t) => {
    await sameRaw(t, "*-5\r\n*0\r\n*1\r\n$4\r\nPING\r\n");
    // ten arguments and 16 KiB arguments are still fine before AUTH
    await sameRaw(t, "*10\r\n" + "$1\r\nx\r\n".repeat(10));
    await sameRaw(t, `*2\r\n$4\r\nECHO\r\n$16384\r\n${"y".repeat(16384)}\r\n`);
    await sameRaw(t, "*11\r\n");
    assert.ok(await t.redis.waitClosed());
    assert.ok(await t.respire.waitClosed());
  }, { config, bothProtocols: false }));

Deno.test("compat: bulk size limit for unauthenticated clients", () =>
  compat(async (t) => {
    await sameRaw(t, "*2\r\n$4\r\nECHO\r\n$16385\r\n");
    assert.ok(await t.redis.waitClosed());
    assert.ok(await t.respire.waitClosed());
  }, { config, bothProtocols: false }));

Deno.test("compat: AUTH lifts the limits for unauthenticated clients", () =>
  compat(async (t) => {
    await t.same("AUTH", "secret");
    await sameRaw(t, "*11\r\n$4\r\nECHO\r\n" + "$1\r\nx\r\n".repeat(10));
    await sameRaw(t, `*2\r\n$4\r\nECHO\r\n$16385\r\n${"z".repeat(16385)}\r\n`);
  }, { config, bothProtocols: false }));

Deno.test("compat: HELLO applies AUTH and SETNAME in order, before its own checks", () =>
  compat(async (t) => {
    const cases = [
      ["HELLO", "2", "SETNAME", "x"],
      ["HELLO", "2", "AUTH", "default", "wrong", "SETNAME", "y"],
      ["HELLO", "9", "SETNAME", "z"],
      ["HELLO", "2", "SETNAME", "a", "FOO"],
      ["HELLO", "2", "SETNAME", "a", "AUTH", "default"],
      ["HELLO", "2", "SETNAME", "bad name", "AUTH", "default", "secret"],
      ["HELLO", "2", "AUTH", "default", "secret", "FOO"],
      ["HELLO", "2", "AUTH", "default", "secret", "SETNAME", "a", "SETNAME", "b c"],
      ["HELLO", "3", "AUTH", "default", "secret", "AUTH", "default", "wrong"],
      ["HELLO", "3", "AUTH", "default", "wrong", "AUTH", "default", "secret"],
    ];
    for (const hello of cases) {
      await t.same(...hello);
      await t.same("PING");
      await t.same("AUTH", "secret");
      await t.same("CLIENT", "GETNAME");
      await t.same("RESET");
    }
  }, { config }));

Deno.test({
  name: "compat: clearing requirepass lets unauthenticated connections in, until it is set again",
  ignore: registry.lookupFullName("config|set") === undefined,
  fn: async () => {
    await using redis = await startRedis(["--requirepass", "secret"]);
    await using respire = await startRespire({ requirepass: "secret" });
    const transcripts: string[][] = [];
    for (const port of [redis.port, respire.port]) {
      const admin = await RawClient.connect(port);
      const never = await RawClient.connect(port);
      let joinedLater: RawClient | undefined;
      const lines: string[] = [];
      try {
        lines.push(await admin.call("AUTH", "secret"));
        lines.push(await admin.call("CONFIG", "SET", "requirepass", ""));
        lines.push(await never.call("PING"));
        // HELLO looks at the connection's own state, not at whether a password is required
        lines.push(await never.call("HELLO", "3"));
        await never.sendRaw("*12\r\n" + "$4\r\nECHO\r\n" + "$1\r\nx\r\n".repeat(11));
        lines.push((await never.read()).raw);
        joinedLater = await RawClient.connect(port);
        lines.push(await admin.call("CONFIG", "SET", "requirepass", "secret"));
        lines.push(await never.call("PING"));
        lines.push(await joinedLater.call("PING"));
      } finally {
        admin.close();
        never.close();
        joinedLater?.close();
      }
      transcripts.push(lines);
    }
    assert.deepEqual(transcripts[1], transcripts[0]);
  },
});
