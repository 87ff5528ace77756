/**
 * SLOWLOG GET / LEN / RESET / HELP over the entries engine/command_log.ts records for
 * commands that took at least slowlog-log-slower-than microseconds.
 */
import type { Client } from "../../engine/client.ts";
import { parseInt64 } from "../../lib/numbers.ts";
import { CommandError } from "../errors.ts";
import { command, commandContainer } from "../registry.ts";

commandContainer({
  name: "slowlog",
  arity: -2,
  flags: [],
  group: "server",
  since: "2.2.12",
  summary: "Groups the commands that read and clear the slow log.",
  complexity: "Depends on subcommand.",
});

const HELP = [
  "SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "GET [<count>]",
  "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
  "    Entries are made of:",
  "    id, timestamp, time in microseconds, arguments array, client IP and port,",
  "    client name",
  "LEN",
  "    Return the length of the slowlog.",
  "RESET",
  "    Reset the slowlog.",
  "HELP",
  "    Prints this help.",
];

export class SlowlogCommands {
  @command({
    name: "slowlog|get",
    arity: -2,
    flags: ["admin", "loading", "stale"],
    tips: ["request_policy:all_nodes", "nondeterministic_output"],
    group: "server",
    since: "2.2.12",
    summary: "Returns the newest slow log entries, ten unless a count is given (-1 for all).",
    complexity: "O(N) where N is the number of entries returned",
    history: [["4.0.0", "Entries also name the client: its address and port, and its name."]],
    args: [{ name: "count", type: "integer", flags: ["optional"] }],
  })
  static get(c: Client, args: string[]): void {
    if (args.length > 3) {
      throw new CommandError(
        `ERR unknown subcommand or wrong number of arguments for '${args[1]}'. Try SLOWLOG HELP.`,
      );
    }
    const log = c.engine.commandLog;
    let count = 10;
    if (args.length === 3) {
      const v = parseInt64(args[2]);
      if (v === null || v < -1) {
        throw new CommandError("ERR count should be greater than or equal to -1");
      }
      count = v === -1 ? log.slowlogLength : Number(v);
    }
    const entries = log.slowlogNewest(count);
    const w = c.w;
    w.array(entries.length);
    for (const e of entries) {
      w.array(6);
      w.int(e.id);
      w.int(e.time);
      w.int(e.usec);
      w.bulkArray(e.args);
      w.bulk(e.addr);
      w.bulk(e.name);
    }
  }

  @command({
    name: "slowlog|len",
    arity: 2,
    flags: ["admin", "loading", "stale"],
    tips: ["request_policy:all_nodes", "response_policy:agg_sum", "nondeterministic_output"],
    group: "server",
    since: "2.2.12",
    summary: "Returns the number of entries in the slow log.",
    complexity: "O(1)",
  })
  static len(c: Client): void {
    c.w.int(c.engine.commandLog.slowlogLength);
  }

  @command({
    name: "slowlog|reset",
    arity: 2,
    flags: ["admin", "loading", "stale"],
    tips: ["request_policy:all_nodes", "response_policy:all_succeeded"],
    group: "server",
    since: "2.2.12",
    summary: "Empties the slow log.",
    complexity: "O(N) where N is the number of entries in the slowlog",
  })
  static reset(c: Client): void {
    c.engine.commandLog.resetSlowlog();
    c.w.ok();
  }

  @command({
    name: "slowlog|help",
    arity: 2,
    flags: ["loading", "stale"],
    group: "server",
    since: "6.2.0",
    summary: "Lists the SLOWLOG subcommands.",
    complexity: "O(1)",
  })
  static help(c: Client): void {
    c.w.simpleLines(HELP);
  }
}
