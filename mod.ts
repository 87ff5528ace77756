/**
 * respire's embedding API: run a real Redis-compatible server inside a Deno (or Node) program
 * or test suite.
 *
 *   const server = await startServer({ port: 0 });
 *   // ... connect any Redis client to 127.0.0.1:server.port ...
 *   await server.close();
 */
export { ManualClock } from "./src/engine/clock.ts";
export type { Clock } from "./src/engine/clock.ts";
export { startServer } from "./src/embed.ts";
export type { RespireOptions, RunningServer } from "./src/embed.ts";
export { RequestDecoder } from "./src/resp/decoder.ts";
export { RespDecoderStream } from "./src/resp/stream.ts";
export { denoRuntime } from "./src/runtime/deno.ts";
export type * from "./src/runtime/runtime.ts";
