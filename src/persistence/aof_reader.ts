/**
 * Reads the commands of an AOF file (RESP multibulks, as written by Redis or respire) one at a
 * time, telling a clean end of file from a file cut in the middle of a command (what a crash
 * while appending leaves) and from bytes that are not AOF at all. Lines starting with '#'
 * (Redis's timestamp annotations) are skipped.
 */
import { binaryOf } from "./bytes_io.ts";

export type AofStep =
  | { kind: "command"; args: string[]; start: number; end: number }
  | { kind: "eof" }
  | { kind: "truncated"; at: number }
  | { kind: "error"; at: number; message: string };

export class AofCommandReader {
  pos: number;

  constructor(private readonly buf: Uint8Array, start = 0) {
    this.pos = start;
  }

  /** The position of the next CRLF-terminated line's end (index of \r), or -1. */
  private lineEnd(from: number): number {
    const buf = this.buf;
    for (let i = from; i + 1 < buf.length; i++) {
      if (buf[i] === 13 && buf[i + 1] === 10) return i;
    }
    return -1;
  }

  private number(from: number, to: number): number {
    let v = 0;
    if (from >= to) return -1;
    for (let i = from; i < to; i++) {
      const c = this.buf[i];
      if (c < 48 || c > 57) return -1;
      v = v * 10 + (c - 48);
      if (v > Number.MAX_SAFE_INTEGER) return -1;
    }
    return v;
  }

  next(): AofStep {
    const buf = this.buf;
    for (;;) {
      const start = this.pos;
      if (start >= buf.length) return { kind: "eof" };
      if (buf[start] === 35) { // '#': an annotation line
        const end = this.lineEnd(start);
        if (end < 0) return { kind: "truncated", at: start };
        this.pos = end + 2;
        continue;
      }
      if (buf[start] !== 42) { // '*'
        return {
          kind: "error",
          at: start,
          message: "Bad file format reading the append only file",
        };
      }
      const headEnd = this.lineEnd(start);
      if (headEnd < 0) return { kind: "truncated", at: start };
      const argc = this.number(start + 1, headEnd);
      if (argc < 1) {
        return {
          kind: "error",
          at: start,
          message: "Bad file format reading the append only file",
        };
      }
      let p = headEnd + 2;
      const args: string[] = new Array(argc);
      for (let i = 0; i < argc; i++) {
        if (p >= buf.length) return { kind: "truncated", at: start };
        if (buf[p] !== 36) { // '$'
          return {
            kind: "error",
            at: start,
            message: "Bad file format reading the append only file",
          };
        }
        const lenEnd = this.lineEnd(p);
        if (lenEnd < 0) return { kind: "truncated", at: start };
        const len = this.number(p + 1, lenEnd);
        if (len < 0) {
          return {
            kind: "error",
            at: start,
            message: "Bad file format reading the append only file",
          };
        }
        const data = lenEnd + 2;
        if (data + len + 2 > buf.length) return { kind: "truncated", at: start };
        if (buf[data + len] !== 13 || buf[data + len + 1] !== 10) {
          return {
            kind: "error",
            at: start,
            message: "Bad file format reading the append only file",
          };
        }
        args[i] = binaryOf(buf, data, data + len);
        p = data + len + 2;
      }
      this.pos = p;
      return { kind: "command", args, start, end: p };
    }
  }
}
