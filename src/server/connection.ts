/**
 * The per-connection pipeline: socket read → RESP decoder → dispatch → reply writer → one
 * socket write per read batch. A direct `conn.read` loop into the decoder's reused buffer
 * is used instead of `conn.readable`, which costs about half the throughput in Deno 2.x.
 */
import { ProtocolError, QueryBufferLimitError, RequestDecoder } from "../resp/decoder.ts";
import { Client } from "../engine/client.ts";
import { execute } from "../engine/dispatch.ts";
import { ClientOutput, type OutputLimits } from "./output.ts";
import type { Engine } from "../engine/engine.ts";
import type { Addr, Conn, NetAddr } from "../runtime/runtime.ts";
import { logEnabled } from "../log/logger.ts";

/** Flush mid-batch past this many reply bytes, so a long pipeline cannot balloon memory. */
const FLUSH_THRESHOLD = 1024 * 1024;

export function formatAddr(addr: Addr): string {
  if (addr.transport === "unix" || addr.transport === "unixpacket") {
    return `${addr.path}:0`;
  }
  const a = addr as NetAddr;
  return a.hostname.includes(":") ? `[${a.hostname}]:${a.port}` : `${a.hostname}:${a.port}`;
}

/** redis-server's verbose line for a client that closed its end (readQueryFromClient). */
function logClosedByClient(c: Client): void {
  if (logEnabled("verbose")) {
    c.engine.log.debug(`Client closed connection ${c.infoLine(Date.now(), [])}`);
  }
}

/** Writes the client's pending replies, in order with what others queued for it (output.ts). */
function flush(c: Client, output: ClientOutput): Promise<void> {
  // the batch's writes reach the AOF even when it produced no reply (CLIENT REPLY OFF)
  c.engine.persistence.aof.flushBuffered();
  return output.flushReplies(c.w);
}

export async function serveConnection(
  engine: Engine,
  conn: Conn,
  fd: number,
  limits: OutputLimits,
): Promise<void> {
  const c = new Client(engine, formatAddr(conn.remoteAddr), formatAddr(conn.localAddr), fd);
  const output = new ClientOutput(conn, c, limits);
  c.output = output;
  engine.addClient(c);
  let closed = false;
  c.kill = () => {
    if (closed) return;
    closed = true;
    try {
      conn.close();
    } catch { /* already closed */ }
    // a killed client stops receiving messages and watching keys at once, as in Redis
    engine.removeClient(c);
  };
  const decoder = new RequestDecoder({
    maxBulkLen: engine.config.protoMaxBulkLen,
    maxQueryBuffer: engine.config.clientQueryBufferLimit,
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
      output.enqueue(w.bytes().slice());
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
        logClosedByClient(c);
        c.kill();
        engine.removeClient(c);
        await done;
        break;
      }
      decoder.push(earlyBuf!.subarray(0, n));
      engine.stats.netInputBytes += n;
      engine.stats.readsProcessed++;
      c.lastInteraction = Date.now();
      if (decoder.buffered > engine.config.clientQueryBufferLimit) {
        // what a waiting client sends is not parsed yet, so hold it to the limit here
        engine.log.warning(
          `Closing client that reached max query buffer length (qbuf=${decoder.buffered}) ` +
            `addr=${c.addr}`,
        );
        c.kill();
        engine.removeClient(c);
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
      if (n === null) {
        logClosedByClient(c);
        break;
      }
      engine.stats.netInputBytes += n;
      engine.stats.readsProcessed++;
      c.lastInteraction = Date.now();
      // the batch's commands run back to back: each one's end is the next one's start, until
      // this connection awaits anything and other connections' work runs in between
      engine.commandClock = performance.now();
      try {
        for (;;) {
          decoder.unauthenticated = c.authRequired;
          const args = decoder.next();
          if (args === null) break;
          c.queryBuffered = decoder.buffered;
          const pending = execute(c, args);
          if (pending !== undefined) {
            engine.commandClock = -1;
            await awaitCommand(pending);
            engine.commandClock = performance.now();
          }
          if (c.closeAfterReply || c.closed) break;
          if (c.w.pos > FLUSH_THRESHOLD) {
            engine.commandClock = -1;
            await flush(c, output);
            engine.commandClock = performance.now();
          }
        }
        c.queryBuffered = decoder.buffered;
      } catch (e) {
        if (e instanceof ProtocolError) {
          engine.log.debug(`Protocol error (${e.message}) from client: ${c.addr}`);
          const mark = c.w.pos;
          c.error(`ERR ${e.message}`);
          // CLIENT REPLY OFF/SKIP silence protocol errors too
          if (c.replyOff || c.replySkipNext) c.w.pos = mark;
          c.closeAfterReply = true;
        } else if (e instanceof QueryBufferLimitError) {
          engine.log.warning(`${e.message} (qbuf=${decoder.buffered}) addr=${c.addr}`);
          break;
        } else {
          throw e;
        }
      }
      engine.commandClock = -1;
      await flush(c, output);
      if (c.closeAfterReply || c.closed) break;
    }
  } catch (e) {
    if (!closed && engine.runtime.errors.kind(e) !== "Disconnected") {
      engine.log.warning(`client ${c.addr} error: ${e}`);
    }
  } finally {
    engine.commandClock = -1;
    c.kill();
    engine.removeClient(c);
  }
}
