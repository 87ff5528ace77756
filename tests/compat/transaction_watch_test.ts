/**
 * WATCH races against redis-server 7.0: a second connection on each server changes watched
 * keys (write, delete, expiry, FLUSHDB/FLUSHALL, SWAPDB, RENAME, MOVE, ...) and EXEC must
 * fail or succeed exactly as in Redis, replying the same bytes in RESP2 and RESP3.
 */
import { compatConnections, type Pair } from "../helpers/compat.ts";

/** Both servers once, per protocol; `open` connects one more pair. */
function withConnections(body: (open: () => Promise<Pair>) => Promise<void>): Promise<void> {
  return compatConnections(body, { respireConfig: { "enable-debug-command": "yes" } });
}

/** WATCH key on `a`, let `change` run, then a transaction on `a`; EXEC's reply is compared. */
async function race(a: Pair, key: string, change: () => Promise<unknown>): Promise<void> {
  await a.same("WATCH", key);
  await change();
  await a.same("MULTI");
  await a.same("INCR", "transactions");
  await a.same("EXEC");
}

Deno.test("compat: WATCH is invalidated by another client's writes", () =>
  withConnections(async (open) => {
    const a = await open();
    const b = await open();
    await a.same("SET", "k", "1");
    // nothing changed: EXEC runs
    await race(a, "k", () => b.same("GET", "k"));
    // a write to the key
    await race(a, "k", () => b.same("SET", "k", "2"));
    // a write that leaves the same value still counts
    await race(a, "k", () => b.same("SET", "k", "2"));
    // deletion, and creation of a watched missing key
    await race(a, "k", () => b.same("DEL", "k"));
    await race(a, "k", () => b.same("SET", "k", "3"));
    // deleting a missing key changes nothing
    await race(a, "gone", () => b.same("DEL", "gone"));
    // other keys and the same key in another database do not matter
    await race(a, "k", async () => {
      await b.same("SET", "other", "1");
      await b.same("SELECT", "1");
      await b.same("SET", "k", "elsewhere");
      await b.same("SELECT", "0");
    });
    // commands of every type
    await race(a, "h", () => b.same("HSET", "h", "f", "v"));
    await race(a, "z", () => b.same("ZADD", "z", "1", "m"));
    await race(a, "k", () => b.same("APPEND", "k", "x"));
    await race(a, "k", () => b.same("EXPIRE", "k", "100"));
    await race(a, "k", () => b.same("PERSIST", "k"));
    // a failed write is no change
    await race(a, "h", () => b.same("INCR", "h"));
    // the watching client's own writes count too
    await race(a, "k", () => a.same("SET", "k", "mine"));
  }));

Deno.test("compat: WATCH and keyspace-wide changes (FLUSHDB, FLUSHALL, SWAPDB, RENAME, MOVE, COPY)", () =>
  withConnections(async (open) => {
    const a = await open();
    const b = await open();
    await a.same("SET", "k", "1");
    await race(a, "k", () => b.same("FLUSHDB"));
    // flushing a database where the watched key does not exist changes nothing
    await race(a, "missing", () => b.same("FLUSHALL"));
    await a.same("SET", "k", "1");
    await race(a, "k", () => b.same("FLUSHALL"));
    // SWAPDB: the key appears in the watched database
    await b.same("SELECT", "1");
    await b.same("SET", "swapped", "1");
    await race(a, "swapped", () => b.same("SWAPDB", "0", "1"));
    await b.same("SELECT", "0");
    // RENAME into the watched key, and away from it
    await b.same("SET", "src", "1");
    await race(a, "dst", () => b.same("RENAME", "src", "dst"));
    await race(a, "dst", () => b.same("RENAME", "dst", "src"));
    // MOVE away, COPY onto
    await race(a, "src", () => b.same("MOVE", "src", "2"));
    await b.same("SET", "c1", "v");
    await race(a, "c2", () => b.same("COPY", "c1", "c2"));
    await race(a, "c2", () => b.same("COPY", "c1", "c2", "REPLACE"));
  }));

