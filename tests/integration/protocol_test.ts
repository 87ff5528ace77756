/**
 * Bad input over real sockets: each protocol error gets Redis's reply and closes only that
 * connection; the server and other clients carry on.
 */
import assert from "node:assert/strict";
import { encodeCommand, RawClient } from "../helpers/raw_client.ts";
import { startRespire } from "../helpers/servers.ts";

const PROTOCOL_ERRORS: [string, string][] = [
  ["*x\r\n", "-ERR Protocol error: invalid multibulk length\r\n"],
  ["*1\r\n$-5\r\n", "-ERR Protocol error: invalid bulk length\r\n"],
  ["*2\r\nx\r\n", "-ERR Protocol error: expected '$', got 'x'\r\n"],
  ['SET "a\r\n', "-ERR Protocol error: unbalanced quotes in request\r\n"],
  ["*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$600000000\r\n", "-ERR Protocol error: invalid bulk length\r\n"],
  ["x".repeat(70_000), "-ERR Protocol error: too big inline request\r\n"],
];

Deno.test("protocol errors: exact reply, that connection closed, others unaffected", async () => {
  await using server = await startRespire();
  const bystander = await RawClient.connect(server.port);
  try {
    assert.equal(await bystander.call("SET", "survivor", "yes"), "+OK\r\n");
    for (const [input, reply] of PROTOCOL_ERRORS) {
      const bad = await RawClient.connect(server.port);
      try {
        // a valid command first: its reply must still arrive before the error
        await bad.sendRaw(encodeCommand(["PING"]));
        await bad.sendRaw(input);
        assert.equal((await bad.read()).raw, "+PONG\r\n");
        assert.equal(
          (await bad.read()).raw,
          reply,
          `reply to ${JSON.stringify(input.slice(0, 40))}`,
        );
        assert.ok(await bad.waitClosed(), "connection closed after a protocol error");
      } finally {
        bad.close();
      }
      assert.equal(await bystander.call("GET", "survivor"), "$3\r\nyes\r\n");
    }
  } finally {
    bystander.close();
  }
});

Deno.test("a connection dropped mid-command leaves the server serving", async () => {
  await using server = await startRespire();
  const dropper = await RawClient.connect(server.port);
  await dropper.sendRaw("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100\r\nhalf");
  dropper.close();
  const other = await RawClient.connect(server.port);
  try {
    assert.equal(await other.call("GET", "k"), "$-1\r\n");
    assert.equal(await other.call("PING"), "+PONG\r\n");
  } finally {
    other.close();
  }
});

Deno.test("pipelining 10,000 commands in one write returns 10,000 replies in order", async () => {
  await using server = await startRespire();
  const c = await RawClient.connect(server.port);
  try {
    const parts: Uint8Array[] = [];
    for (let i = 0; i < 10_000; i++) parts.push(encodeCommand(["SET", `key:${i}`, `v${i}`]));
    for (let i = 0; i < 10_000; i++) parts.push(encodeCommand(["GET", `key:${i}`]));
    const total = parts.reduce((n, p) => n + p.length, 0);
    const all = new Uint8Array(total);
    let off = 0;
    for (const p of parts) {
      all.set(p, off);
      off += p.length;
    }
    const writing = c.sendRaw(all);
    for (let i = 0; i < 10_000; i++) assert.equal((await c.read()).raw, "+OK\r\n");
    for (let i = 0; i < 10_000; i++) {
      const v = `v${i}`;
      assert.equal((await c.read()).raw, `$${v.length}\r\n${v}\r\n`);
    }
    await writing;
  } finally {
    c.close();
  }
});

Deno.test("binary keys and values with every byte 0x00-0xFF round-trip", async () => {
  await using server = await startRespire();
  const c = await RawClient.connect(server.port);
  try {
    const all = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join("");
    for (let b = 0; b < 256; b++) {
      const key = String.fromCharCode(b) + all;
      assert.equal(await c.call("SET", key, all + String.fromCharCode(b)), "+OK\r\n");
    }
    for (let b = 0; b < 256; b++) {
      const key = String.fromCharCode(b) + all;
      const v = all + String.fromCharCode(b);
      assert.equal(await c.call("GET", key), `$${v.length}\r\n${v}\r\n`);
    }
  } finally {
    c.close();
  }
});

Deno.test("a bulk header over proto-max-bulk-len is refused before any allocation", async () => {
  await using server = await startRespire();
  const c = await RawClient.connect(server.port);
  try {
    await c.sendRaw("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$629145600\r\n");
    assert.equal((await c.read()).raw, "-ERR Protocol error: invalid bulk length\r\n");
    assert.ok(await c.waitClosed());
  } finally {
    c.close();
  }
});
