import { command } from "../registry.ts";
import type { Client } from "../../engine/client.ts";

export class PingCommands {
  @command({
    name: "ping",
    arity: -1,
    flags: ["fast", "sentinel"],
    acl: ["connection"],
    tips: ["request_policy:all_shards", "response_policy:all_succeeded"],
    group: "connection",
    since: "1.0.0",
    summary: "Checks that the server is alive, answering PONG or the given message.",
    complexity: "O(1)",
    args: [{ name: "message", type: "string", flags: ["optional"] }],
  })
  static ping(c: Client, args: string[]): void {
    if (args.length > 2) {
      c.error("ERR wrong number of arguments for 'ping' command");
      return;
    }
    if (c.resp === 2 && c.pubsub) {
      // a RESP2 subscriber can only read Pub/Sub-shaped arrays
      c.w.array(2);
      c.w.bulk("pong");
      c.w.bulk(args.length === 2 ? args[1] : "");
      return;
    }
    if (args.length === 2) c.w.bulk(args[1]);
    else c.w.simple("PONG");
  }

  @command({
    name: "echo",
    arity: 2,
    flags: ["loading", "stale", "fast"],
    acl: ["connection"],
    group: "connection",
    since: "1.0.0",
    summary: "Replies with the message it was given.",
    complexity: "O(1)",
    args: [{ name: "message", type: "string" }],
  })
  static echo(c: Client, args: string[]): void {
    c.w.bulk(args[1]);
  }
}
