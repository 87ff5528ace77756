/**
 * Dispatch: resolves a decoded command against the registry, applies Redis's checks in
 * Redis's order (unknown command, unknown subcommand, arity, authentication), runs the
 * handler and keeps the per-command statistics.
 */
import { CommandError, ERR_NOAUTH, wrongArity } from "../commands/errors.ts";
import { type Command, registry } from "../commands/registry.ts";
import type { Client } from "./client.ts";
import { discardTransaction, flagTransaction, queueCommand } from "./multi.ts";
import { beginSilenced, releaseHeld } from "./delivery.ts";
import { LOADING_ERROR } from "../persistence/persistence.ts";
import type { Engine } from "./engine.ts";

/** Formats arguments the way Redis echoes them in "unknown command" errors. */
function echoArgs(args: string[], from: number): string {
  let out = "";
  for (let i = from; i < args.length && out.length < 128; i++) {
    out += `'${cString(args[i]).slice(0, 128 - out.length)}' `;
  }
  return out;
}

/** Redis formats these with %s, which stops at the first NUL byte. */
function cString(s: string): string {
  const nul = s.indexOf("\0");
  return nul < 0 ? s : s.slice(0, nul);
}

function reject(c: Client, cmd: Command | undefined, message: string): void {
  if (cmd) c.engine.stats.commands.of(cmd).rejected++;
  // a command refused while queuing fails the whole transaction (EXECABORT at EXEC)
  if (c.multi !== null) flagTransaction(c);
  if (cmd !== undefined && cmd.fullName === "exec") {
    // a refused EXEC ends the transaction at once and says why
    discardTransaction(c);
    const reason = message.startsWith("ERR ") ? message.slice(4) : message;
    c.error(`EXECABORT Transaction discarded because of: ${reason}`);
  } else {
    c.error(message);
  }
  // a refused command still ends a CLIENT CACHING (client tracking), as a finished one does
  if (c.tracking !== null) c.engine.tracking.commandRejected(c, cmd);
}

/**
 * The command (or subcommand) args name, without any check: a container command (CONFIG)
 * routes to its subcommand, a command that also has a handler of its own (COMMAND) keeps it
 * when called without arguments. Undefined when nothing fits.
 */
export function findCommand(args: string[]): Command | undefined {
  const cmd = registry.lookup(args[0]);
  if (cmd === undefined) return undefined;
  if (cmd.handler === null || (args.length >= 2 && cmd.subcommands.size > 0)) {
    return args.length >= 2 ? cmd.subcommands.get(args[1].toLowerCase()) : undefined;
  }
  return cmd;
}

/** Finds the command (or subcommand) for args, writing the rejection error when none fits. */
export function resolve(c: Client, args: string[]): Command | undefined {
  let cmd = registry.lookup(args[0]);
  if (cmd === undefined) {
    c.lastCommand = "NULL";
    reject(
      c,
      undefined,
      `ERR unknown command '${cString(args[0]).slice(0, 128)}', with args beginning with: ${
        echoArgs(args, 1)
      }`,
    );
    return undefined;
  }
  // A container (CONFIG) always routes to a subcommand; a command that also has a handler of
  // its own (COMMAND) runs it when called without arguments.
  if (cmd.handler === null || (args.length >= 2 && cmd.subcommands.size > 0)) {
    if (args.length < 2) {
      c.lastCommand = cmd.fullName;
      reject(c, cmd, wrongArity(cmd.fullName).message);
      return undefined;
    }
    const sub = cmd.subcommands.get(args[1].toLowerCase());
    if (sub === undefined) {
      c.lastCommand = "NULL";
      // Redis finds no command here, so no command's rejected_calls counts it
      reject(
        c,
        undefined,
        `ERR unknown subcommand '${
          cString(args[1]).slice(0, 128)
        }'. Try ${cmd.name.toUpperCase()} HELP.`,
      );
      return undefined;
    }
    cmd = sub;
  }
  // CLIENT LIST's cmd field names the command as soon as it is found, as Redis's lastcmd
  c.lastCommand = cmd.fullName;
  const arity = cmd.arity;
  if ((arity > 0 && args.length !== arity) || args.length < -arity) {
    reject(c, cmd, wrongArity(cmd.fullName).message);
    return undefined;
  }
  if (!cmd.noAuth && c.authRequired) {
    reject(c, cmd, ERR_NOAUTH);
    return undefined;
  }
  return cmd;
}

