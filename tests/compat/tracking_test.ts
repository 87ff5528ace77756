/**
 * Client-side caching (CLIENT TRACKING) against real Redis 7.0: the same multi-connection
 * scenarios run on both servers, and after every step each connection's received frames
 * (replies, RESP3 invalidation pushes, `__redis__:invalidate` messages) must be equal, byte
 * for byte once client IDs are replaced by the connection's number.
 */
import assert from "node:assert/strict";
import { RawClient } from "../helpers/raw_client.ts";
import { startRedis, startRespire, type TestServer } from "../helpers/servers.ts";

const PONG = "+PONG\r\n";
const PONG_SUBSCRIBED = "*2\r\n$4\r\npong\r\n$0\r\n\r\n";

/** Connections to one server and their client IDs. */
class Side {
  readonly conns: RawClient[] = [];
  readonly ids: string[] = [];
  readonly closed = new Set<number>();
  /** Connections inside MULTI: a PING would only be queued there. */
  readonly inMulti = new Set<number>();

  static async open(server: TestServer, n: number): Promise<Side> {
    const side = new Side();
    for (let i = 0; i < n; i++) {
      const c = await RawClient.connect(server.port);
      side.conns.push(c);
      side.ids.push((await c.call("CLIENT", "ID")).slice(1, -2));
    }
    return side;
  }

  /**
   * Client IDs where replies carry them (a whole integer reply: GETREDIR, CLIENT ID; the
   * TRACKINGINFO redirect field; a broken-redirect push) become #n, so both servers' frames
   * can be compared.
   */
  normalize(frame: string, wholeReply = false): string {
    let out = frame;
    for (let k = 0; k < this.ids.length; k++) {
      const id = `:${this.ids[k]}\r\n`;
      if (wholeReply && out === id) return `:#${k}\r\n`;
      out = out.replaceAll(`redirect\r\n${id}`, `redirect\r\n:#${k}\r\n`)
        .replaceAll(`redir-broken\r\n${id}`, `redir-broken\r\n:#${k}\r\n`);
    }
    return out;
  }

  /** The frames conn received before the reply to a PING sent now. */
  async sync(k: number): Promise<string[]> {
    if (this.closed.has(k) || this.inMulti.has(k)) return [];
    const conn = this.conns[k];
    await conn.send("PING");
    const frames: string[] = [];
    for (;;) {
      const { raw } = await conn.read();
      if (raw === PONG || raw === PONG_SUBSCRIBED) return frames;
      frames.push(this.normalize(raw));
    }
  }

  /**
   * Runs one step on connection k: the frames up to and including the command's reply (pushes
   * may come first), then what every connection received after it.
   */
  async step(k: number, args: string[], shapeOnly: boolean): Promise<string[][]> {
    const conn = this.conns[k];
    const real = args.map((a) => a.replace(/^\$(\d)$/, (_, d) => this.ids[Number(d)]));
    await conn.send(...real);
    const own: string[] = [];
    const repliesId = real.length === 2 && real[0].toUpperCase() === "CLIENT" &&
      ["ID", "GETREDIR"].includes(real[1].toUpperCase());
    if (real[0].toUpperCase() === "QUIT") {
      await conn.read();
      this.closed.add(k);
    } else {
      for (;;) {
        const { raw } = await conn.read();
        const frame = shapeOnly ? raw[0] : this.normalize(raw, repliesId);
        own.push(frame);
        if (raw[0] !== ">") break;
      }
    }
    const name = real[0].toUpperCase();
    if (name === "MULTI") this.inMulti.add(k);
    else if (name === "EXEC" || name === "DISCARD" || name === "RESET") this.inMulti.delete(k);
    const out: string[][] = [];
    for (let i = 0; i < this.conns.length; i++) {
      const after = await this.sync(i);
      out.push(i === k ? [...own, ...after] : after);
    }
    return out;
  }

  close(): void {
    for (const c of this.conns) c.close();
  }
}

/**
 * Runs a scenario: lines "@k COMMAND args" (k: connection, default the previous one), "$n" is
 * connection n's client ID, "~" compares only the reply type (HELLO), "SLEEP ms" waits.
 */
