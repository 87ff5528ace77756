/**
 * Decodes RESP2/RESP3 replies (what a server sends), for tests, tools and clients built on
 * respire. `decodeReply` returns the value and the bytes it spans, or null when the buffer
 * holds only part of a reply.
 */
import { bytesToBinary } from "../lib/bytes.ts";

export type Reply =
  | { type: "simple"; value: string }
  | { type: "error"; value: string }
  | { type: "int"; value: bigint }
  | { type: "bulk"; value: string }
  | { type: "null" }
  | { type: "double"; value: string }
  | { type: "bool"; value: boolean }
  | { type: "bignum"; value: string }
  | { type: "verbatim"; format: string; value: string }
  | { type: "bulkerror"; value: string }
  | { type: "array" | "set" | "push"; items: Reply[] }
  | { type: "map" | "attribute"; items: Reply[] };

export class ReplyFormatError extends Error {}

function findCRLF(buf: Uint8Array, from: number, end: number): number {
  for (let i = from; i + 1 < end; i++) if (buf[i] === 13 && buf[i + 1] === 10) return i;
  return -1;
}

/** Decodes one reply starting at `start`. Returns [reply, nextOffset] or null if incomplete. */
export function decodeReply(
  buf: Uint8Array,
  start = 0,
  end = buf.length,
): [Reply, number] | null {
  if (start >= end) return null;
  const t = buf[start];
  const lineEnd = findCRLF(buf, start + 1, end);
  if (lineEnd < 0) return null;
  const line = bytesToBinary(buf, start + 1, lineEnd);
  const after = lineEnd + 2;
  const lenOf = () => {
    const n = Number(line);
    if (!Number.isInteger(n)) throw new ReplyFormatError(`bad length '${line}'`);
    return n;
  };
  const blob = (): [string, number] | null => {
    const n = lenOf();
    if (after + n + 2 > end) return null;
    return [bytesToBinary(buf, after, after + n), after + n + 2];
  };
  const aggregate = (count: number): [Reply[], number] | null => {
    const items: Reply[] = [];
    let off = after;
    for (let i = 0; i < count; i++) {
      const r = decodeReply(buf, off, end);
      if (r === null) return null;
      items.push(r[0]);
      off = r[1];
    }
    return [items, off];
  };
  switch (t) {
    case 43: // +
      return [{ type: "simple", value: line }, after];
    case 45: // -
      return [{ type: "error", value: line }, after];
    case 58: // :
      return [{ type: "int", value: BigInt(line) }, after];
    case 95: // _
      return [{ type: "null" }, after];
    case 44: // ,
      return [{ type: "double", value: line }, after];
    case 35: // #
      return [{ type: "bool", value: line === "t" }, after];
    case 40: // (
      return [{ type: "bignum", value: line }, after];
    case 36: { // $
      if (line === "-1") return [{ type: "null" }, after];
      const b = blob();
      return b && [{ type: "bulk", value: b[0] }, b[1]];
    }
    case 33: { // !
      const b = blob();
      return b && [{ type: "bulkerror", value: b[0] }, b[1]];
    }
    case 61: { // =
      const b = blob();
      return b && [{ type: "verbatim", format: b[0].slice(0, 3), value: b[0].slice(4) }, b[1]];
    }
    case 42: // *
    case 126: // ~
    case 62: { // >
      if (line === "-1") return [{ type: "null" }, after];
      const a = aggregate(lenOf());
      const type = t === 42 ? "array" : t === 126 ? "set" : "push";
      return a && [{ type, items: a[0] }, a[1]];
    }
    case 37: // %
    case 124: { // |
      const a = aggregate(lenOf() * 2);
      return a && [{ type: t === 37 ? "map" : "attribute", items: a[0] }, a[1]];
    }
    default:
      throw new ReplyFormatError(`unknown reply type byte ${t}`);
  }
}

/** A compact human-readable rendering, for test failure messages. */
export function showReply(r: Reply): string {
  switch (r.type) {
    case "array":
    case "set":
    case "push":
    case "map":
    case "attribute":
      return `${r.type}[${r.items.map(showReply).join(", ")}]`;
    case "null":
      return "null";
    case "int":
      return `:${r.value}`;
    case "bool":
      return `#${r.value}`;
    case "verbatim":
      return `=${r.format}:${JSON.stringify(r.value)}`;
    default:
      return `${r.type}:${JSON.stringify(r.value)}`;
  }
}
