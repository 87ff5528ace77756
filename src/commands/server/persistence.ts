/**
 * SAVE, BGSAVE [SCHEDULE], LASTSAVE and BGREWRITEAOF: the snapshot commands (see
 * persistence/). A background save and an AOF rewrite never run at the same time, as in
 * Redis where both are forked children: the second one waits when scheduled.
 */
import type { Client } from "../../engine/client.ts";
import { isOption } from "../args.ts";
import { CommandError, ERR_SYNTAX } from "../errors.ts";
import { command } from "../registry.ts";

const IN_PROGRESS = "ERR Background save already in progress";

export class PersistenceCommands {
  @command({
    name: "save",
    arity: 1,
    flags: ["admin", "noscript", "no_async_loading", "no_multi"],
    group: "server",
    since: "1.0.0",
    summary: "Writes a snapshot of the whole dataset to disk, blocking the server meanwhile.",
    complexity: "O(N) where N is the total number of keys in all databases",
  })
  static save(c: Client, _args: string[]): void {
    const p = c.engine.persistence;
    if (p.bgsaveInProgress) throw new CommandError(IN_PROGRESS);
    p.rdbSaves++;
    if (!p.saveNow()) throw new CommandError("ERR");
    c.w.ok();
  }

  @command({
    name: "bgsave",
    arity: -1,
    flags: ["admin", "noscript", "no_async_loading"],
    group: "server",
    since: "1.0.0",
    summary: "Writes a snapshot of the dataset to disk while the server keeps serving.",
    complexity: "O(1)",
    history: [["3.2.2", "`SCHEDULE` defers the save while another background job runs."]],
    args: [
      {
        name: "schedule",
        type: "pure-token",
        token: "SCHEDULE",
        since: "3.2.2",
        flags: ["optional"],
      },
    ],
  })
  static bgsave(c: Client, args: string[]): void {
    if (args.length > 1 && (args.length !== 2 || !isOption(args[1], "SCHEDULE"))) {
      throw new CommandError(ERR_SYNTAX);
    }
    const p = c.engine.persistence;
    if (p.bgsaveInProgress) throw new CommandError(IN_PROGRESS);
    if (p.aof.rewriteInProgress) {
      if (args.length === 1) {
        throw new CommandError(
          "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.",
        );
      }
      p.bgsaveScheduled = true;
      c.w.simple("Background saving scheduled");
      return;
    }
    if (!p.startBgsave()) throw new CommandError("ERR");
    c.w.simple("Background saving started");
  }

  @command({
    name: "lastsave",
    arity: 1,
    flags: ["loading", "stale", "fast"],
    acl: ["admin", "dangerous"],
    tips: ["nondeterministic_output"],
    group: "server",
    since: "1.0.0",
    summary: "Tells when the last successful save to disk happened, as a UNIX timestamp.",
    complexity: "O(1)",
  })
  static lastsave(c: Client, _args: string[]): void {
    c.w.int(c.engine.lastSave);
  }

  @command({
    name: "bgrewriteaof",
    arity: 1,
    flags: ["admin", "noscript", "no_async_loading"],
    group: "server",
    since: "1.0.0",
    summary: "Rewrites the append-only file from the dataset while the server keeps serving.",
    complexity: "O(1)",
  })
  static bgrewriteaof(c: Client, _args: string[]): void {
    switch (c.engine.persistence.aof.requestRewrite()) {
      case "running":
        throw new CommandError("ERR Background append only file rewriting already in progress");
      case "scheduled":
        c.w.simple("Background append only file rewriting scheduled");
        return;
      case "started":
        c.w.simple("Background append only file rewriting started");
        return;
      default:
        throw new CommandError(
          "ERR Can't execute an AOF background rewriting. Please check the server logs for more information.",
        );
    }
  }
}
