/** CLIENT UNBLOCK: ends another client's wait in a blocking command. */
import { cString } from "../../lib/bytes.ts";
import type { Client } from "../../engine/client.ts";
import { int, isOption } from "../args.ts";
import { CommandError } from "../errors.ts";
import { command } from "../registry.ts";

export class ClientUnblockCommand {
  @command({
    name: "client|unblock",
    arity: -3,
    flags: ["admin", "noscript", "loading", "stale"],
    acl: ["connection"],
    group: "connection",
    since: "5.0.0",
    summary: "Ends the wait of a client blocked in a blocking command, as a timeout or with an " +
      "error.",
    complexity: "O(log N) where N is the number of client connections",
    args: [
      { name: "client-id", type: "integer" },
      {
        name: "timeout_error",
        type: "oneof",
        flags: ["optional"],
        args: [
          { name: "timeout", type: "pure-token", token: "TIMEOUT" },
          { name: "error", type: "pure-token", token: "ERROR" },
        ],
      },
    ],
  })
  static unblock(c: Client, args: string[]): void {
    if (args.length > 4) {
      const sub = args[1];
      throw new CommandError(
        `ERR unknown subcommand or wrong number of arguments for '${
          cString(sub).slice(0, 128)
        }'. Try CLIENT HELP.`,
      );
    }
    let withError = false;
    if (args.length === 4) {
      if (isOption(args[3], "ERROR")) withError = true;
      else if (!isOption(args[3], "TIMEOUT")) {
        throw new CommandError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
      }
    }
    const id = int(args[2]);
    c.w.int(c.engine.blocking.unblock(id, withError) ? 1 : 0);
  }
}
