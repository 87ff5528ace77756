/**
 * The per-connection pipeline: socket read → RESP decoder → dispatch → reply writer → one
 * socket write per read batch. A direct `conn.read` loop into the decoder's reused buffer
 * is used instead of `conn.readable`, which costs about half the throughput in Deno 2.x.
 */
import { ProtocolError, QueryBufferLimitError, RequestDecoder } from "../resp/decoder.ts";
import { Client } from "./client.ts";
import { execute } from "./dispatch.ts";
import { ClientOutput } from "./output.ts";
import type { Server } from "./server.ts";

/** Flush mid-batch past this many reply bytes, so a long pipeline cannot balloon memory. */
const FLUSH_THRESHOLD = 1024 * 1024;

export function formatAddr(addr: Deno.Addr): string {
  if (addr.transport === "unix" || addr.transport === "unixpacket") {
    return `${(addr as Deno.UnixAddr).path}:0`;
  }
  const a = addr as Deno.NetAddr;
  return a.hostname.includes(":") ? `[${a.hostname}]:${a.port}` : `${a.hostname}:${a.port}`;
}

/** Writes the client's pending replies, in order with what others queued for it (output.ts). */
export function flush(c: Client, _conn: Deno.Conn): Promise<void> {
  // the batch's writes reach the AOF even when it produced no reply (CLIENT REPLY OFF)
  c.server.persistence.aof.flushBuffered();
  return c.output!.flushReplies(c.w);
}

export async function serveConnection(server: Server, conn: Deno.Conn, fd: number): Promise<void> {
  const c = new Client(server, formatAddr(conn.remoteAddr), formatAddr(conn.localAddr), fd);
  c.output = new ClientOutput(conn, c);
  server.addClient(c);
  let closed = false;
  c.kill = () => {
    if (closed) return;
    closed = true;
    try {
      conn.close();
    } catch { /* already closed */ }
    // a killed client stops receiving messages and watching keys at once, as in Redis
    server.removeClient(c);
  };
  const decoder = new RequestDecoder({
    maxBulkLen: server.config.protoMaxBulkLen,
    maxQueryBuffer: server.config.clientQueryBufferLimit,
  });
  // While a command waits (BLPOP & co, CLIENT PAUSE) the socket is still read, as Redis keeps
  // reading a blocked client: a disconnect ends the wait at once (the client leaves its wait
  // queues, so the next push goes to the next waiter), and bytes that arrive are kept for
  // after the command. That read has its own buffer; the main loop takes it over if it is
  // still in flight when the command completes.
  let earlyRead: Promise<number | null> | null = null;
  let earlyBuf: Uint8Array | null = null;
  const awaitCommand = async (pending: Promise<void>): Promise<void> => {
    const w = c.w;
    if (w.pos > 0) {
      // the waiting command writes its reply into c.w whenever it is woken, possibly while
      // the replies before it are still being sent: hand those over as a copy
      c.output!.enqueue(w.bytes().slice());
      w.pos = 0;
      w.reset();
    }
    let finished = false;
    const done = pending.then(() => {
      finished = true;
    }, () => {
      finished = true;
    });
    while (!finished) {
      if (earlyRead === null) {
        earlyBuf ??= new Uint8Array(16 * 1024);
        earlyRead = conn.read(earlyBuf).catch(() => null);
      }
      const n = await Promise.race([done.then(() => undefined), earlyRead]);
      if (n === undefined) break;
      earlyRead = null;
      if (n === null) {
        c.kill();
        server.removeClient(c);
        await done;
        break;
      }
      decoder.push(earlyBuf!.subarray(0, n));
      server.stats.netInputBytes += n;
      server.stats.readsProcessed++;
      c.lastInteraction = Date.now();
      if (decoder.buffered > server.config.clientQueryBufferLimit) {
        // what a waiting client sends is not parsed yet, so hold it to the limit here
        server.log.warning(
          `Closing client that reached max query buffer length (qbuf=${decoder.buffered}) ` +
            `addr=${c.addr}`,
        );
        c.kill();
        server.removeClient(c);
        await done;
        break;
      }
    }
  };
  try {
    for (;;) {
      decoder.unauthenticated = c.authRequired;
      let n: number | null;
      if (earlyRead !== null) {
        n = await earlyRead;
        earlyRead = null;
        if (n !== null) decoder.push(earlyBuf!.subarray(0, n));
      } else {
        n = await conn.read(decoder.readTarget());
        if (n !== null) decoder.commit(n);
      }
      if (n === null) break;
      server.stats.netInputBytes += n;
      server.stats.readsProcessed++;
      c.lastInteraction = Date.now();
      // the batch's commands run back to back: each one's end is the next one's start, until
      // this connection awaits anything and other connections' work runs in between
      server.commandClock = performance.now();
      try {
        for (;;) {
          decoder.unauthenticated = c.authRequired;
          const args = decoder.next();
          if (args === null) break;
          c.queryBuffered = decoder.buffered;
          const pending = execute(c, args);
          if (pending !== undefined) {
            server.commandClock = -1;
            await awaitCommand(pending);
            server.commandClock = performance.now();
          }
          if (c.closeAfterReply || c.closed) break;
          if (c.w.pos > FLUSH_THRESHOLD) {
            server.commandClock = -1;
            await flush(c, conn);
            server.commandClock = performance.now();
          }
        }
        c.queryBuffered = decoder.buffered;
      } catch (e) {
        if (e instanceof ProtocolError) {
          server.log.debug(`Protocol error (${e.message}) from client: ${c.addr}`);
          const mark = c.w.pos;
          c.error(`ERR ${e.message}`);
          // CLIENT REPLY OFF/SKIP silence protocol errors too
          if (c.replyOff || c.replySkipNext) c.w.pos = mark;
          c.closeAfterReply = true;
        } else if (e instanceof QueryBufferLimitError) {
          server.log.warning(`${e.message} (qbuf=${decoder.buffered}) addr=${c.addr}`);
          break;
        } else {
          throw e;
        }
      }
      server.commandClock = -1;
      await flush(c, conn);
      if (c.closeAfterReply || c.closed) break;
    }
  } catch (e) {
    if (!closed && !isDisconnect(e)) server.log.warning(`client ${c.addr} error: ${e}`);
  } finally {
    server.commandClock = -1;
    c.kill();
    server.removeClient(c);
  }
}

function isDisconnect(e: unknown): boolean {
  return e instanceof Deno.errors.ConnectionReset || e instanceof Deno.errors.BrokenPipe ||
    e instanceof Deno.errors.BadResource || e instanceof Deno.errors.Interrupted ||
    e instanceof Deno.errors.ConnectionAborted || e instanceof Deno.errors.NotConnected;
}
