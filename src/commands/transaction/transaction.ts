/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH. Queuing itself happens in dispatch (`admit`), which
 * also refuses what cannot be queued and marks the transaction failed; EXEC runs the queue
 * synchronously, so no other client's command can come between its commands.
 */
import type { Client } from "../../engine/client.ts";
import { call } from "../../engine/dispatch.ts";
import { beginTransaction, discardTransaction } from "../../engine/multi.ts";
import { CommandError } from "../errors.ts";
import { command } from "../registry.ts";

// RESET leaves the transaction and forgets the watched keys

export class TransactionCommands {
  @command({
    name: "multi",
    arity: 1,
    flags: ["noscript", "loading", "stale", "fast", "allow_busy"],
    acl: ["transaction"],
    group: "transactions",
    since: "1.2.0",
    summary: "Opens a transaction: the following commands are queued until EXEC runs them.",
    complexity: "O(1)",
  })
  static multi(c: Client): void {
    if (c.multi !== null) throw new CommandError("ERR MULTI calls can not be nested");
    beginTransaction(c);
    c.w.ok();
  }

  @command({
    name: "exec",
    arity: 1,
    flags: ["noscript", "loading", "stale", "skip_slowlog"],
    acl: ["transaction"],
    group: "transactions",
    since: "1.2.0",
    summary: "Runs the commands queued since MULTI, all at once, and replies with their replies.",
    complexity: "Depends on commands in the transaction",
  })
  static exec(c: Client): void | Promise<void> {
    const m = c.multi;
    if (m === null) throw new CommandError("ERR EXEC without MULTI");
    const watches = c.engine.watches;
    if (!c.dirtyCas && watches.expiredSinceWatch(c)) c.dirtyCas = true;
    if (m.aborted || c.dirtyCas) {
      discardTransaction(c);
      if (m.aborted) {
        throw new CommandError("EXECABORT Transaction discarded because of previous errors.");
      }
      c.w.nullArray();
      return;
    }
    // the transaction cannot fail any more: stop watching before running it
    watches.unwatchAll(c);
    const commands = m.commands;
    c.w.array(commands.length);
    // c.multi stays set while the queue runs: blocking commands see it and do not block
    for (let i = 0; i < commands.length; i++) {
      const pending = call(c, commands[i].cmd, commands[i].args);
      if (pending !== undefined) return finishAsync(c, pending, i + 1);
    }
    discardTransaction(c);
  }

  @command({
    name: "discard",
    arity: 1,
    flags: ["noscript", "loading", "stale", "fast", "allow_busy"],
    acl: ["transaction"],
    group: "transactions",
    since: "2.0.0",
    summary: "Drops the commands queued since MULTI and leaves the transaction.",
    complexity: "O(N), when N is the number of queued commands",
  })
  static discard(c: Client): void {
    if (c.multi === null) throw new CommandError("ERR DISCARD without MULTI");
    discardTransaction(c);
    c.w.ok();
  }

  @command({
    name: "watch",
    arity: -2,
    flags: ["noscript", "loading", "stale", "fast", "allow_busy"],
    keys: [1, -1, 1],
    acl: ["transaction"],
    keySpecs: [{ flags: ["RO"], begin: { index: 1 }, find: { range: [-1, 1, 0] } }],
    group: "transactions",
    since: "2.2.0",
    summary: "Makes the next EXEC fail if any of the keys changes before it runs.",
    complexity: "O(1) for every key.",
    args: [{ name: "key", type: "key", keySpecIndex: 0, flags: ["multiple"] }],
  })
  static watch(c: Client, args: string[]): void {
    if (c.multi !== null) throw new CommandError("ERR WATCH inside MULTI is not allowed");
    // a transaction that already failed gains nothing from more keys (Redis skips them too)
    if (!c.dirtyCas) {
      const watches = c.engine.watches;
      for (let i = 1; i < args.length; i++) watches.watch(c, c.db, args[i]);
    }
    c.w.ok();
  }

  @command({
    name: "unwatch",
    arity: 1,
    flags: ["noscript", "loading", "stale", "fast", "allow_busy"],
    acl: ["transaction"],
    group: "transactions",
    since: "2.2.0",
    summary: "Forgets every key this connection watches.",
    complexity: "O(1)",
  })
  static unwatch(c: Client): void {
    c.engine.watches.unwatchAll(c);
    c.dirtyCas = false;
    c.w.ok();
  }
}

/**
 * A queued command had to wait (it returned a promise): the rest of the queue runs after it.
 * Blocking commands do not block inside EXEC, so this is only reached by commands that wait
 * for other reasons.
 */
async function finishAsync(c: Client, pending: Promise<void>, next: number): Promise<void> {
  await pending;
  const commands = c.multi!.commands;
  for (let i = next; i < commands.length; i++) {
    const more = call(c, commands[i].cmd, commands[i].args);
    if (more !== undefined) await more;
  }
  discardTransaction(c);
}
