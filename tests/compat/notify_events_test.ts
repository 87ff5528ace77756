/**
 * Keyspace notifications against real Redis 7.0: a subscriber on `__key*__:*` on each server,
 * the same commands of every family on both, and the received event streams compared frame
 * by frame after every command (RESP2 and RESP3 subscribers, several notify-keyspace-events
 * settings, lazy and active expiry, other databases).
 */
import assert from "node:assert/strict";
import { RawClient } from "../helpers/raw_client.ts";
import { startRedis, startRespire, type TestServer } from "../helpers/servers.ts";

/** One server's connections: commands go through `cmd`, events arrive on `sub`. */
interface Side {
  cmd: RawClient;
  sub: RawClient;
}

const PONG_RESP2_SUBSCRIBED = "*2\r\n$4\r\npong\r\n$0\r\n\r\n";
const PONG_RESP3 = "+PONG\r\n";

/**
 * The frames a subscriber received so far: a PING goes behind them (the server delivers events
 * before it answers the command that caused them) and everything before its reply is returned.
 */
async function drain(sub: RawClient, resp: 2 | 3): Promise<string[]> {
  await sub.send("PING");
  const pong = resp === 2 ? PONG_RESP2_SUBSCRIBED : PONG_RESP3;
  const frames: string[] = [];
  for (;;) {
    const { raw } = await sub.read();
    if (raw === pong) return frames;
    frames.push(raw);
  }
}

async function connect(server: TestServer, resp: 2 | 3, pattern: string): Promise<Side> {
  const cmd = await RawClient.connect(server.port);
  const sub = await RawClient.connect(server.port);
  if (resp === 3) {
    await cmd.call("HELLO", "3");
    await sub.call("HELLO", "3");
  }
  await sub.call("PSUBSCRIBE", pattern);
  return { cmd, sub };
}

function words(line: string): string[] {
  return line.trim().split(/\s+/).map((w) => (w === "''" ? "" : w));
}

/** Runs one command on both sides; compares replies (`~`: reply type only) and events. */
async function step(redis: Side, respire: Side, line: string, resp: 2 | 3): Promise<void> {
  const shapeOnly = line.startsWith("~");
  const args = words(shapeOnly ? line.slice(1) : line);
  if (args[0] === "SLEEP") {
    await new Promise((r) => setTimeout(r, Number(args[1])));
    return;
  }
  const [a, b] = await Promise.all([redis.cmd.call(...args), respire.cmd.call(...args)]);
  if (shapeOnly) assert.equal(b[0], a[0], `reply type differs for ${line}`);
  else assert.equal(b, a, `reply differs for ${line}`);
  const [ea, eb] = await Promise.all([drain(redis.sub, resp), drain(respire.sub, resp)]);
  assert.deepEqual(eb, ea, `events differ for ${line}`);
}

async function runScript(
  redis: Side,
  respire: Side,
  script: string,
  resp: 2 | 3,
): Promise<void> {
  for (const line of script.split("\n")) {
    if (line.trim() === "") continue;
    await step(redis, respire, line, resp);
  }
}

/** Both servers with one notify-keyspace-events value; the body gets connected sides. */
async function withServers(
  body: (redis: TestServer, respire: TestServer) => Promise<void>,
): Promise<void> {
  const redis = await startRedis();
  try {
    const respire = await startRespire({ config: { "enable-debug-command": "yes" } });
    try {
      await body(redis, respire);
    } finally {
      await respire.close();
    }
  } finally {
    await redis.close();
  }
}

async function session(
  redis: TestServer,
  respire: TestServer,
  resp: 2 | 3,
  flags: string,
  body: (a: Side, b: Side) => Promise<void>,
  pattern = "__key*__:*",
  activeExpire = false,
): Promise<void> {
  const a = await connect(redis, resp, pattern);
  const b = await connect(respire, resp, pattern);
  try {
    await step(a, b, "FLUSHALL", resp);
    // keys given 1 ms to live must expire when the next command looks at them, not earlier
    await step(a, b, `DEBUG SET-ACTIVE-EXPIRE ${activeExpire ? 1 : 0}`, resp);
    await step(a, b, `CONFIG SET notify-keyspace-events ${flags === "" ? "''" : flags}`, resp);
    await body(a, b);
  } finally {
    for (const s of [a, b]) {
      s.cmd.close();
      s.sub.close();
    }
  }
}

