/**
 * What persistence needs from the server it belongs to, and no more: the configuration, the
 * log, the runtime's files, the databases to snapshot and load, the change counters, the
 * propagation to consume (the AOF), and a replay entry point for AOF commands. The server
 * implements it; persistence imports neither the server nor the commands.
 */
import type { Config } from "../config/config.ts";
import type { Logger } from "../log/logger.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { Clock, Database } from "../store/database.ts";

/** An AOF-like receiver of propagated operations (server/propagation.ts). */
export interface PropagationSource {
  addConsumer(consumer: {
    readonly listening: boolean;
    feed(db: number, args: readonly string[]): void;
    unitEndedOutsideCommand(): void;
  }): void;
  refresh(): void;
}

export interface PersistenceHost {
  readonly config: Config;
  readonly log: Logger;
  readonly runtime: Runtime;
  readonly clock: Clock;
  readonly dbs: Database[];
  /** Writes since the last save (rdb_changes_since_last_save). */
  dirty: number;
  /** Unix seconds of the last successful save. */
  lastSave: number;
  readonly lfuEnabled: boolean;
  readonly propagation: PropagationSource;
  /** The lru field for a newly created key. */
  initialLru(): number;
  /** Redis's LRU clock (seconds, 24 bits). */
  lruClock(): number;
  /** A key changed outside any command (DEBUG RELOAD's flush): WATCH must hear of it. */
  keyModified(db: Database, key: string): void;
  /**
   * Runs one command read from an AOF, as Redis's fake AOF client does: no reply, no
   * propagation, a failing command changes nothing. Returns false for an unknown command.
   */
  replayCommand(args: string[]): boolean;
  /**
   * Stops the clock of the server and its databases at the epoch until the returned function
   * is called: while an AOF replays, nothing expires (as in Redis).
   */
  freezeClock(): () => void;
}
