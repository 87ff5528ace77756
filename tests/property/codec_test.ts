import assert from "node:assert/strict";
import fc from "fast-check";
import { bytesToBinary } from "../../src/lib/bytes.ts";
import { RequestDecoder } from "../../src/resp/decoder.ts";
import { decodeReply, type Reply } from "../../src/resp/reply_decoder.ts";
import { ReplyWriter } from "../../src/resp/writer.ts";
import { encodeCommand } from "../helpers/raw_client.ts";

const limits = { maxBulkLen: 512 * 1024 * 1024, maxQueryBuffer: 1 << 30 };
const binaryString = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 }).map((a) =>
  String.fromCharCode(...a)
);
const command = fc.array(binaryString, { minLength: 1, maxLength: 6 });

Deno.test("property: a pipeline split at arbitrary byte boundaries decodes to the same commands", () => {
  fc.assert(
    fc.property(
      fc.array(command, { minLength: 1, maxLength: 8 }),
      fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }),
      (commands, cuts) => {
        const parts = commands.map((c) => encodeCommand(c));
        const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
        let off = 0;
        for (const p of parts) {
          all.set(p, off);
          off += p.length;
        }
        const d = new RequestDecoder(limits, 16);
        const got: string[][] = [];
        let pos = 0;
        let i = 0;
        while (pos < all.length) {
          const size = cuts[i++ % cuts.length];
          d.push(all.subarray(pos, Math.min(all.length, pos + size)));
          pos += size;
          for (let cmd = d.next(); cmd !== null; cmd = d.next()) got.push(cmd);
        }
        assert.deepEqual(got, commands);
      },
    ),
    { numRuns: 300 },
  );
});

type Node =
  | { k: "bulk"; v: string }
  | { k: "simple"; v: string }
  | { k: "error"; v: string }
  | { k: "int"; v: bigint }
  | { k: "null" }
  | { k: "bool"; v: boolean }
  | { k: "double"; v: number }
  | { k: "array" | "set" | "push"; items: Node[] }
  | { k: "map"; items: Node[] };

const lineText = fc.string({ maxLength: 20 }).map((s) =>
  s.replace(/[\r\n]/g, "_").replace(/[^ -~]/g, "?")
);

const node: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    binaryString.map((v) => ({ k: "bulk" as const, v })),
    lineText.map((v) => ({ k: "simple" as const, v })),
    lineText.map((v) => ({ k: "error" as const, v: "ERR " + v })),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((v) => ({ k: "int" as const, v })),
    fc.constant({ k: "null" as const }),
    fc.boolean().map((v) => ({ k: "bool" as const, v })),
    fc.double({ noNaN: true }).map((v) => ({ k: "double" as const, v })),
    fc.tuple(
      fc.constantFrom("array" as const, "set" as const, "push" as const),
      fc.array(tie("node"), { maxLength: 4 }),
    )
      .map(([k, items]) => ({ k, items })),
    fc.array(fc.tuple(tie("node"), tie("node")), { maxLength: 3 }).map((pairs) => ({
      k: "map" as const,
      items: pairs.flat(),
    })),
  ),
})).node;

function encode(w: ReplyWriter, n: Node): void {
  switch (n.k) {
    case "bulk":
      return w.bulk(n.v);
    case "simple":
      return w.simple(n.v);
    case "error":
      return w.error(n.v);
    case "int":
      return w.int(n.v);
    case "null":
      return w.nullBulk();
    case "bool":
      return w.bool(n.v);
    case "double":
      return w.double(n.v);
    case "array":
      w.array(n.items.length);
      return n.items.forEach((i) => encode(w, i));
    case "set":
      w.set(n.items.length);
      return n.items.forEach((i) => encode(w, i));
    case "push":
      w.push(n.items.length);
      return n.items.forEach((i) => encode(w, i));
    case "map":
      w.map(n.items.length / 2);
      return n.items.forEach((i) => encode(w, i));
  }
}

/** What a client of the given protocol must see for a node. */
function expected(n: Node, resp: 2 | 3): Reply {
  const double17 = (d: number) => {
    const w = new ReplyWriter();
    w.resp = 3;
    w.double(d);
    return bytesToBinary(w.buf, 1, w.pos - 2);
  };
  switch (n.k) {
    case "bulk":
      return { type: "bulk", value: n.v };
    case "simple":
      return { type: "simple", value: n.v };
    case "error":
      return { type: "error", value: n.v };
    case "int":
      return { type: "int", value: n.v };
    case "null":
      return { type: "null" };
    case "bool":
      return resp === 3 ? { type: "bool", value: n.v } : { type: "int", value: n.v ? 1n : 0n };
    case "double":
      return resp === 3
        ? { type: "double", value: double17(n.v) }
        : { type: "bulk", value: double17(n.v) };
    case "array":
    case "set":
    case "push":
      return { type: resp === 3 ? n.k : "array", items: n.items.map((i) => expected(i, resp)) };
    case "map":
      return { type: resp === 3 ? "map" : "array", items: n.items.map((i) => expected(i, resp)) };
  }
}

for (const resp of [2, 3] as const) {
  Deno.test(`property: RESP${resp} replies round-trip through encode and decode`, () => {
    fc.assert(
      fc.property(node, (n) => {
        const w = new ReplyWriter(4);
        w.resp = resp;
        encode(w, n);
        const bytes = w.buf.slice(0, w.pos);
        const decoded = decodeReply(bytes);
        assert.ok(decoded !== null, "complete reply");
        assert.equal(decoded[1], bytes.length, "consumes exactly the reply");
        assert.deepEqual(decoded[0], expected(n, resp));
        // any strict prefix is reported as incomplete, never misparsed
        for (let cut = 0; cut < bytes.length; cut += Math.max(1, bytes.length >> 3)) {
          assert.equal(decodeReply(bytes.subarray(0, cut)), null);
        }
      }),
      { numRuns: 300 },
    );
  });
}
