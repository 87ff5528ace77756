/**
 * MONITOR: the connection receives a line for every command any client runs from now on (see
 * engine/command_log.ts for the line format and what is left out).
 */
import type { Client } from "../../engine/client.ts";
import { CommandError } from "../errors.ts";
import { command } from "../registry.ts";

export class MonitorCommand {
  @command({
    name: "monitor",
    arity: 1,
    flags: ["admin", "noscript", "loading", "stale"],
    group: "server",
    since: "1.0.0",
    summary: "Streams every command the server runs, from every client, to this connection.",
  })
  static monitor(c: Client): void {
    // queued in MULTI, it would turn the connection into a stream in the middle of EXEC's reply
    if (c.multi !== null) {
      throw new CommandError("ERR MONITOR isn't allowed for DENY BLOCKING client");
    }
    // a second MONITOR is ignored without a reply, as in Redis
    if (c.monitor) return;
    c.monitor = true;
    c.engine.commandLog.monitors.add(c);
    c.w.ok();
  }
}