/** One script per family; lines starting with ~ have random replies. */
const FAMILIES = [
  // string
  `
SET s1 v
SET s1 v2 NX
SET s1 v3 XX
SET s1 v4 XX GET
SET s1 v5 KEEPTTL
SET s1 v6 PX 100000
SET s1 v7 EXAT 99999999999
SET s1 v8 PXAT 99999999999000
SET s1 v8 KEEPTTL
SET nx1 v NX GET
SET nx2 v XX
SETNX s1 x
SETNX s2 x
SETEX s3 100 x
PSETEX s4 100000 x
SETEX s3 0 x
GETSET s2 y
GETSET s5 y
GETDEL s5
GETDEL s5
GETEX s2
GETEX s2 EX 100
GETEX s2 PX 100000
GETEX s2 EXAT 99999999999
GETEX s2 PXAT 99999999999000
GETEX s2 PERSIST
GETEX s2 PERSIST
GETEX s2 EX 0
GETEX missing EX 10
SET s6 v
GETEX s6 PXAT 1
GETEX s6 EXAT 1
APPEND s7 abc
APPEND s7 def
APPEND s7 ''
SETRANGE s8 0 ''
SETRANGE s8 3 xyz
SETRANGE s8 0 ''
SETRANGE s8 1 ''
SETRANGE s8 0 q
INCR n1
INCRBY n1 5
DECR n1
DECRBY n1 2
INCRBYFLOAT n1 1.5
INCRBYFLOAT n2 2
INCR s1
MSET m1 a m2 b m1 c
MSETNX m3 a m1 b
MSETNX m3 a m4 b
MSETNX m5 a m6 b m5 c
GET s1
MGET s1 missing
STRLEN s1
GETRANGE s1 0 1
LCS s1 s2
GET missing
GET n1
LPUSH lst a
GET lst
SET lst v
  `,
  // generic
  `
MSET a 1 b 2 c 3
DEL a missing b
UNLINK c missing
SET k v
EXPIRE k 100
EXPIRE k 100 NX
EXPIRE k 200 XX
EXPIRE k 50 GT
EXPIRE k 50 LT
PEXPIRE k 100000
EXPIREAT k 99999999999
PEXPIREAT k 99999999999000
EXPIRE missing 10
EXPIRE k 0
SET k v
EXPIRE k -1
SET k v
PEXPIREAT k 1
SET k v
EXPIREAT k 1
SET k v EX 100
PERSIST k
PERSIST k
PERSIST missing
TTL k
PTTL missing
EXPIRETIME k
PEXPIRETIME missing
EXISTS k missing
TOUCH k missing
TYPE k
TYPE missing
OBJECT ENCODING k
OBJECT ENCODING missing
OBJECT FREQ missing
OBJECT IDLETIME k
~RANDOMKEY
~KEYS *
~SCAN 0
SET r1 v
RENAME r1 r2
RENAME r2 r2
SET r3 x
RENAME r2 r3
RENAMENX r3 r4
SET r5 y
RENAMENX r4 r5
RENAMENX r4 r4
RENAME missing x
SET mv 1
MOVE mv 1
MOVE mv 1
SET mv 2
SELECT 1
MOVE mv 0
SELECT 0
MOVE mv 1
SET cp 1
COPY cp cp2
COPY cp cp2
COPY cp cp2 REPLACE
COPY cp cp3 DB 2
COPY missing cp4
RPUSH sl 3 1 2
SORT sl
SORT sl STORE sd
SORT missing STORE sd
SORT missing STORE sd2
SORT_RO sl
SET e1 v PX 1
SLEEP 5
EXISTS e1
SET e2 v PX 1
SLEEP 5
GET e2
SET e3 v PX 1
SLEEP 5
TTL e3
SET e4 v PX 1
SLEEP 5
DEL e4
SET e5 v PX 1
SLEEP 5
RENAME e5 e6
SET e7 v PX 1
SLEEP 5
TYPE e7
SET e8 v PX 1
SLEEP 5
SET e8 w
SWAPDB 0 1
SWAPDB 0 1
SET to v
DEL to
TOUCH missing
OBJECT ENCODING missing2
  `,
  // g2
  `
RPUSH sl 3 1 2
SET w_1 5
SORT sl BY w_* GET # GET h_*
SORT sl BY nosort GET h_*->f
HSET h_2 f v
SORT sl BY h_*->f GET h_*->f
SET ex v PX 1
SLEEP 5
~SCAN 0 TYPE string
~SCAN 0 TYPE list
SET ex2 v PX 1
SLEEP 5
~SCAN 0 MATCH ex*
~RANDOMKEY
  `,
  // hash
  `
HSET h a 1 b 2
HSET h a 1
HSET h a 3 c 4
HMSET h d 5
HSETNX h a 9
HSETNX h z 9
HSETNX h2 z 9
HINCRBY h a 2
HINCRBY h x 2
HINCRBY h2 x 1
HINCRBYFLOAT h a 1.5
HINCRBYFLOAT h3 a 1.5
HINCRBY h z 1
HDEL h nope
HDEL h a nope b
HDEL h c d x z
HDEL h h
HDEL missing f
HDEL h2 z x
HGET missing f
HMGET missing f
HEXISTS missing f
HLEN missing
HSTRLEN missing f
HKEYS missing
HVALS missing
HGETALL missing
~HRANDFIELD missing
HSCAN missing 0
HGET h3 a
SET str v
HSET str a 1
HGET str a
HINCRBY str a 1
HSET h4 a 1 b
  `,
  // set
  `
SADD s a b c
SADD s a
SADD s d
SREM s x
SREM s a x
SREM s b c d
SADD s1 1 2 3
SADD s2 2 3 4
SINTERSTORE d s1 s2
SINTERSTORE d s1 missing
SINTERSTORE d s1 missing
SUNIONSTORE d s1 s2
SDIFFSTORE d s1 s1
SDIFFSTORE d s1 s1
SDIFFSTORE d s1 s2
SUNIONSTORE d missing
SADD m1 x
SMOVE m1 m2 x
SMOVE m2 m2 x
SMOVE m2 m1 nope
SADD m1 x y
SMOVE m2 m1 x
SMOVE m1 m2 x
SPOP missing
SADD p a
~SPOP p
SADD p a b c d e f
~SPOP p 0
~SPOP p 2
~SPOP p 10
~SPOP p 1
SADD p2 a b c d e f g h i j k l m n o p q r s t u
~SPOP p2 18
~SRANDMEMBER missing
SMEMBERS missing
SISMEMBER missing a
SMISMEMBER missing a
SCARD missing
SSCAN missing 0
SINTER s1 missing
SINTERCARD 2 s1 missing
SUNION missing s1
SDIFF missing s1
SET str v
SADD str a
SMOVE s1 str 1
SMOVE missing str 1
  `,
  // list
  `
LPUSH l a b c
RPUSH l d
LPUSHX l x
RPUSHX l y
LPUSHX nol x
RPUSHX nol x
LPOP l
RPOP l
LPOP l 0
LPOP l 2
RPOP l 1
LPOP l 10
LPOP l
LPOP l 3
RPUSH l a b c b a
LSET l 0 z
LINSERT l BEFORE b q
LINSERT l AFTER nope q
LINSERT nol AFTER b q
LREM l 0 nope
LREM l 1 b
LREM l -1 b
LTRIM l 0 -1
LTRIM l 1 2
LTRIM l 5 1
LTRIM nol 0 1
RPUSH src a b
LMOVE src dst LEFT RIGHT
RPOPLPUSH src dst
LMOVE dst dst LEFT LEFT
LMOVE nosrc dst LEFT LEFT
RPUSH m1 a
LMPOP 2 nol m1 LEFT
RPUSH m1 a b c
LMPOP 2 m1 nol RIGHT COUNT 2
LMPOP 1 m1 LEFT COUNT 5
BLPOP nol m1 0.01
RPUSH b1 x
BLPOP b1 0
RPUSH b1 x y
BRPOP b1 0
BLMOVE b1 bd LEFT RIGHT 0
RPUSH b1 x y z
BLMPOP 0.01 1 b1 RIGHT COUNT 2
BRPOPLPUSH b1 bd 0
LLEN nol
LRANGE nol 0 -1
LINDEX nol 0
LPOS nol a
SET s v
LPUSH s a
LMOVE dst s LEFT LEFT
  `,
  // zset
  `
ZADD z 1 a 2 b 3 c
ZADD z 1 a
ZADD z 5 a
ZADD z NX 9 a
ZADD z XX 9 a
ZADD z XX 9 zz
ZADD z XX CH 10 a
ZADD z GT 1 a
ZADD z LT 1 a
ZADD z INCR 1 a
ZADD z INCR 0 a
ZADD z NX INCR 1 a
ZADD nz XX 1 a
ZADD nz GT 1 a
ZINCRBY z 2 b
ZINCRBY z2 2 b
ZINCRBY z 0 b
ZREM z nope
ZREM z a nope
ZREM z2 b
ZADD r 1 a 2 b 3 c 4 d 5 e
ZREMRANGEBYRANK r 10 20
ZREMRANGEBYRANK r 0 0
ZREMRANGEBYSCORE r 100 200
ZREMRANGEBYSCORE r 2 3
ZREMRANGEBYLEX r [z [zz
ZREMRANGEBYLEX r - +
ZADD p 1 a 2 b 3 c
ZPOPMIN p 0
ZPOPMIN p
ZPOPMAX p 1
ZPOPMAX p 5
ZPOPMIN p
ZADD p 1 a 2 b 3 c
ZMPOP 2 nope p MIN COUNT 2
ZMPOP 1 p MAX
BZPOPMIN nope 0.01
ZADD p 1 a 2 b
BZPOPMAX p 0
BZMPOP 0 1 p MIN COUNT 3
ZADD u1 1 a 2 b
ZADD u2 3 b 4 c
ZUNIONSTORE d 2 u1 u2
ZINTERSTORE d 2 u1 u2
ZDIFFSTORE d 2 u1 u2
ZDIFFSTORE d 2 u1 u1
ZDIFFSTORE d 2 u1 u1
ZINTERSTORE d 2 u1 missing
ZUNIONSTORE d 1 missing
ZRANGESTORE d u1 0 -1
ZRANGESTORE d u1 5 6
ZRANGESTORE d u1 5 6
ZRANGESTORE d missing 0 -1
ZUNION 2 u1 missing
ZINTER 2 u1 missing
ZDIFF 2 missing u1
ZINTERCARD 2 u1 missing
ZCARD missing
ZSCORE missing a
ZMSCORE missing a
ZCOUNT missing 0 1
ZLEXCOUNT missing - +
ZRANK missing a
ZREVRANK missing a
ZRANGE missing 0 -1
ZRANGEBYSCORE missing 0 1
ZREVRANGEBYSCORE missing 1 0
ZRANGEBYLEX missing - +
ZREVRANGEBYLEX missing + -
ZREVRANGE missing 0 -1
~ZRANDMEMBER missing
ZSCAN missing 0
SET s v
ZADD s 1 a
ZUNIONSTORE d 1 s
  `,
];