async function scenario(script: string, connections = 4): Promise<void> {
  const redis = await startRedis();
  const respire = await startRespire();
  const a = await Side.open(redis, connections);
  const b = await Side.open(respire, connections);
  try {
    let k = 0;
    for (let line of script.split("\n")) {
      line = line.trim();
      if (line === "" || line.startsWith("#")) continue;
      const at = /^@(\d)\s*/.exec(line);
      if (at !== null) {
        k = Number(at[1]);
        line = line.slice(at[0].length);
      }
      const shapeOnly = line.startsWith("~");
      if (shapeOnly) line = line.slice(1);
      const args = line.split(/\s+/).map((w) => (w === "''" ? "" : w));
      if (args[0] === "SLEEP") {
        await new Promise((r) => setTimeout(r, Number(args[1])));
        continue;
      }
      let ra: string[][], rb: string[][];
      try {
        [ra, rb] = await Promise.all([a.step(k, args, shapeOnly), b.step(k, args, shapeOnly)]);
      } catch (e) {
        throw new Error(`@${k} ${line}: ${e}`);
      }
      assert.deepEqual(rb, ra, `frames differ after @${k} ${line}`);
    }
  } finally {
    a.close();
    b.close();
    await respire.close();
    await redis.close();
  }
}

Deno.test("CLIENT TRACKING / CACHING / GETREDIR / TRACKINGINFO replies and errors", () =>
  scenario(`
    CLIENT TRACKINGINFO
    CLIENT GETREDIR
    CLIENT TRACKING on
    CLIENT TRACKINGINFO
    CLIENT GETREDIR
    ~HELLO 3
    CLIENT TRACKINGINFO
    CLIENT TRACKING on BCAST
    CLIENT TRACKING off
    CLIENT TRACKING on BCAST PREFIX a PREFIX b
    CLIENT TRACKING on BCAST PREFIX ab
    CLIENT TRACKING on BCAST PREFIX c PREFIX cd
    CLIENT TRACKING on BCAST PREFIX a
    CLIENT TRACKING on BCAST PREFIX x PREFIX x
    CLIENT TRACKING on BCAST
    CLIENT TRACKINGINFO
    CLIENT TRACKING on BCAST PREFIX q
    CLIENT TRACKING on PREFIX a
    CLIENT TRACKING on OPTIN
    CLIENT TRACKING on BCAST OPTIN
    CLIENT TRACKING off
    CLIENT TRACKING on BCAST PREFIX '' PREFIX x
    CLIENT TRACKING on OPTIN PREFIX a
    CLIENT TRACKING on OPTIN OPTOUT
    CLIENT TRACKING on BCAST OPTOUT
    CLIENT TRACKING on OPTIN
    CLIENT TRACKING on OPTOUT
    CLIENT CACHING no
    CLIENT CACHING yes
    CLIENT TRACKINGINFO
    CLIENT CACHING maybe
    CLIENT CACHING yes extra
    CLIENT TRACKING off
    CLIENT CACHING yes
    CLIENT TRACKING on OPTOUT NOLOOP
    CLIENT CACHING yes
    CLIENT CACHING no
    CLIENT TRACKINGINFO
    CLIENT TRACKING off
    CLIENT TRACKING on REDIRECT 999999
    CLIENT TRACKING on REDIRECT x
    CLIENT TRACKING on REDIRECT 0
    CLIENT TRACKING on REDIRECT -5
    CLIENT TRACKING on REDIRECT $1 REDIRECT $2
    CLIENT TRACKING on REDIRECT 999999 FOO
    CLIENT TRACKING on FOO REDIRECT 999999
    CLIENT TRACKING on REDIRECT
    CLIENT TRACKING on PREFIX
    CLIENT TRACKING maybe
    CLIENT TRACKING maybe BCAST
    CLIENT TRACKING on REDIRECT $1 NOLOOP
    CLIENT GETREDIR
    CLIENT TRACKINGINFO
    CLIENT TRACKING on REDIRECT $2
    CLIENT GETREDIR
    CLIENT TRACKING on
    CLIENT GETREDIR
    CLIENT TRACKING on REDIRECT $0
    CLIENT GETREDIR
    CLIENT TRACKING off
    CLIENT TRACKING on BCAST PREFIX a REDIRECT $1
    CLIENT TRACKINGINFO
    CLIENT TRACKING on BCAST PREFIX b NOLOOP
    CLIENT TRACKINGINFO
    CLIENT TRACKING oN bcast prefix c noloop
    CLIENT TRACKINGINFO
    CLIENT TRACKING off BCAST PREFIX z REDIRECT 0
    CLIENT TRACKINGINFO
    CLIENT TRACKING
    CLIENT GETREDIR x
    CLIENT TRACKINGINFO x
    RESET
    CLIENT TRACKINGINFO
  `));