/**
 * Runs one command. Returns a promise only for commands that must wait (blocking commands,
 * DEBUG SLEEP); the connection awaits it before the next command of that client.
 */
export function execute(c: Client, args: string[]): void | Promise<void> {
  if (c.replyOff || c.replySkipNext) return executeSilenced(c, args);
  const cmd = resolve(c, args);
  if (cmd === undefined) return;
  return admit(c, cmd, args);
}

/**
 * Why persistence makes a command wait for better times (only asked while it restricts), or
 * null: -MISCONF for writes (and PING, as Redis does) after a failed background save or AOF
 * write, -LOADING for commands without the loading flag while the dataset is being loaded.
 */
function persistenceDenial(engine: Engine, cmd: Command): string | null {
  const persistence = engine.persistence;
  if (cmd.isWrite || cmd.fullName === "ping") {
    const misconf = persistence.misconfDenial();
    if (misconf !== null) return misconf;
  }
  if (persistence.loading && !cmd.allowedWhileLoading) return LOADING_ERROR;
  return null;
}

/** What a RESP2 client may run while subscribed. */
const PUBSUB_CONTEXT_COMMANDS = new Set([
  "ping",
  "subscribe",
  "ssubscribe",
  "psubscribe",
  "unsubscribe",
  "sunsubscribe",
  "punsubscribe",
  "quit",
  "reset",
]);

/** Commands that act on the transaction itself: run at once inside MULTI, never queued. */
const TRANSACTION_CONTROL = new Set(["exec", "discard", "multi", "watch", "quit", "reset"]);

/**
 * Redis's checks after lookup and authentication for the states that restrict what a client
 * may run (MULTI, RESP2 Pub/Sub, MONITOR, CLIENT PAUSE), in Redis's order; then the command is
 * queued (inside MULTI) or run. A paused command waits here and is checked again afterwards.
 */
export function admit(c: Client, cmd: Command, args: string[]): void | Promise<void> {
  const engine = c.engine;
  if (engine.persistence.restricting) {
    // -MISCONF after a failed background save, -LOADING while the dataset loads
    const denial = persistenceDenial(engine, cmd);
    if (denial !== null) {
      reject(c, cmd, denial);
      return;
    }
  }
  const multi = c.multi;
  const subscribedResp2 = c.resp === 2 && c.pubsub;
  if (multi === null && !subscribedResp2 && !c.monitor && engine.pause.mode === null) {
    return call(c, cmd, args);
  }
  if (multi !== null && cmd.flags.has("no_multi")) {
    reject(c, cmd, "ERR Command not allowed inside a transaction");
    return;
  }
  if (subscribedResp2 && !PUBSUB_CONTEXT_COMMANDS.has(cmd.fullName)) {
    reject(
      c,
      cmd,
      `ERR Can't execute '${cmd.fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / ` +
        "QUIT / RESET are allowed in this context",
    );
    return;
  }
  const isExec = cmd.fullName === "exec";
  const writes = cmd.isWrite || cmd.flags.has("may_replicate") ||
    (isExec && multi !== null && multi.writes);
  // a MONITOR client counts as a replica, and replicas may not touch the keyspace
  if (c.monitor && (writes || cmd.flags.has("readonly"))) {
    reject(c, cmd, "ERR Replica can't interact with the keyspace");
    return;
  }
  const pause = engine.pause.mode;
  if (pause === "all" || (pause === "write" && writes)) {
    return engine.pause.wait().then(() => {
      if (!c.closed) return admit(c, cmd, args);
    });
  }
  if (multi !== null && !TRANSACTION_CONTROL.has(cmd.fullName)) {
    queueCommand(c, cmd, args);
    c.w.simple("QUEUED");
    return;
  }
  return call(c, cmd, args);
}

