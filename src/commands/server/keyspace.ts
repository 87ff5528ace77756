/**
 * Whole-keyspace commands: DBSIZE, FLUSHDB and FLUSHALL.
 */
import type { Client } from "../../engine/client.ts";
import type { Engine } from "../../engine/engine.ts";
import type { Database } from "../../store/database.ts";
import { isOption } from "../args.ts";
import { CommandError, ERR_SYNTAX } from "../errors.ts";
import { type ArgSpec, command } from "../registry.ts";

/**
 * Validates the optional ASYNC|SYNC modifier. Both modes free memory the same way here (the
 * garbage collector reclaims the old maps), so only the syntax matters.
 */
function checkFlushMode(args: string[]): void {
  if (args.length === 1) return;
  if (args.length === 2) {
    if (isOption(args[1], "ASYNC") || isOption(args[1], "SYNC")) return;
  }
  throw new CommandError(ERR_SYNTAX);
}

/**
 * Empties one database, telling the keyspace observer about every key first so WATCH and
 * client tracking see the deletion like any other write. Returns the number of keys removed.
 */
export function emptyDatabase(engine: Engine, db: Database): number {
  const removed = db.size;
  if (removed === 0) return 0;
  for (const key of db.data.keys()) engine.keyModified(db, key);
  db.clear();
  return removed;
}

/**
 * Empties every database with FLUSHALL's accounting: the removed keys count as changes, a
 * running background save is abandoned, and when save points are configured a fresh (empty)
 * snapshot is written right away, which resets the change counter and the last-save time.
 */
export function flushAll(engine: Engine): void {
  // abandoned first, so the save does not copy every key the flush is about to delete
  engine.persistence.abortBgsave();
  let removed = 0;
  for (const db of engine.dbs) removed += emptyDatabase(engine, db);
  engine.dirty += removed;
  // tracking clients drop every cached key, even when nothing was stored
  engine.tracking.flushed();
  engine.persistence.afterFlushAll();
}

const FLUSH_ARGS: ArgSpec[] = [{
  name: "async",
  type: "oneof",
  flags: ["optional"],
  args: [
    { name: "async", type: "pure-token", token: "ASYNC", since: "4.0.0" },
    { name: "sync", type: "pure-token", token: "SYNC", since: "6.2.0" },
  ],
}];

const FLUSH_HISTORY: [string, string][] = [
  ["4.0.0", "ASYNC modifier."],
  ["6.2.0", "SYNC modifier."],
];

export class KeyspaceCommands {
  @command({
    name: "dbsize",
    arity: 1,
    flags: ["readonly", "fast"],
    acl: ["keyspace"],
    tips: ["request_policy:all_shards", "response_policy:agg_sum"],
    group: "server",
    since: "1.0.0",
    summary: "Counts the keys of the selected database.",
    complexity: "O(1)",
  })
  static dbsize(c: Client, _args: string[]): void {
    // like Redis, keys whose TTL passed but that nobody reclaimed yet still count
    c.w.int(c.db.size);
  }

  @command({
    name: "flushdb",
    arity: -1,
    flags: ["write"],
    acl: ["keyspace", "dangerous"],
    tips: ["request_policy:all_shards", "response_policy:all_succeeded"],
    group: "server",
    since: "1.0.0",
    summary: "Deletes every key of the selected database.",
    complexity: "O(N) where N is the number of keys in the selected database",
    history: FLUSH_HISTORY,
    args: FLUSH_ARGS,
  })
  static flushdb(c: Client, args: string[]): void {
    checkFlushMode(args);
    c.engine.dirty += emptyDatabase(c.engine, c.db);
    // tracking clients drop every cached key, even when nothing was stored
    c.engine.tracking.flushed();
    // propagated even when the database was empty already, as Redis does
    c.engine.propagation.force();
    c.w.ok();
  }

  @command({
    name: "flushall",
    arity: -1,
    flags: ["write"],
    acl: ["keyspace", "dangerous"],
    tips: ["request_policy:all_shards", "response_policy:all_succeeded"],
    group: "server",
    since: "1.0.0",
    summary: "Deletes every key of every database.",
    complexity: "O(N) where N is the total number of keys in all databases",
    history: FLUSH_HISTORY,
    args: FLUSH_ARGS,
  })
  static flushall(c: Client, args: string[]): void {
    checkFlushMode(args);
    flushAll(c.engine);
    c.engine.propagation.force();
    c.w.ok();
  }
}
