/**
 * The typed fields of the configuration, Redis's standardConfig pattern: a parameter's table
 * entry names the field it writes (`field: "hz"`), and the table keeps the field current:
 * the Config constructor writes the default, and every successful set (startup, CONFIG SET,
 * and the rollback of a CONFIG SET that failed) writes the new value. Hot paths read these
 * fields instead of re-parsing the stored strings with `config.get/int/bool`.
 *
 * Types by parameter type: int and memory are numbers (a memory "N%" reads as -N, octal ints
 * as their value), bool is a boolean, enum is the lower-case value, string and special are
 * the stored form as a byte string (one char per byte, see lib/bytes.ts). File names are
 * bytes too: open them through `configPath` (config/words.ts).
 *
 * Adding a field: declare it here, then add `field: "name"` to the parameter's table entry
 * (the table helpers only accept a field of the matching type).
 */
export class ConfigFields {
  // network
  bind!: string;
  port!: number;
  unixsocket!: string;
  unixsocketperm!: number;
  timeout!: number;
  tcpKeepalive!: number;
  maxclients!: number;
  // general
  daemonize!: boolean;
  /** Expirations are propagated (and freed) as UNLINK. */
  lazyfreeLazyExpire!: boolean;
  /** DEL-like user commands (GETDEL) are propagated as UNLINK. */
  lazyfreeLazyUserDel!: boolean;
  pidfile!: string;
  loglevel!: string;
  logfile!: string;
  databases!: number;
  enableProtectedConfigs!: string;
  enableDebugCommand!: string;
  // snapshotting
  save!: string;
  stopWritesOnBgsaveError!: boolean;
  rdbcompression!: boolean;
  rdbchecksum!: boolean;
  dbfilename!: string;
  // replication
  replBacklogSize!: number;
  // keys tracking
  trackingTableMaxKeys!: number;
  // security
  requirepass!: string;
  // clients and memory
  maxmemory!: number;
  maxmemoryPolicy!: string;
  lfuLogFactor!: number;
  lfuDecayTime!: number;
  // append only mode
  appendonly!: boolean;
  appendfilename!: string;
  appenddirname!: string;
  appendfsync!: string;
  autoAofRewritePercentage!: number;
  autoAofRewriteMinSize!: number;
  aofLoadTruncated!: boolean;
  aofUseRdbPreamble!: boolean;
  // shutdown
  shutdownOnSigint!: string;
  shutdownOnSigterm!: string;
  // slow log, latency
  slowlogLogSlowerThan!: number;
  slowlogMaxLen!: number;
  latencyMonitorThreshold!: number;
  latencyTracking!: boolean;
  // event notification
  notifyKeyspaceEvents!: string;
  // data types
  hashMaxListpackEntries!: number;
  hashMaxListpackValue!: number;
  listMaxListpackSize!: number;
  listCompressDepth!: number;
  setMaxIntsetEntries!: number;
  zsetMaxListpackEntries!: number;
  zsetMaxListpackValue!: number;
  // advanced
  clientOutputBufferLimit!: string;
  clientQueryBufferLimit!: number;
  protoMaxBulkLen!: number;
  hz!: number;
  dynamicHz!: boolean;
  activeExpireEffort!: number;
}

/** The names of the fields whose type is T. */
export type FieldOf<T> = {
  [K in keyof ConfigFields]: ConfigFields[K] extends T ? K : never;
}[keyof ConfigFields];
