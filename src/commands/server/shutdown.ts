/**
 * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT].
 *
 * With SAVE, or save points configured and no NOSAVE, a final RDB snapshot is written first
 * (a running background save is abandoned for it). When that save fails the server answers
 * Redis's failure reply and keeps running, unless FORCE says to exit anyway. There are no
 * replicas to wait for, so NOW changes nothing and ABORT always finds no shutdown in progress.
 */
import type { Client } from "../../engine/client.ts";
import { keyword } from "../args.ts";
import { CommandError, ERR_SYNTAX } from "../errors.ts";
import { command } from "../registry.ts";

const NOSAVE = 1;
const SAVE = 2;
const NOW = 4;
const FORCE = 8;
const ABORT = 16;

/** SHUTDOWN's option keywords and their flags. */
const OPTION_NAMES = ["NOSAVE", "SAVE", "NOW", "FORCE", "ABORT"] as const;
const OPTION_FLAGS = [NOSAVE, SAVE, NOW, FORCE, ABORT] as const;

export class ShutdownCommand {
  @command({
    name: "shutdown",
    arity: -1,
    flags: ["admin", "noscript", "loading", "stale", "no_multi", "allow_busy"],
    group: "server",
    since: "1.0.0",
    summary: "Stops the server, after a final save when one is configured or asked for.",
    complexity:
      "O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)",
    history: [["7.0.0", "NOW, FORCE and ABORT modifiers."]],
    args: [
      {
        name: "nosave_save",
        type: "oneof",
        flags: ["optional"],
        args: [
          { name: "nosave", type: "pure-token", token: "NOSAVE" },
          { name: "save", type: "pure-token", token: "SAVE" },
        ],
      },
      { name: "now", type: "pure-token", token: "NOW", since: "7.0.0", flags: ["optional"] },
      { name: "force", type: "pure-token", token: "FORCE", since: "7.0.0", flags: ["optional"] },
      { name: "abort", type: "pure-token", token: "ABORT", since: "7.0.0", flags: ["optional"] },
    ],
  })
  static shutdown(c: Client, args: string[]): void {
    let flags = 0;
    for (let i = 1; i < args.length; i++) {
      flags |= OPTION_FLAGS[keyword(args[i], OPTION_NAMES)];
    }
    if ((flags & NOSAVE && flags & SAVE) || (flags & ABORT && flags !== ABORT)) {
      throw new CommandError(ERR_SYNTAX);
    }
    if (flags & ABORT) throw new CommandError("ERR No shutdown in progress.");
    const engine = c.engine;
    const log = engine.log;
    log.warning("User requested shutdown...");
    const wantsSave = (flags & SAVE) !== 0 ||
      (!(flags & NOSAVE) && engine.config.save !== "");
    if (!wantsSave) {
      engine.persistence.shutdownWithoutSave();
    } else if (!engine.persistence.shutdownSave()) {
      if (!(flags & FORCE)) {
        log.warning("Error trying to save the DB, can't exit.");
        log.warning(
          "Errors trying to shut down the server. Check the logs for more information.",
        );
        throw new CommandError("ERR Errors trying to SHUTDOWN. Check logs.");
      }
      log.warning("Error trying to save the DB. Exit anyway.");
    }
    // no reply: the connection closes, as with Redis
    c.closeAfterReply = true;
    engine.network.shutdown();
  }
}