Deno.test("keyspace events of every family match Redis", () =>
  withServers(async (redis, respire) => {
    // RESP2 with A (no new-key or miss events), RESP3 pushes with n and m as well
    for (const [resp, flags] of [[2, "KEA"], [3, "KEAnm"]] as const) {
      await session(redis, respire, resp, flags, async (a, b) => {
        for (const script of FAMILIES) {
          await step(a, b, "FLUSHALL", resp);
          await runScript(a, b, script, resp);
        }
      });
    }
  }));

/** A bit of every class, to check each flag letter lets through exactly its events. */
const MIXED = `
SET s 1
SET s 2 PX 1
SLEEP 5
GET s
INCR n
APPEND n 0
EXPIRE n 100
PERSIST n
RPUSH l a b
LPOP l
SADD st a
SREM st a
HSET h f v
HDEL h f
ZADD z 1 a
ZINCRBY z 1 a
ZREM z a
RENAME n n2
DEL n2
GET missing
`;

Deno.test("each event class letter selects its events, K and E their channels", () =>
  withServers(async (redis, respire) => {
    const settings = [
      "K$",
      "Eg",
      "KEl",
      "Ks",
      "Eh",
      "Kz",
      "Ex",
      "KEn",
      "Km",
      "Ke",
      "KEt",
      "Kd",
      "A",
      "",
    ];
    for (const flags of settings) {
      await session(redis, respire, 2, flags, (a, b) => runScript(a, b, MIXED, 2));
    }
  }));

