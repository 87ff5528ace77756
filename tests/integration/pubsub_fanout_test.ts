/**
 * Pub/Sub under load over real sockets, with respire as its own process: a publisher
 * pipelining 100,000 messages to 50 subscribers (each must get every message, in order), and
 * subscribers that stop reading, which must be disconnected at the output buffer limit
 * without stalling the publisher or anyone else.
 */
import assert from "node:assert/strict";
import { encodeCommand } from "../helpers/raw_client.ts";
import { startRespireProcess } from "../helpers/servers.ts";

const enc = new TextEncoder();

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let off = 0;
  while (off < bytes.length) off += await conn.write(bytes.subarray(off));
}

/**
 * Reads RESP2 `message` frames of one channel whose payloads are 0, 1, 2, ... and checks the
 * sequence byte by byte as the data arrives (no per-frame allocation, so 50 readers keep up).
 */
class SequenceReader {
  /** The next payload expected; equals the number of messages seen. */
  next = 0;
  private readonly prefix: Uint8Array;
  private state = 0; // 0: matching the prefix, 1: length digits, 2: payload digits
  private matched = 0;
  private value = 0;
  private skipLf = false;

  constructor(channel: string, private readonly onError: (msg: string) => void) {
    this.prefix = enc.encode(`*3\r\n$7\r\nmessage\r\n$${channel.length}\r\n${channel}\r\n$`);
  }

  feed(bytes: Uint8Array, n: number): void {
    for (let i = 0; i < n; i++) {
      const b = bytes[i];
      if (this.skipLf) {
        this.skipLf = false;
        continue;
      }
      if (this.state === 0) {
        if (b !== this.prefix[this.matched]) {
          this.onError(`unexpected byte ${b} after message ${this.next}`);
          return;
        }
        if (++this.matched === this.prefix.length) {
          this.matched = 0;
          this.state = 1;
        }
      } else if (this.state === 1) {
        if (b === 13) {
          this.state = 2;
          this.value = 0;
          this.skipLf = true;
        }
      } else if (b === 13) {
        if (this.value !== this.next) {
          this.onError(`got message ${this.value}, expected ${this.next}`);
          return;
        }
        this.next++;
        this.state = 0;
        this.skipLf = true;
      } else {
        this.value = this.value * 10 + (b - 48);
      }
    }
  }
}

async function subscribe(port: number, channel: string): Promise<Deno.TcpConn> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await writeAll(conn, encodeCommand(["SUBSCRIBE", channel]));
  // the confirmation: *3 $9 subscribe $N channel :1
  const expected = `*3\r\n$9\r\nsubscribe\r\n$${channel.length}\r\n${channel}\r\n:1\r\n`;
  const buf = new Uint8Array(expected.length);
  let got = 0;
  while (got < buf.length) {
    const n = await conn.read(buf.subarray(got));
    if (n === null) throw new Error("subscriber closed");
    got += n;
  }
  assert.equal(new TextDecoder().decode(buf), expected);
  return conn;
}

/** Counts the integer replies of pipelined PUBLISHes, checking each receiver count. */
async function readPublishReplies(
  conn: Deno.Conn,
  total: number,
  check: (receivers: number) => void,
): Promise<void> {
  const buf = new Uint8Array(64 * 1024);
  let seen = 0;
  let value = 0;
  let inNumber = false;
  while (seen < total) {
    const n = await conn.read(buf);
    if (n === null) throw new Error("publisher connection closed");
    for (let i = 0; i < n; i++) {
      const b = buf[i];
      if (b === 58) {
        inNumber = true;
        value = 0;
      } else if (b === 13) {
        if (inNumber) {
          check(value);
          seen++;
        }
        inNumber = false;
      } else if (inNumber) {
        value = value * 10 + (b - 48);
      }
    }
  }
}

/** PUBLISH channel 0..count-1, pipelined in batches. */
async function publishSequence(conn: Deno.Conn, channel: string, count: number): Promise<void> {
  const batch = 2000;
  for (let start = 0; start < count; start += batch) {
    let text = "";
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const payload = String(i);
      text += `*3\r\n$7\r\nPUBLISH\r\n$${channel.length}\r\n${channel}\r\n$${payload.length}\r\n` +
        `${payload}\r\n`;
    }
    await writeAll(conn, enc.encode(text));
  }
}

