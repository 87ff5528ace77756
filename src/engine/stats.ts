import type { Command } from "../commands/registry.ts";

/** One command's counters (INFO commandstats). */
export interface CommandStats {
  calls: number;
  usec: number;
  rejected: number;
  failed: number;
}

/**
 * Per-command counters of one server, indexed by Command.id: two servers in one process
 * count separately.
 */
export class CommandStatsTable {
  private readonly byId: CommandStats[] = [];

  /** The counters of cmd, created on first use. */
  of(cmd: Command): CommandStats {
    let s = this.byId[cmd.id];
    if (s === undefined) {
      s = { calls: 0, usec: 0, rejected: 0, failed: 0 };
      this.byId[cmd.id] = s;
    }
    return s;
  }

  /** The counters of cmd if it was ever counted, for reporting. */
  peek(cmd: Command): CommandStats | undefined {
    return this.byId[cmd.id];
  }

  reset(): void {
    this.byId.length = 0;
  }
}

/** Server-wide counters for INFO stats / errorstats. */
export class Stats {
  connectionsReceived = 0;
  rejectedConnections = 0;
  commandsProcessed = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  /** Socket reads and writes (INFO total_reads_processed / total_writes_processed). */
  readsProcessed = 0;
  writesProcessed = 0;
  expiredKeys = 0;
  evictedKeys = 0;
  keyspaceHits = 0;
  keyspaceMisses = 0;
  totalErrorReplies = 0;
  errors = new Map<string, number>();
  /** Per-command counters (INFO commandstats). */
  readonly commands = new CommandStatsTable();

  /** Counts an error reply under its code, the first word of the message ("ERR", ...). */
  countError(message: string): void {
    this.totalErrorReplies++;
    const space = message.indexOf(" ");
    const code = space < 0 ? message : message.slice(0, space);
    // Redis caps distinct error codes at 128; beyond that it stops tracking new ones
    if (!this.errors.has(code) && this.errors.size >= 128) return;
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  reset(): void {
    this.connectionsReceived = 0;
    this.rejectedConnections = 0;
    this.commandsProcessed = 0;
    this.netInputBytes = 0;
    this.netOutputBytes = 0;
    this.readsProcessed = 0;
    this.writesProcessed = 0;
    this.expiredKeys = 0;
    this.evictedKeys = 0;
    this.keyspaceHits = 0;
    this.keyspaceMisses = 0;
    this.totalErrorReplies = 0;
    this.errors.clear();
    this.commands.reset();
  }
}
