/**
 * Propagation against Redis 7.0, through the append-only file: the same commands go to
 * redis-server and to respire, both with appendonly yes, and the commands their incremental
 * AOF files hold must be the same — each write as received or as the command Redis rewrites
 * it to (SET EX → SET PXAT, EXPIRE → PEXPIREAT, blocking pops → plain pops, SPOP → SREMs,
 * INCRBYFLOAT → SET KEEPTTL, RESTORE → ABSTTL, ...), lazy expirations as DEL, MULTI/EXEC
 * exactly where Redis puts them. Times derived from the clock and randomly drawn members are
 * the only parts compared loosely.
 */
import assert from "node:assert/strict";
import { RawClient } from "../helpers/raw_client.ts";
import type { TestServer } from "../helpers/servers.ts";
import { pipeline, q, redisIn, respireIn, tempDir, text } from "./persistence_helpers.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const AOF = ["--appendonly", "yes", "--appendfsync", "always"];
/** An absolute time far ahead (2100-01-01), kept exactly in both files. */
const FAR_S = "4102444800";
const FAR_MS = "4102444800000";

/** The commands of a RESP file of multibulk commands, as byte strings. */
function parseCommands(bytes: Uint8Array): string[][] {
  const s = Array.from(bytes, (b) => String.fromCharCode(b)).join("");
  const out: string[][] = [];
  let i = 0;
  const line = () => {
    const end = s.indexOf("\r\n", i);
    const l = s.slice(i, end);
    i = end + 2;
    return l;
  };
  while (i < s.length) {
    const head = line();
    assert.equal(head[0], "*", `multibulk expected at ${i}: ${head}`);
    const n = Number(head.slice(1));
    const args: string[] = [];
    for (let k = 0; k < n; k++) {
      const len = Number(line().slice(1));
      args.push(s.slice(i, i + len));
      i += len + 2;
    }
    out.push(args);
  }
  return out;
}

/**
 * Makes the two files comparable: a clock-derived absolute time (within a day of now)
 * becomes "<time>", and the members SPOP drew from the set "drawn" become "<member>".
 */
function normalize(commands: string[][]): string[][] {
  const now = Date.now();
  return commands.map((args) =>
    args.map((a, i) => {
      if (/^\d{13}$/.test(a) && Math.abs(Number(a) - now) < 86_400_000) return "<time>";
      if (i === 2 && args[0] === "SREM" && args[1] === "drawn") return "<member>";
      return a;
    })
  );
}

async function workload(server: TestServer): Promise<void> {
  const c = await RawClient.connect(server.port);
  const other = await RawClient.connect(server.port);
  try {
    await pipeline(c, [
      ["DEBUG", "SET-ACTIVE-EXPIRE", "0"],
      // strings: relative expiries become absolute, GET is dropped, no-ops are not written
      ["SET", "a", "1"],
      ["SET", "b", "x", "EX", "100"],
      ["SET", "b2", "x", "PXAT", FAR_MS],
      ["SETEX", "c", "100", "v"],
      ["PSETEX", "c2", "100000", "v"],
      ["SET", "k", "v", "GET"],
      ["SET", "k", "v2", "get", "KEEPTTL"],
      ["SET", "k", "v3", "NX"],
      ["GETSET", "g", "1"],
      ["GETDEL", "g"],
      ["INCRBYFLOAT", "f", "1.5"],
      ["HINCRBYFLOAT", "h", "f", "2.5"],
      // expiries
      ["EXPIRE", "a", "100"],
      ["PEXPIRE", "a", "100000", "NX"],
      ["EXPIREAT", "a", FAR_S, "GT"],
      ["PEXPIREAT", "a", `${FAR_MS}1`],
      ["EXPIRE", "missing", "10"],
      ["GETEX", "b", "PERSIST"],
      ["GETEX", "b", "EX", "50"],
      ["GETEX", "b", "PXAT", "1"],
      // sets: SPOP as SREM per member, or DEL when it takes everything
      ["SADD", "one", "m1"],
      ["SPOP", "one"],
      ["SADD", "all", "a", "b", "c"],
      ["SPOP", "all", "5"],
      ["SADD", "drawn", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"],
      ["SPOP", "drawn", "2"],
      // lists and sorted sets: the pops they amount to
      ["RPUSH", "l", "a", "b", "c"],
      ["BLPOP", "l", "0"],
      ["LMPOP", "1", "l", "LEFT", "COUNT", "5"],
      ["RPUSH", "l", "x"],
      ["BLMPOP", "0", "1", "l", "RIGHT", "COUNT", "3"],
      ["RPUSH", "l2", "a", "b"],
      ["BLMOVE", "l2", "l3", "left", "right", "0"],
      ["BRPOPLPUSH", "l3", "l2", "0"],
      ["ZADD", "z", "1", "a", "2", "b", "3", "c"],
      ["BZPOPMIN", "z", "0"],
      ["ZMPOP", "1", "z", "MAX", "COUNT", "5"],
      ["ZADD", "z", "1", "a"],
      ["BZMPOP", "0", "1", "z", "MIN"],
      // transactions: MULTI/EXEC only around more than one operation
      ["MULTI"],
      ["SET", "t1", "1"],
      ["INCR", "t1"],
      ["EXEC"],
      ["MULTI"],
      ["SET", "t2", "1"],
      ["GET", "t2"],
      ["EXEC"],
      // databases
      ["SELECT", "3"],
      ["SET", "z3", "1"],
      ["SELECT", "5"],
      ["FLUSHDB"],
      ["SELECT", "0"],
    ]);
    const dump = text(await q(c, "DUMP", "f"));
    await pipeline(c, [
      ["RESTORE", "r", "100000", dump],
      ["RESTORE", "r2", FAR_MS, dump, "ABSTTL"],
      ["SET", "e", "1", "PX", "1"],
      ["SET", "e2", "1", "PX", "1"],
    ]);
    await sleep(20);
    await pipeline(c, [
      // lazy expiry: inside a write, in one transaction with it; alone for a read
      ["SET", "e", "2"],
      ["GET", "e2"],
      ["EXPIRE", "a", "-1"],
    ]);
    // a client served later, by another client's push
    await other.send("BRPOP", "later", "0");
    await sleep(50);
    await pipeline(c, [["RPUSH", "later", "x", "y"]]);
    await other.read();
  } finally {
    c.close();
    other.close();
  }
}

async function propagated(start: (dir: string) => Promise<TestServer>): Promise<string[][]> {
  const dir = tempDir();
  try {
    {
      await using server = await start(dir);
      await workload(server);
    }
    const incr = [...Deno.readDirSync(`${dir}/appendonlydir`)].find((f) =>
      f.name.endsWith(".incr.aof")
    );
    assert.ok(incr !== undefined, "an incremental AOF file");
    return parseCommands(Deno.readFileSync(`${dir}/appendonlydir/${incr.name}`));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

Deno.test("propagation: the AOF holds what redis-server's holds for the same commands", async () => {
  const redis = await propagated((dir) => redisIn(dir, [...AOF, "--enable-debug-command", "yes"]));
  const respire = await propagated((dir) => respireIn(dir, AOF));
  assert.deepEqual(normalize(respire), normalize(redis));
});
