/**
 * Command effects as an explicit output: what each command changed, as the commands that
 * replay it, for the consumers that keep or ship a copy of the dataset (the AOF now,
 * replicas and script effects later). This is Redis 7.0's call() / alsoPropagate() /
 * propagatePendingCommands():
 *
 * - A command that changed the dataset (the dirty counter moved) is propagated as it was
 *   received, unless its handler said otherwise: `rewrite(args)` replaces it (SET EX → SET
 *   PXAT, EXPIRE → PEXPIREAT, GETDEL → DEL, INCRBYFLOAT → SET KEEPTTL, ...), `also(db, args)`
 *   adds operations and `prevent()` drops the command itself (SPOP with a count → SREMs, a
 *   blocking pop → the plain pop), `force()` propagates it even when nothing changed
 *   (FLUSHDB on an empty database).
 * - Keys that expire are propagated as DEL (UNLINK with lazyfree-lazy-expire) where they
 *   expire: inside the command that found them expired, or on their own when the timer
 *   removed them.
 * - Everything one execution unit produced (a command, with the commands an EXEC ran, or one
 *   blocked client served) reaches the consumers when the unit ends, wrapped in MULTI/EXEC
 *   when it is more than one operation, except for the commands that touch arbitrary keys
 *   (SCAN, RANDOMKEY), whose lazy expirations are independent.
 *
 * No handler notifies a consumer itself, and consumers hold no per-command knowledge. While no
 * consumer listens, every method here returns at once, so the hot path pays one field read.
 */

/** Receives the propagated operations, in order. */
export interface PropagationConsumer {
  /** Whether it wants operations now (the AOF is on and not replaying a file). */
  readonly listening: boolean;
  /** One operation, to apply in database `db` (MULTI/EXEC carry the neighbouring op's db). */
  feed(db: number, args: readonly string[]): void;
  /**
   * An execution unit ended outside any client's command (a key expired by the timer, a
   * blocked client served): its operations should be made durable now, since no reply
   * batch will flush them.
   */
  unitEndedOutsideCommand(): void;
}

const MULTI = ["MULTI"];
const EXEC = ["EXEC"];

/** Propagation.flags bits. */
const PREVENT = 1;
const FORCE = 2;

export class Propagation {
  private readonly consumers: PropagationConsumer[] = [];
  /** Some consumer listens; when false nothing is recorded. */
  active = false;
  /** call() frames running: operations are held until the outermost one ends. */
  depth = 0;
  /** The running command's replacement (rewrite), or null to propagate it as received. */
  rewritten: string[] | null = null;
  /** PREVENT / FORCE bits of the running command (call() saves both around nested calls). */
  flags = 0;
  private readonly pendingDb: number[] = [];
  private readonly pendingArgs: (readonly string[])[] = [];

  addConsumer(consumer: PropagationConsumer): void {
    this.consumers.push(consumer);
    this.refresh();
  }

  /** Recomputes `active`; consumers call it when `listening` changes. */
  refresh(): void {
    let active = false;
    for (const c of this.consumers) if (c.listening) active = true;
    this.active = active;
    if (!active) {
      this.pendingDb.length = 0;
      this.pendingArgs.length = 0;
    }
  }

  /** Redis's alsoPropagate: one more operation of the running unit. */
  also(db: number, args: readonly string[]): void {
    if (!this.active) return;
    this.pendingDb.push(db);
    this.pendingArgs.push(args);
    // outside any command (the timer expiring a key) the operation is a unit of its own
    if (this.depth === 0) this.endUnit(false, true);
  }

  /** Redis's rewriteClientCommandVector: the running command propagates as `args`. */
  rewrite(args: string[]): void {
    if (this.active) this.rewritten = args;
  }

  /** Redis's preventCommandPropagation: the running command itself is not propagated. */
  prevent(): void {
    if (this.active) this.flags |= PREVENT;
  }

  /**
   * The running command propagates as `args` in database `db`, whatever it changed: also()
   * plus prevent(), which is what a served blocked client needs too (no command is running
   * for it then).
   */
  instead(db: number, args: readonly string[]): void {
    if (!this.active) return;
    this.flags |= PREVENT;
    this.also(db, args);
  }

  /** Redis's forceCommandPropagation: propagated even when it changed nothing. */
  force(): void {
    if (this.active) this.flags |= FORCE;
  }

  /**
   * The end of a command run by call(): records the command (as received, or as rewritten)
   * when it changed the dataset, and ends the unit when this was the outermost command.
   */
  commandDone(db: number, args: readonly string[], changed: boolean, isExec: boolean): void {
    const flags = this.flags;
    if (
      (changed || (flags & FORCE) !== 0) &&
      (flags & PREVENT) === 0 && !isExec
    ) {
      this.pendingDb.push(db);
      this.pendingArgs.push(this.rewritten ?? args);
    }
  }

  /**
   * Hands the unit's operations to the consumers: MULTI/EXEC around more than one (unless
   * `noTransaction`), the first operation's database for MULTI and the last one's for EXEC,
   * so no SELECT lands between the last operation and EXEC.
   */
  endUnit(noTransaction: boolean, outsideCommand: boolean): void {
    const dbs = this.pendingDb;
    const n = dbs.length;
    if (n === 0) return;
    const ops = this.pendingArgs;
    const consumers = this.consumers;
    const wrap = n > 1 && !noTransaction;
    for (const consumer of consumers) {
      if (!consumer.listening) continue;
      if (wrap) consumer.feed(dbs[0], MULTI);
      for (let i = 0; i < n; i++) consumer.feed(dbs[i], ops[i]);
      if (wrap) consumer.feed(dbs[n - 1], EXEC);
      if (outsideCommand) consumer.unitEndedOutsideCommand();
    }
    dbs.length = 0;
    ops.length = 0;
  }

  /**
   * Runs `fn` as an execution unit of its own outside any command (serving a blocked
   * client): what it propagates reaches the consumers when it returns.
   */
  unit<T>(fn: () => T): T {
    if (!this.active) return fn();
    const flags = this.flags;
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
      this.flags = flags;
      if (this.depth === 0) this.endUnit(false, true);
    }
  }
}
