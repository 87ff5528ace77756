/**
 * How bytes reach a client besides its own command's replies: pushes (Pub/Sub messages,
 * keyspace events, MONITOR lines, invalidations) go into its reply buffer when replies are
 * waiting there, else to its output queue (the network server's ClientOutput); replies of a
 * silenced command (CLIENT REPLY OFF/SKIP) are dropped while pushes are held and kept.
 */
import { ReplyWriter } from "../resp/writer.ts";
import type { Client } from "./client.ts";

/** Dispatch is about to run a command whose replies will be dropped. */
export function beginSilenced(c: Client): void {
  c.silenced = true;
}

/**
 * Pushes that reach a client whose replies are switched off (CLIENT REPLY OFF/SKIP), produced
 * while its own command runs: dispatch drops that command's replies afterwards, then hands
 * these back with releaseHeld, so they keep their place after the replies sent before.
 */
function hold(c: Client, bytes: Uint8Array): void {
  if (c.heldPushes === null) c.heldPushes = [bytes];
  else c.heldPushes.push(bytes);
}

/** Appends the pushes held back while a silenced command ran (see hold). */
export function releaseHeld(c: Client): void {
  c.silenced = false;
  const list = c.heldPushes;
  if (list === null) return;
  c.heldPushes = null;
  for (const bytes of list) c.w.raw(bytes);
}

/**
 * Delivers a push (Pub/Sub message, keyspace event, invalidation) produced outside a client's
 * own reply: into its reply buffer when it has replies waiting there (they were produced
 * first), else to its output queue. As in Redis 7.0, pushes reach a client even when its
 * replies are switched off (CLIENT REPLY OFF/SKIP).
 */
export function deliver(target: Client, bytes: Uint8Array): void {
  if (target.closed) return;
  const out = target.output;
  const w = target.w;
  if (target.replyOff || target.replySkip) {
    if (target.silenced) hold(target, bytes);
    else if (out !== null) out.enqueue(bytes);
    else w.raw(bytes);
    return;
  }
  if (out === null || w.pos > 0) {
    w.raw(bytes);
    return;
  }
  out.enqueue(bytes);
}

const scratch = new ReplyWriter(256);

/**
 * Writes a push-like reply of the running command (a subscription confirmation): it is sent
 * even when the client's replies are switched off, as Redis sends it.
 */
export function replyDespiteSilence(c: Client, write: (w: ReplyWriter) => void): void {
  if (!c.replyOff && !c.replySkip) {
    write(c.w);
    return;
  }
  scratch.resp = c.resp;
  scratch.pos = 0;
  write(scratch);
  hold(c, scratch.bytes().slice());
  scratch.reset();
}
