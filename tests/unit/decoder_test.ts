import assert from "node:assert/strict";
import { ProtocolError, QueryBufferLimitError, RequestDecoder } from "../../src/resp/decoder.ts";
import { splitArgs } from "../../src/lib/split_args.ts";
import { encodeCommand } from "../helpers/raw_client.ts";

const limits = { maxBulkLen: 512 * 1024 * 1024, maxQueryBuffer: 1 << 30 };

function bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

function decodeAll(input: string, d = new RequestDecoder(limits)): string[][] {
  d.push(bytes(input));
  const out: string[][] = [];
  for (let cmd = d.next(); cmd !== null; cmd = d.next()) out.push(cmd);
  return out;
}

function protocolError(input: string): string {
  try {
    decodeAll(input);
  } catch (e) {
    assert.ok(e instanceof ProtocolError, `expected ProtocolError, got ${e}`);
    return e.message;
  }
  assert.fail(`no error for ${JSON.stringify(input)}`);
}

Deno.test("decoder: multibulk commands, pipelined", () => {
  assert.deepEqual(decodeAll("*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"), [
    ["PING"],
    ["GET", "k"],
  ]);
});

Deno.test("decoder: empty and negative multibulk counts are skipped", () => {
  assert.deepEqual(decodeAll("*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n"), [["PING"]]);
});

Deno.test("decoder: zero-length and binary bulk arguments", () => {
  const all = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join("");
  const enc = encodeCommand(["SET", "", all]);
  const d = new RequestDecoder(limits);
  d.push(enc);
  assert.deepEqual(d.next(), ["SET", "", all]);
  assert.equal(d.next(), null);
});

Deno.test("decoder: inline commands with quoting as redis-cli and telnet send them", () => {
  assert.deepEqual(decodeAll("PING\r\n"), [["PING"]]);
  assert.deepEqual(decodeAll("set  k   v\n"), [["set", "k", "v"]]);
  assert.deepEqual(decodeAll("SET \"a b\" 'c d'\r\n"), [["SET", "a b", "c d"]]);
  assert.deepEqual(decodeAll('ECHO "\\x41\\n\\t\\"q\\""\r\n'), [["ECHO", 'A\n\t"q"']]);
  assert.deepEqual(decodeAll("ECHO 'it\\'s'\r\n"), [["ECHO", "it's"]]);
  assert.deepEqual(decodeAll("\r\n\r\nPING\r\n"), [["PING"]]);
});

Deno.test("decoder: splitArgs rejects unbalanced quotes and text glued to a closing quote", () => {
  assert.equal(splitArgs('"abc'), null);
  assert.equal(splitArgs("'abc"), null);
  assert.equal(splitArgs('"a"b'), null);
  assert.deepEqual(splitArgs('a"b c"'), ["ab c"]);
});

Deno.test("decoder: Redis's protocol error texts", () => {
  assert.equal(protocolError("*x\r\n"), "Protocol error: invalid multibulk length");
  assert.equal(protocolError("*3000000000\r\n"), "Protocol error: invalid multibulk length");
  assert.equal(protocolError("*2\r\nx\r\n"), "Protocol error: expected '$', got 'x'");
  assert.equal(protocolError("*1\r\n$-5\r\n"), "Protocol error: invalid bulk length");
  assert.equal(protocolError("*1\r\n$abc\r\n"), "Protocol error: invalid bulk length");
  assert.equal(protocolError("*1\r\n$600000000\r\n"), "Protocol error: invalid bulk length");
  assert.equal(protocolError('SET "a\r\n'), "Protocol error: unbalanced quotes in request");
  assert.equal(protocolError("A".repeat(70000)), "Protocol error: too big inline request");
  assert.equal(
    protocolError("*" + "1".repeat(70000)),
    "Protocol error: too big mbulk count string",
  );
  assert.equal(
    protocolError("*1\r\n$" + "1".repeat(70000)),
    "Protocol error: too big bulk count string",
  );
});

Deno.test("decoder: a large bulk arrives in many small reads", () => {
  const big = "x".repeat(300_000);
  const enc = encodeCommand(["SET", "k", big]);
  const d = new RequestDecoder(limits);
  const got: string[][] = [];
  for (let i = 0; i < enc.length; i += 1000) {
    d.push(enc.subarray(i, Math.min(enc.length, i + 1000)));
    for (let cmd = d.next(); cmd !== null; cmd = d.next()) got.push(cmd);
  }
  assert.equal(got.length, 1);
  assert.equal(got[0][2].length, big.length);
  assert.equal(got[0][2], big);
});

Deno.test("decoder: the query buffer limit is enforced for a pending command", () => {
  const d = new RequestDecoder({ maxBulkLen: 10 * 1024 * 1024, maxQueryBuffer: 1024 * 1024 });
  d.push(bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5000000\r\n"));
  assert.equal(d.next(), null);
  assert.throws(() => {
    for (let i = 0; i < 20; i++) {
      d.push(new Uint8Array(100_000));
      d.next();
    }
  }, QueryBufferLimitError);
});

Deno.test("decoder: unauthenticated clients may not announce big commands", () => {
  const d = new RequestDecoder(limits);
  d.unauthenticated = true;
  d.push(bytes("*100\r\n"));
  assert.throws(() => d.next(), ProtocolError);
});