/**
 * CLIENT REPLY OFF/SKIP: the command runs, and every reply it produces (errors from the checks
 * included) is dropped, unless the command itself turned replies back on (CLIENT REPLY ON,
 * RESET under OFF). As in Redis, SKIP covers exactly the command after CLIENT REPLY SKIP.
 */
function executeSilenced(c: Client, args: string[]): void | Promise<void> {
  if (c.replySkipNext) {
    c.replySkipNext = false;
    c.replySkip = true;
  }
  const mark = c.w.pos;
  beginSilenced(c);
  const cmd = resolve(c, args);
  const result = cmd === undefined ? undefined : admit(c, cmd, args);
  if (result === undefined) {
    if (c.replyOff || c.replySkip) c.w.pos = mark;
    c.replySkip = false;
    // pushes are not silenced (subscription confirmations, messages to itself)
    releaseHeld(c);
    return;
  }
  // The connection flushes the replies before this command before it awaits the command, so
  // once it completes, everything in the buffer is this command's own
  c.w.pos = mark;
  releaseHeld(c);
  return result.finally(() => {
    if (c.replyOff || c.replySkip) c.w.pos = 0;
    c.replySkip = false;
    releaseHeld(c);
  });
}

/** Runs a resolved command with stats and error handling. */
export function call(c: Client, cmd: Command, args: string[]): void | Promise<void> {
  const engine = c.engine;
  const errorsBefore = c.errorReplies;
  const start = engine.commandClock >= 0 ? engine.commandClock : performance.now();
  let result: void | Promise<void> = undefined;
  // who is running a command matters to client tracking (NOLOOP, own invalidations last)
  const caller = engine.currentClient;
  engine.currentClient = c;
  // this command's propagation frame; EXEC runs its queued commands inside its own
  const prop = engine.propagation;
  const dirtyBefore = engine.dirty;
  const outerRewritten = prop.rewritten;
  const outerFlags = prop.flags;
  prop.rewritten = null;
  prop.flags = 0;
  prop.depth++;
  try {
    result = cmd.handler!(c, args);
  } catch (e) {
    fail(c, e);
  } finally {
    engine.currentClient = caller;
    prop.depth--;
  }
  if (prop.active) {
    // a command that waits (a blocking pop) changed nothing yet: what it does when served
    // is propagated by the unit that serves it
    // (a save inside the command, SAVE or FLUSHALL's, lowers the counter: no change)
    prop.commandDone(c.db.id, args, engine.dirty > dirtyBefore, cmd.isExec);
    if (prop.depth === 0) prop.endUnit(cmd.touchesArbitraryKeys, false);
  }
  prop.rewritten = outerRewritten;
  prop.flags = outerFlags;
  if (result !== undefined) {
    // As in Redis, MONITOR shows a waiting command when it is called, and its duration leaves
    // out the time it spent waiting
    engine.commandLog.feedNow(c, cmd, args);
    const waitStart = performance.now();
    return result.catch((e) => fail(c, e)).finally(() => {
      finish(c, cmd, args, start + (performance.now() - waitStart), errorsBefore);
    });
  }
  finish(c, cmd, args, start, errorsBefore);
}

function fail(c: Client, e: unknown): void {
  if (e instanceof CommandError) {
    c.error(e.message);
    return;
  }
  if (e instanceof RangeError && /string length/i.test(e.message)) {
    c.error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
    return;
  }
  c.engine.log.error(`command failed: ${e instanceof Error ? e.stack : e}`);
  c.error(`ERR internal error: ${e instanceof Error ? e.message : String(e)}`);
}

function finish(
  c: Client,
  cmd: Command,
  args: string[],
  start: number,
  errorsBefore: number,
): void {
  const engine = c.engine;
  const end = performance.now();
  if (engine.commandClock >= 0) engine.commandClock = end;
  const usec = Math.round((end - start) * 1000);
  const stats = engine.stats.commands.of(cmd);
  stats.calls++;
  stats.usec += usec;
  if (c.errorReplies > errorsBefore) stats.failed++;
  engine.stats.commandsProcessed++;
  engine.afterCommand(c, cmd, args, usec);
}
