/**
 * MULTI / EXEC / DISCARD / WATCH / UNWATCH against redis-server 7.0, byte for byte, in RESP2
 * and RESP3: queuing, errors while queuing (EXECABORT), runtime errors inside EXEC, the
 * commands that cannot be queued, and how a transaction leaves the connection.
 */
import { compat } from "../helpers/compat.ts";

Deno.test("compat: MULTI/EXEC/DISCARD basics and their errors", () =>
  compat(async (t) => {
    await t.same("EXEC");
    await t.same("DISCARD");
    await t.same("UNWATCH");
    await t.same("MULTI");
    await t.same("MULTI");
    await t.same("SET", "a", "1");
    await t.same("INCR", "a");
    await t.same("GET", "a");
    await t.same("EXEC");
    await t.same("GET", "a");
    // an empty transaction
    await t.same("MULTI");
    await t.same("EXEC");
    // DISCARD drops the queue
    await t.same("MULTI");
    await t.same("SET", "a", "discarded");
    await t.same("DISCARD");
    await t.same("GET", "a");
    await t.same("EXEC");
    // WATCH is refused inside MULTI, without failing the transaction
    await t.same("MULTI");
    await t.same("WATCH", "a");
    await t.same("UNWATCH");
    await t.same("PING");
    await t.same("ECHO", "x");
    await t.same("EXEC");
  }));

Deno.test("compat: errors while queuing abort the transaction (EXECABORT)", () =>
  compat(async (t) => {
    await t.same("SET", "k", "before");
    // unknown command
    await t.same("MULTI");
    await t.same("SET", "k", "1");
    await t.same("NOSUCHCOMMAND", "x", "y");
    await t.same("EXEC");
    await t.same("GET", "k");
    // wrong arity
    await t.same("MULTI");
    await t.same("SET", "k");
    await t.same("SET", "k", "2");
    await t.same("EXEC");
    await t.same("GET", "k");
    // unknown subcommand
    await t.same("MULTI");
    await t.same("CONFIG", "NOSUCH");
    await t.same("EXEC");
    // a command that can never run inside MULTI
    await t.same("MULTI");
    await t.same("SHUTDOWN");
    await t.same("EXEC");
    // nested MULTI is an error but does not abort
    await t.same("MULTI");
    await t.same("MULTI");
    await t.same("SET", "k", "3");
    await t.same("EXEC");
    await t.same("GET", "k");
    // EXEC itself refused: the transaction ends with EXECABORT and the reason
    await t.same("MULTI");
    await t.same("SET", "k", "4");
    await t.same("EXEC", "extra");
    await t.same("EXEC");
    await t.same("GET", "k");
    await t.same("EXEC", "extra");
    await t.same("DISCARD", "extra");
    await t.same("MULTI", "extra");
  }));

Deno.test("compat: runtime errors inside EXEC are replied in place and the rest runs", () =>
  compat(async (t) => {
    await t.same("SET", "s", "text");
    await t.same("HSET", "h", "f", "v");
    await t.same("MULTI");
    await t.same("INCR", "s");
    await t.same("SET", "n", "10");
    await t.same("HGET", "s", "f");
    await t.same("INCRBY", "n", "5");
    await t.same("GET", "h");
    await t.same("SET", "x", "1", "EX", "-5");
    await t.same("GET", "n");
    await t.same("EXEC");
    await t.same("GET", "n");
    // replies of every shape inside EXEC, in both protocols
    await t.same("MULTI");
    await t.same("HGETALL", "h");
    await t.same("GET", "missing");
    await t.same("INCRBYFLOAT", "f", "1.5");
    await t.same("ZADD", "z", "1.5", "m");
    await t.same("ZSCORE", "z", "m");
    await t.same("CONFIG", "GET", "maxmemory");
    await t.same("EXEC");
  }));

Deno.test("compat: MONITOR and SUBSCRIBE queued inside MULTI", () =>
  compat(async (t) => {
    await t.same("MULTI");
    await t.same("MONITOR");
    await t.same("SET", "k", "v");
    await t.same("EXEC");
    await t.same("MULTI");
    await t.same("SUBSCRIBE", "ch");
    await t.same("EXEC");
    // the transaction left the connection subscribed
    await t.same("PING");
    await t.same("MULTI");
    await t.same("UNSUBSCRIBE");
    await t.same("PING");
  }));

Deno.test("compat: RESET leaves MULTI and forgets WATCHed keys", () =>
  compat(async (t) => {
    await t.same("WATCH", "k");
    await t.same("SET", "k", "1");
    await t.same("MULTI");
    await t.same("SET", "k", "2");
    await t.same("RESET");
    await t.same("EXEC");
    await t.same("GET", "k");
    await t.same("MULTI");
    await t.same("EXEC");
  }));

Deno.test("compat: blocking commands inside MULTI answer at once instead of waiting", () =>
  compat(async (t) => {
    await t.same("MULTI");
    await t.same("BLPOP", "nolist", "0");
    await t.same("BRPOP", "nolist", "other", "1");
    await t.same("BZPOPMIN", "nozset", "0");
    await t.same("RPUSH", "list", "a", "b");
    await t.same("BLPOP", "list", "0");
    await t.same("EXEC");
    await t.same("LRANGE", "list", "0", "-1");
  }));