Deno.test("default mode: RESP3 invalidation pushes for keys read, own writes after the reply", () =>
  scenario(`
    @0 ~HELLO 3
    @0 CLIENT TRACKING on
    @0 GET a
    @0 MGET b c
    @0 EXISTS d
    @1 SET a 1
    @1 SET a 2
    @1 MSET b 1 c 2 d 3 e 4
    @0 GET a
    @0 SET a 3
    @0 GET a
    @0 MULTI
    @0 SET a 4
    @0 GET f
    @0 SET f 1
    @0 EXEC
    @0 GET a
    @1 FLUSHDB
    @1 SET a 1
    @0 GET a
    @0 FLUSHALL
    @0 GET a
    @1 SET a 1
    @0 GET a
    @1 SWAPDB 0 1
    @1 SWAPDB 0 1
    @1 DEL a
    @0 GET x
    @0 CLIENT TRACKING off
    @1 SET x 1
    @0 GET x
    @0 CLIENT TRACKING on
    @1 SET x 2
    @0 GET x
    @0 CLIENT TRACKING off
    @0 CLIENT TRACKING on
    @1 SET x 3
    @0 GET y
    @1 SET y 1 PX 500
    @0 GET y
    SLEEP 700
    @1 GET y
    @2 CLIENT TRACKING on
    @2 GET z
    @1 SET z 1
    @0 GET w
    @0 RESET
    @1 SET w 1
  `));

Deno.test("default mode: every family's reads are tracked and writes invalidate", () =>
  scenario(`
    @0 ~HELLO 3
    @0 CLIENT TRACKING on
    @1 RPUSH l a b c
    @1 SADD s1 1 2
    @1 SADD s2 2 3
    @1 HSET h f v
    @1 ZADD z 1 a 2 b
    @1 SET str hello
    @0 LRANGE l 0 -1
    @0 SMEMBERS s1
    @0 SINTER s1 s2
    @0 HGETALL h
    @0 ZRANGE z 0 -1
    @0 STRLEN str
    @0 TYPE l
    @0 TTL h
    @0 SORT_RO l ALPHA
    @0 ZUNION 2 z z
    @0 LCS str str
    @1 LPOP l
    @1 SREM s2 3
    @1 SADD s1 4
    @1 HDEL h f
    @1 ZINCRBY z 1 a
    @1 APPEND str !
    @1 EXPIRE str 100
    @1 RENAME s1 s3
    @0 GET missing1
    @0 GET missing2
    @1 MSET missing1 1 missing2 2
    @0 GET q
    @1 SET q v
    @0 GET q
    @1 EXPIRE q 0
    @0 GET r
    @1 LPUSH r x
    @0 LLEN r
    @1 LMOVE r r2 LEFT LEFT
    @0 ZSCORE zz a
    @1 ZADD zz 1 a
    @0 ZCARD zz
    @1 ZUNIONSTORE zz 1 z
  `));

Deno.test("REDIRECT: RESP2 subscribers get __redis__:invalidate messages, RESP3 ones pushes", () =>
  scenario(`
    @1 SUBSCRIBE __redis__:invalidate
    @0 CLIENT TRACKING on REDIRECT $1
    @0 GET a
    @0 MGET b c
    @2 SET a 1
    @2 MSET b 1 c 2
    @0 GET a
    @0 SET a 2
    @0 GET a
    @0 FLUSHDB
    @2 FLUSHALL
    @0 ~HELLO 3
    @0 FLUSHALL
    @0 GET a
    @0 CLIENT TRACKING on REDIRECT $2
    @2 SET a 1
    @0 GET a
    @2 SET a 2
    @2 ~HELLO 3
    @0 GET a
    @2 SET a 3
    @0 GET a
    @0 FLUSHDB
    @3 SUBSCRIBE other
    @0 CLIENT TRACKING on REDIRECT $3
    @0 GET a
    @2 SET a 4
    @0 CLIENT TRACKING on REDIRECT $3 BCAST PREFIX a
    @0 CLIENT TRACKING off
    @0 CLIENT TRACKING on REDIRECT $3 BCAST PREFIX a
    @2 MSET a1 1 b1 1 a2 2
    @3 QUIT
    @2 SET a 5
    @0 CLIENT TRACKINGINFO
    @2 SET a 6
    @0 CLIENT TRACKING on BCAST PREFIX a
    @0 CLIENT TRACKINGINFO
  `));

