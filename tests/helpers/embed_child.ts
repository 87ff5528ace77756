/**
 * Runs one embedded server in a process of its own, for tests of startServer options that
 * change process-wide state: a `dir` setting changes the working directory, as redis-server's
 * does, which would disturb the other test files that share the test runner's process.
 *
 *   deno run -A embed_child.ts '<startServer options as JSON>' '<commands as JSON>'
 *
 * Prints one JSON line: the raw reply of each command, or { error } when startServer threw.
 */
import { startServer } from "../../mod.ts";
import { RawClient } from "./raw_client.ts";

const [optionsJson, commandsJson] = Deno.args;
const commands: string[][] = JSON.parse(commandsJson);
let server;
try {
  server = await startServer(JSON.parse(optionsJson));
} catch (e) {
  console.log(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
  Deno.exit(0);
}
const c = await RawClient.connect(server.port);
const replies: string[] = [];
for (const cmd of commands) replies.push(await c.call(...cmd));
c.close();
await server.close();
console.log(JSON.stringify({ replies }));
