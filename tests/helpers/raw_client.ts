/**
 * A minimal RESP client over a real socket that returns each reply's raw bytes, so tests can
 * compare respire with redis-server byte for byte.
 */
import { bytesToBinary } from "../../src/lib/bytes.ts";
import { decodeReply, type Reply } from "../../src/resp/reply_decoder.ts";

/** Encodes a command as a RESP multibulk; arguments are binary strings. */
export function encodeCommand(args: (string | Uint8Array)[]): Uint8Array {
  const parts: number[] = [];
  const pushStr = (s: string) => {
    for (let i = 0; i < s.length; i++) parts.push(s.charCodeAt(i) & 0xff);
  };
  pushStr(`*${args.length}\r\n`);
  for (const a of args) {
    const len = typeof a === "string" ? a.length : a.length;
    pushStr(`$${len}\r\n`);
    if (typeof a === "string") pushStr(a);
    else for (const b of a) parts.push(b);
    pushStr("\r\n");
  }
  return new Uint8Array(parts);
}

export class RawClient {
  private buf = new Uint8Array(0);
  private pendingRead: Promise<{ n: number | null; chunk: Uint8Array }> | null = null;
  private constructor(private conn: Deno.Conn) {}

  static async connect(port: number, hostname = "127.0.0.1"): Promise<RawClient> {
    const conn = await Deno.connect({ hostname, port });
    return new RawClient(conn);
  }

  async sendRaw(bytes: Uint8Array | string): Promise<void> {
    const b = typeof bytes === "string" ? Uint8Array.from(bytes, (ch) => ch.charCodeAt(0)) : bytes;
    let off = 0;
    while (off < b.length) off += await this.conn.write(b.subarray(off));
  }

  send(...args: string[]): Promise<void> {
    return this.sendRaw(encodeCommand(args));
  }

  /** Reads one complete reply; returns its raw bytes (binary string) and decoded value. */
  async read(timeoutMs = 5000): Promise<{ raw: string; reply: Reply }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = decodeReply(this.buf);
      if (r !== null) {
        const raw = bytesToBinary(this.buf, 0, r[1]);
        this.buf = this.buf.slice(r[1]);
        return { raw, reply: r[0] };
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error("timed out waiting for a reply");
      // a read that outlives a timeout is kept for the next call, so no bytes are lost
      if (this.pendingRead === null) {
        const chunk = new Uint8Array(64 * 1024);
        this.pendingRead = this.conn.read(chunk).then((n) => ({ n, chunk }));
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const got = await Promise.race([
        this.pendingRead,
        new Promise<"timeout">((res) => (timer = setTimeout(() => res("timeout"), remaining))),
      ]);
      clearTimeout(timer);
      if (got === "timeout") throw new Error("timed out waiting for a reply");
      this.pendingRead = null;
      const { n, chunk } = got;
      if (n === null) throw new Error("connection closed by server");
      const next = new Uint8Array(this.buf.length + n);
      next.set(this.buf);
      next.set(chunk.subarray(0, n), this.buf.length);
      this.buf = next;
    }
  }

  /** Sends a command and returns the raw reply bytes. */
  async call(...args: string[]): Promise<string> {
    await this.send(...args);
    return (await this.read()).raw;
  }

  /** Resolves true when the server closes the connection (reading and discarding data). */
  async waitClosed(timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const chunk = new Uint8Array(65536);
    while (Date.now() < deadline) {
      try {
        const pending = this.pendingRead;
        this.pendingRead = null;
        const n = pending !== null ? (await pending).n : await this.conn.read(chunk);
        if (n === null) return true;
      } catch {
        return true;
      }
    }
    return false;
  }

  close(): void {
    try {
      this.conn.close();
    } catch { /* already closed */ }
  }
}
