/**
 * A TransformStream form of the request decoder, for embedding and tests:
 * bytes in, commands (arrays of binary strings) out. The server's own hot path does not use
 * web streams; see connection.ts.
 */
import { type DecoderLimits, RequestDecoder } from "./decoder.ts";

export class RespDecoderStream extends TransformStream<Uint8Array, string[]> {
  constructor(limits: DecoderLimits = { maxBulkLen: 512 * 1024 * 1024, maxQueryBuffer: 1 << 30 }) {
    const decoder = new RequestDecoder(limits);
    super({
      transform(chunk, controller) {
        decoder.push(chunk);
        for (let cmd = decoder.next(); cmd !== null; cmd = decoder.next()) controller.enqueue(cmd);
      },
    });
  }
}
