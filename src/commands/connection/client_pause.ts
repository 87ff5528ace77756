/**
 * CLIENT PAUSE and CLIENT UNPAUSE. The pause itself (which commands wait, and until when) is
 * engine/pause.ts; dispatch holds back the commands it covers.
 */
import type { Client } from "../../engine/client.ts";
import type { PauseMode } from "../../engine/pause.ts";
import { isOption, timeoutMs } from "../args.ts";
import { CommandError } from "../errors.ts";
import { command } from "../registry.ts";

export class ClientPauseCommands {
  @command({
    name: "client|pause",
    arity: -3,
    flags: ["admin", "noscript", "loading", "stale"],
    acl: ["connection"],
    group: "connection",
    since: "2.9.50",
    summary: "Holds back the commands of every client, or only the writes, for a number of " +
      "milliseconds.",
    complexity: "O(1)",
    history: [["6.2.0", "Gained the mode argument, with WRITE to hold back only writes."]],
    args: [
      { name: "timeout", type: "integer" },
      {
        name: "mode",
        type: "oneof",
        since: "6.2.0",
        flags: ["optional"],
        args: [
          { name: "write", type: "pure-token", token: "WRITE" },
          { name: "all", type: "pure-token", token: "ALL" },
        ],
      },
    ],
  })
  static pause(c: Client, args: string[]): void {
    if (args.length > 4) {
      throw new CommandError(
        `ERR unknown subcommand or wrong number of arguments for '${args[1]}'. Try CLIENT HELP.`,
      );
    }
    // Redis reads the mode before the timeout
    let mode: PauseMode = "all";
    if (args.length === 4) {
      if (isOption(args[3], "WRITE")) mode = "write";
      else if (!isOption(args[3], "ALL")) {
        throw new CommandError("ERR CLIENT PAUSE mode must be WRITE or ALL");
      }
    }
    const timeout = timeoutMs(args[2]);
    c.engine.pause.pause(mode, Date.now() + Number(timeout));
    c.w.ok();
  }

  @command({
    name: "client|unpause",
    arity: 2,
    flags: ["admin", "noscript", "loading", "stale"],
    acl: ["connection"],
    group: "connection",
    since: "6.2.0",
    summary: "Ends a CLIENT PAUSE at once; the held-back commands run in arrival order.",
    complexity: "O(N) Where N is the number of paused clients",
  })
  static unpause(c: Client): void {
    c.engine.pause.unpause();
    c.w.ok();
  }
}