Deno.test("broken redirect: RESP3 clients are told, RESP2 ones are not", () =>
  scenario(`
    @0 ~HELLO 3
    @0 CLIENT TRACKING on REDIRECT $3
    @0 GET a
    @1 CLIENT TRACKING on REDIRECT $3
    @1 GET a
    @3 QUIT
    @2 SET a 1
    @0 CLIENT TRACKINGINFO
    @1 CLIENT TRACKINGINFO
    @0 GET a
    @2 SET a 2
    @0 FLUSHDB
    @0 CLIENT TRACKING on
    @0 CLIENT TRACKINGINFO
  `));

Deno.test("BCAST: per-prefix batches in key order, NOLOOP, the empty prefix, expiry", () =>
  scenario(`
    @0 ~HELLO 3
    @0 CLIENT TRACKING on BCAST PREFIX a PREFIX b
    @1 ~HELLO 3
    @1 CLIENT TRACKING on BCAST PREFIX a NOLOOP
    @2 MSET b2 1 a3 1 a1 2 c 3 b1 0
    @1 MSET a9 1 a0 1
    @1 SET a0 2
    @2 SET a9 2
    @0 SET a5 1
    @0 EXPIRE a5 100
    @0 DEL a5
    @1 CLIENT TRACKING on BCAST PREFIX c
    @1 CLIENT TRACKINGINFO
    @2 SET ccc 1
    @2 SET dd 1
    @0 FLUSHALL
    @3 ~HELLO 3
    @3 CLIENT TRACKING on BCAST
    @3 SET x 1
    @2 RPUSH alist x y
    @2 LPOP alist
    @2 SADD bset m
    @2 HSET ahash f v
    @2 ZADD bz 1 m
    @2 MULTI
    @2 SET a1 1
    @2 SET b1 1
    @2 SET a1 2
    @2 EXEC
    @3 SET e1 1 PX 500
    SLEEP 700
    @2 GET e1
    @0 CLIENT TRACKING off
    @2 SET a1 3
    @1 CLIENT TRACKING off
    @2 SET a1 4
  `));

Deno.test("OPTIN/OPTOUT: CLIENT CACHING covers the next command (all of a transaction)", () =>
  scenario(`
    @0 ~HELLO 3
    @0 CLIENT TRACKING on OPTIN
    @0 GET a
    @0 CLIENT CACHING yes
    @0 GET b
    @0 GET c
    @2 MSET a 1 b 1 c 1
    @0 CLIENT CACHING yes
    @0 CLIENT ID
    @0 GET c
    @0 CLIENT CACHING yes
    @0 GETT x
    @0 GET d
    @0 CLIENT CACHING yes
    @0 CLIENT NOSUCH
    @0 GET d2
    @0 CLIENT CACHING yes
    @0 GET
    @0 GET d3
    @0 CLIENT CACHING yes
    @0 CLIENT CACHING yes extra
    @0 GET d4
    @0 CLIENT CACHING yes
    @0 MULTI
    @0 GET e
    @0 GET f
    @0 EXEC
    @0 GET g
    @0 CLIENT CACHING yes
    @0 MULTI
    @0 GETT h
    @0 EXEC
    @0 GET h2
    @2 MSET c 2 d 2 d2 2 d3 2 d4 2 e 2 f 2 g 2 h2 2
    @1 ~HELLO 3
    @1 CLIENT TRACKING on OPTOUT NOLOOP
    @1 GET a
    @1 CLIENT CACHING no
    @1 GET b
    @1 GET c
    @1 SET a 5
    @1 SET c 5
    @2 MSET a 1 b 1 c 1
    @1 GET a
    @2 SET a 2
    @1 CLIENT TRACKING off
    @1 CLIENT TRACKING on
    @1 GET x
    @1 SET x 1
    @1 GET x
    @1 MULTI
    @1 SET x 2
    @1 GET y
    @1 SET y 2
    @1 EXEC
  `));