Deno.test("pubsub: 100,000 messages reach each of 50 subscribers, in order", async () => {
  await using server = await startRespireProcess();
  const SUBSCRIBERS = 50;
  const MESSAGES = 100_000;
  const started = performance.now();
  const subscribers = await Promise.all(
    Array.from({ length: SUBSCRIBERS }, () => subscribe(server.port, "fanout")),
  );
  const errors: string[] = [];
  const readers = subscribers.map(() => new SequenceReader("fanout", (m) => errors.push(m)));
  const done = subscribers.map(async (conn, i) => {
    const buf = new Uint8Array(256 * 1024);
    const reader = readers[i];
    while (reader.next < MESSAGES && errors.length === 0) {
      const n = await conn.read(buf);
      if (n === null) throw new Error(`subscriber ${i} was disconnected`);
      reader.feed(buf, n);
    }
  });
  const publisher = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
  try {
    let wrongCount = 0;
    const replies = readPublishReplies(publisher, MESSAGES, (r) => {
      if (r !== SUBSCRIBERS) wrongCount++;
    });
    await publishSequence(publisher, "fanout", MESSAGES);
    await replies;
    assert.equal(wrongCount, 0, "every PUBLISH reaches all 50 subscribers");
    await Promise.all(done);
    assert.deepEqual(errors, []);
    for (const r of readers) assert.equal(r.next, MESSAGES);
    const seconds = (performance.now() - started) / 1000;
    assert.ok(seconds < 20, `took ${seconds.toFixed(1)} s`);
  } finally {
    publisher.close();
    for (const s of subscribers) s.close();
  }
});

Deno.test("pubsub: a subscriber that stops reading is disconnected at its limit, others are not affected", async () => {
  // the default limits (pubsub 32mb hard, 8mb for 60 s soft), with 64 KiB messages
  await using server = await startRespireProcess();
  const stalled = await subscribe(server.port, "big");
  const reading = await subscribe(server.port, "big");
  const other = await subscribe(server.port, "small");
  const MESSAGES = 1200; // 75 MiB in all: well past the stalled subscriber's 32 MiB
  const payload = "x".repeat(64 * 1024);
  let received = 0;
  const readingDone = (async () => {
    const buf = new Uint8Array(1024 * 1024);
    let bytes = 0;
    const frame = `*3\r\n$7\r\nmessage\r\n$3\r\nbig\r\n$${payload.length}\r\n`.length +
      payload.length + 2;
    while (received < MESSAGES) {
      const n = await reading.read(buf);
      if (n === null) throw new Error("the reading subscriber was disconnected");
      bytes += n;
      received = Math.floor(bytes / frame);
    }
  })();
  const publisher = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
  const replies = new Uint8Array(64 * 1024);
  try {
    const started = performance.now();
    let counts = "";
    for (let i = 0; i < MESSAGES; i++) {
      await writeAll(publisher, encodeCommand(["PUBLISH", "big", payload]));
      const n = await publisher.read(replies);
      assert.ok(n !== null);
      counts += new TextDecoder().decode(replies.subarray(0, n));
    }
    // at first both subscribers get the messages, after the limit only the reading one
    const receivers = counts.split("\r\n").filter((s) => s !== "");
    assert.equal(receivers[0], ":2");
    assert.equal(receivers[receivers.length - 1], ":1");
    await readingDone;
    assert.equal(received, MESSAGES);
    // the stalled subscriber's connection was closed by the server
    const drained = (async () => {
      const buf = new Uint8Array(1024 * 1024);
      for (;;) {
        try {
          if (await stalled.read(buf) === null) return true;
        } catch {
          return true;
        }
      }
    })();
    assert.equal(await drained, true);
    // the unrelated subscriber still works
    await writeAll(publisher, encodeCommand(["PUBLISH", "small", "still here"]));
    assert.equal(
      new TextDecoder().decode(replies.subarray(0, (await publisher.read(replies))!)),
      ":1\r\n",
    );
    const buf = new Uint8Array(1024);
    const n = await other.read(buf);
    assert.equal(
      new TextDecoder().decode(buf.subarray(0, n!)),
      "*3\r\n$7\r\nmessage\r\n$5\r\nsmall\r\n$10\r\nstill here\r\n",
    );
    assert.ok(performance.now() - started < 20000);
  } finally {
    publisher.close();
    stalled.close();
    reading.close();
    other.close();
  }
});

Deno.test("pubsub: the soft output limit disconnects only after its grace period", async () => {
  // no hard limit; 256 KiB soft limit for 5 seconds (long enough for a loaded machine to
  // publish the first 16 MiB within it)
  await using server = await startRespireProcess(
    ["--client-output-buffer-limit", "pubsub", "0", "256kb", "5"],
  );
  const stalled = await subscribe(server.port, "ch");
  const publisher = await Deno.connect({ hostname: "127.0.0.1", port: server.port });
  const replies = new Uint8Array(1024);
  const publish = async (payload: string) => {
    await writeAll(publisher, encodeCommand(["PUBLISH", "ch", payload]));
    const n = await publisher.read(replies);
    return new TextDecoder().decode(replies.subarray(0, n!));
  };
  try {
    // fill the socket buffers and pass the soft limit: the subscriber stays for now
    const big = "y".repeat(2 * 1024 * 1024);
    let counts = "";
    for (let i = 0; i < 8; i++) counts += await publish(big);
    assert.ok(!counts.includes(":0"), "still subscribed right after passing the soft limit");
    await new Promise((r) => setTimeout(r, 5300));
    // over the soft limit for longer than its grace: the next message disconnects it
    await publish("x");
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(await publish("after"), ":0\r\n");
  } finally {
    publisher.close();
    stalled.close();
  }
});