Deno.test("CONFIG SET/GET notify-keyspace-events: canonical form and errors", () =>
  withServers(async (redis, respire) => {
    const a = await RawClient.connect(redis.port);
    const b = await RawClient.connect(respire.port);
    try {
      const values = [
        "KEA",
        "AKE",
        "KEg$lshzxetdmn",
        "g$lshzxetd",
        "g$",
        "$g",
        "KA",
        "Kn",
        "nlsA",
        "mxe",
        "EKm",
        "AAA",
        "xK",
        "",
        "Eq",
        "K E",
        "a",
      ];
      for (const v of values) {
        const set = await Promise.all([
          a.call("CONFIG", "SET", "notify-keyspace-events", v),
          b.call("CONFIG", "SET", "notify-keyspace-events", v),
        ]);
        assert.equal(set[1], set[0], `CONFIG SET ${JSON.stringify(v)}`);
        const get = await Promise.all([
          a.call("CONFIG", "GET", "notify-keyspace-events"),
          b.call("CONFIG", "GET", "notify-keyspace-events"),
        ]);
        assert.equal(get[1], get[0], `CONFIG GET after ${JSON.stringify(v)}`);
      }
    } finally {
      a.close();
      b.close();
    }
  }));

Deno.test("keyspace events: other databases, channel subscriptions, active expiry", () =>
  withServers(async (redis, respire) => {
    for (const resp of [2, 3] as const) {
      await session(
        redis,
        respire,
        resp,
        "KEA",
        async (a, b) => {
          await runScript(
            a,
            b,
            `
          SELECT 3
          SET k v
          LPUSH l x
          MOVE k 5
          COPY l l2 DB 7
          SWAPDB 3 4
          SELECT 4
          DEL l
          SELECT 0
          `,
            resp,
          );
          // active expiry: nobody touches the keys, the servers' cycles remove them
          await step(a, b, "SET gone1 v PX 100", resp);
          await step(a, b, "SET gone2 v PX 100", resp);
          const deadline = Date.now() + 5000;
          const got: [string[], string[]] = [[], []];
          while ((got[0].length < 4 || got[1].length < 4) && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 50));
            got[0].push(...await drain(a.sub, resp));
            got[1].push(...await drain(b.sub, resp));
          }
          // the two keys may expire in either order, within and across servers
          assert.deepEqual([...got[1]].sort(), [...got[0]].sort());
          assert.equal(got[0].length, 4);
        },
        "__key*__:*",
        true,
      );
      // a subscriber to one key's channel only
      await session(redis, respire, resp, "KEA", async (a, b) => {
        await runScript(a, b, "SET one 1\nSET two 2\nDEL one two\nINCR one", resp);
      }, "__keyspace@0__:one");
    }
  }));