Deno.test("compat: WATCH and expiry", () =>
  withConnections(async (open) => {
    const a = await open();
    const b = await open();
    // the key expires after WATCH, nobody touches it: EXEC fails all the same
    await a.same("SET", "k", "v", "PX", "50");
    await a.same("WATCH", "k");
    await new Promise((r) => setTimeout(r, 120));
    await a.same("MULTI");
    await a.same("EXEC");
    // expires and is deleted by a lookup of another client
    await a.same("SET", "k", "v", "PX", "50");
    await a.same("WATCH", "k");
    await new Promise((r) => setTimeout(r, 120));
    await b.same("EXISTS", "k");
    await a.same("MULTI");
    await a.same("EXEC");
    // with active expiry off, a key already expired at WATCH time is no change when deleted
    await a.same("DEBUG", "SET-ACTIVE-EXPIRE", "0");
    await a.same("SET", "k", "v", "PX", "20");
    await new Promise((r) => setTimeout(r, 60));
    await a.same("WATCH", "k");
    await b.same("EXISTS", "k");
    await a.same("MULTI");
    await a.same("EXEC");
    // but setting it again is
    await a.same("SET", "k", "v", "PX", "20");
    await new Promise((r) => setTimeout(r, 60));
    await a.same("WATCH", "k");
    await b.same("SET", "k", "new");
    await a.same("MULTI");
    await a.same("EXEC");
    await a.same("DEBUG", "SET-ACTIVE-EXPIRE", "1");
  }));

Deno.test("compat: UNWATCH, DISCARD and EXEC forget the watched keys", () =>
  withConnections(async (open) => {
    const a = await open();
    const b = await open();
    await a.same("WATCH", "k", "j");
    await a.same("UNWATCH");
    await b.same("SET", "k", "1");
    await a.same("MULTI");
    await a.same("EXEC");
    // UNWATCH also clears a transaction already failed by a change
    await a.same("WATCH", "k");
    await b.same("SET", "k", "2");
    await a.same("UNWATCH");
    await a.same("MULTI");
    await a.same("EXEC");
    await a.same("WATCH", "k");
    await a.same("MULTI");
    await a.same("DISCARD");
    await b.same("SET", "k", "3");
    await a.same("MULTI");
    await a.same("EXEC");
    await a.same("WATCH", "k");
    await a.same("MULTI");
    await a.same("EXEC");
    await b.same("SET", "k", "4");
    await a.same("MULTI");
    await a.same("EXEC");
    // a failed transaction with queuing errors reports EXECABORT, not the WATCH failure
    await a.same("WATCH", "k");
    await b.same("SET", "k", "5");
    await a.same("MULTI");
    await a.same("NOSUCH");
    await a.same("EXEC");
    // many keys, several watchers
    const c = await open();
    await a.same("WATCH", "x", "y", "z");
    await c.same("WATCH", "z");
    await b.same("SET", "z", "1");
    await a.same("MULTI");
    await a.same("EXEC");
    await c.same("MULTI");
    await c.same("EXEC");
  }));

Deno.test("compat: WATCH and a blocking pop served by another client's push", () =>
  withConnections(async (open) => {
    const a = await open();
    const pusher = await open();
    const popper = await open();
    // the waiting client pops what the pusher added: the watched list changed (and is gone)
    await a.same("WATCH", "jobs");
    await Promise.all([
      popper.redis.send("BLPOP", "jobs", "5"),
      popper.respire.send("BLPOP", "jobs", "5"),
    ]);
    await new Promise((r) => setTimeout(r, 50));
    await pusher.same("RPUSH", "jobs", "job1");
    const [x, y] = await Promise.all([popper.redis.read(), popper.respire.read()]);
    if (x.raw !== y.raw) throw new Error(`BLPOP replies differ: ${x.raw} / ${y.raw}`);
    await a.same("EXISTS", "jobs");
    await a.same("MULTI");
    await a.same("EXEC");
    // watching the list the waiter pops from, with the push made before WATCH
    await pusher.same("RPUSH", "queue", "x", "y");
    await a.same("WATCH", "queue");
    await popper.same("BLPOP", "queue", "1");
    await a.same("MULTI");
    await a.same("LLEN", "queue");
    await a.same("EXEC");
  }));
