/** SELECT, QUIT and RESET: the connection's database, its end, and its return to defaults. */
import type { Client } from "../../engine/client.ts";
import { parseInt64 } from "../../lib/numbers.ts";
import { CommandError, ERR_DB_INDEX, ERR_NOT_INTEGER } from "../errors.ts";
import { command } from "../registry.ts";

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

export class SessionCommands {
  @command({
    name: "select",
    arity: 2,
    flags: ["loading", "stale", "fast"],
    acl: ["connection"],
    group: "connection",
    since: "1.0.0",
    summary: "Switches this connection to another numbered database.",
    complexity: "O(1)",
    args: [{ name: "index", type: "integer" }],
  })
  static select(c: Client, args: string[]): void {
    const v = parseInt64(args[1]);
    if (v === null) throw new CommandError(ERR_NOT_INTEGER);
    if (typeof v === "bigint" || v < INT32_MIN || v > INT32_MAX) {
      throw new CommandError(
        `ERR value is out of range, value must between ${INT32_MIN} and ${INT32_MAX}`,
      );
    }
    const db = c.engine.dbs[v];
    if (v < 0 || db === undefined) throw new CommandError(ERR_DB_INDEX);
    c.db = db;
    c.w.ok();
  }

  @command({
    name: "quit",
    arity: -1,
    flags: ["noscript", "loading", "stale", "fast", "no_auth", "allow_busy"],
    acl: ["connection"],
    group: "connection",
    since: "1.0.0",
    summary: "Asks the server to close this connection once it has replied.",
    complexity: "O(1)",
  })
  static quit(c: Client): void {
    c.w.ok();
    c.closeAfterReply = true;
  }

  @command({
    name: "reset",
    arity: 1,
    flags: ["noscript", "loading", "stale", "fast", "no_auth", "allow_busy"],
    acl: ["connection"],
    group: "connection",
    since: "6.2.0",
    summary: "Returns the connection to the state of a new one: database 0, RESP2, no name, " +
      "not authenticated when a password is required, no transaction or subscriptions.",
    complexity: "O(1)",
  })
  static reset(c: Client): void {
    c.engine.resetClient(c);
    c.db = c.engine.dbs[0];
    c.resp = 2;
    c.authenticated = c.engine.config.requirepass === "";
    c.user = "default";
    c.name = "";
    c.noEvict = false;
    c.noTouch = false;
    // replies come back on (so RESET itself answers under CLIENT REPLY OFF)
    c.replyOff = false;
    c.replySkipNext = false;
    c.w.simple("RESET");
  }
}