Deno.test("keyspace events: blocked clients served by another's push, transactions", () =>
  withServers(async (redis, respire) => {
    for (const resp of [2, 3] as const) {
      await session(redis, respire, resp, "KEAn", async (a, b) => {
        const waiters = [
          await RawClient.connect(redis.port),
          await RawClient.connect(respire.port),
        ];
        try {
          const blockers = [
            ["BLPOP", "bl", "0"],
            ["BLMOVE", "bl2", "dst", "LEFT", "RIGHT", "0"],
            ["BLMPOP", "0", "1", "bl3", "LEFT", "COUNT", "5"],
            ["BZPOPMIN", "bz", "0"],
            ["BZMPOP", "0", "1", "bz2", "MAX", "COUNT", "2"],
          ];
          const feeds = [
            "LPUSH bl a",
            "RPUSH bl2 a b",
            "RPUSH bl3 a b",
            "ZADD bz 1 a",
            "ZADD bz2 1 a 2 b 3 c",
          ];
          for (let i = 0; i < blockers.length; i++) {
            await Promise.all(waiters.map((w) => w.send(...blockers[i])));
            // let both servers register the wait before the feeding write
            await new Promise((r) => setTimeout(r, 50));
            await step(a, b, feeds[i], resp);
            const served = await Promise.all(waiters.map((w) => w.read()));
            assert.equal(served[1].raw, served[0].raw, `reply of ${blockers[i][0]}`);
            const [ea, eb] = await Promise.all([drain(a.sub, resp), drain(b.sub, resp)]);
            assert.deepEqual(eb, ea, `events after serving ${blockers[i][0]}`);
          }
        } finally {
          for (const w of waiters) w.close();
        }
        await runScript(
          a,
          b,
          `
          MULTI
          SET t1 1
          INCR t1
          RPUSH t2 a
          DEL t1 t2
          EXEC
          `,
          resp,
        );
      });
    }
  }));

Deno.test("keyspace events: RESTORE (new key, REPLACE, a TTL already past)", () =>
  withServers(async (redis, respire) => {
    await session(redis, respire, 2, "KEAn", async (a, b) => {
      await step(a, b, "RPUSH l a b c", 2);
      const dump = await a.cmd.call("DUMP", "l");
      const payload = dump.slice(dump.indexOf("\r\n") + 2, -2);
      const restores = [
        ["RESTORE", "r", "0", payload],
        ["RESTORE", "r", "0", payload],
        ["RESTORE", "r", "0", payload, "REPLACE"],
        ["RESTORE", "r", "100000", payload, "REPLACE"],
        ["RESTORE", "r", "1", payload, "REPLACE", "ABSTTL"],
        ["RESTORE", "r", "1", payload, "REPLACE", "ABSTTL"],
      ];
      for (const args of restores) {
        const replies = await Promise.all([a.cmd.call(...args), b.cmd.call(...args)]);
        assert.equal(replies[1], replies[0]);
        const [ea, eb] = await Promise.all([drain(a.sub, 2), drain(b.sub, 2)]);
        assert.deepEqual(eb, ea, `events differ for ${args.slice(4).join(" ")}`);
      }
    });
  }));
