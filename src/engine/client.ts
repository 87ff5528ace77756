/**
 * Per-connection state: identity, selected database, protocol version, authentication,
 * the reply buffer for the current read batch, and the fields CLIENT LIST reports.
 *
 * State owned by other features (Pub/Sub subscriptions, MULTI, blocking, MONITOR) lives here
 * as plain fields so CLIENT LIST/INFO/KILL can report and filter on it; those features keep
 * the fields current, and Server.resetClient clears their part on RESET.
 */
import { ReplyWriter } from "../resp/writer.ts";
import type { Database } from "../store/database.ts";
import type { MultiState } from "./multi.ts";
import type { Engine } from "./engine.ts";
import type { ClientTracking } from "./tracking.ts";
import { configPath } from "../config/words.ts";

/**
 * The connection's output queue as the engine sees it (the network server's ClientOutput):
 * pushes produced by other clients are queued there, behind what was queued before.
 */
export interface ClientSink {
  enqueue(bytes: Uint8Array): void;
  /** Bytes queued and not yet written (INFO, CLIENT LIST omem). */
  readonly pending: number;
}

/** Client classes as CLIENT LIST TYPE / CLIENT KILL TYPE name them. */
export type ClientType = "normal" | "master" | "replica" | "pubsub";

export class Client {
  readonly id: number;
  readonly w = new ReplyWriter();
  db: Database;
  /** CLIENT SETNAME / HELLO SETNAME; "" when unnamed. */
  name = "";
  /** Authenticated at connect (no password then) or by AUTH / HELLO AUTH; RESET undoes. */
  authenticated: boolean;
  user = "default";
  /** Unix ms; CLIENT LIST's age and idle count whole seconds of the server clock. */
  readonly createdAt: number;
  lastInteraction: number;
  /** Full name of the last command looked up ("NULL" for an unknown one), CLIENT LIST cmd. */
  lastCommand = "NULL";
  /**
   * CLIENT REPLY state, as Redis's three flags: OFF drops every reply until ON; SKIP drops the
   * replies of the command being run; skipNext becomes SKIP when the next command starts.
   */
  replyOff = false;
  replySkip = false;
  replySkipNext = false;
  /** Set by QUIT, protocol errors and CLIENT KILL: close once pending replies are written. */
  closeAfterReply = false;
  noEvict = false;
  /** CLIENT NO-TOUCH (Redis 7.2): key lookups leave LRU/LFU data alone (flag T). */
  noTouch = false;
  /** CLIENT SETINFO LIB-NAME / LIB-VER (Redis 7.2); "" when not set. */
  libName = "";
  libVersion = "";
  /** Bytes waiting in the query buffer, for CLIENT LIST qbuf. */
  queryBuffered = 0;
  /** Connected over the unix socket (flag U). */
  readonly unixSocket: boolean;
  /** True once the connection is gone. */
  closed = false;

  // Kept by the Pub/Sub commands: the client's subscriptions (CLIENT LIST sub/psub/ssub).
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  readonly shardChannels = new Set<string>();
  /** Kept by MULTI/EXEC: queued commands while in MULTI, -1 outside (CLIENT LIST multi). */
  multiQueued = -1;
  /** Kept by WATCH: a watched key changed, EXEC will fail (flag d). */
  dirtyCas = false;
  /** Kept by the blocking commands: waiting in BLPOP & co (flag b). */
  blocked = false;
  /** Kept by MONITOR (flag O). */
  monitor = false;
  /** Kept by MULTI/EXEC: the open transaction (multi.ts), null outside MULTI. */
  multi: MultiState | null = null;
  /**
   * A command whose replies are dropped (CLIENT REPLY OFF/SKIP) is running: pushes reaching
   * this client meanwhile are held in `heldPushes` (output.ts).
   */
  silenced = false;
  heldPushes: Uint8Array[] | null = null;
  /** The socket's output queue (output.ts); messages from other clients go through it. */
  output: ClientSink | null = null;
  /** Kept by CLIENT TRACKING (tracking.ts): the options while tracking is on, else null. */
  tracking: ClientTracking | null = null;

  /** Closes the socket; set by the connection that owns this client. */
  kill: () => void = () => {};

  /** Peer address as CLIENT LIST shows it; a unix socket peer is shown as the socket's path. */
  readonly addr: string;

  constructor(
    readonly engine: Engine,
    addr: string,
    readonly laddr: string,
    readonly fd: number,
  ) {
    this.id = engine.nextClientId++;
    this.db = engine.dbs[0];
    this.authenticated = engine.config.requirepass === "";
    this.createdAt = Date.now();
    this.lastInteraction = this.createdAt;
    const unixsocket = engine.config.unixsocket;
    this.unixSocket = unixsocket !== "" && laddr === `${configPath(unixsocket)}:0`;
    this.addr = this.unixSocket ? laddr : addr;
  }

  get resp(): 2 | 3 {
    return this.w.resp;
  }

  set resp(v: 2 | 3) {
    this.w.resp = v;
  }

  get dbIndex(): number {
    return this.db.id;
  }

  /**
   * Commands without no_auth are refused. Like Redis's authRequired: a connection that never
   * authenticated is let through while requirepass is empty (CONFIG SET can clear it later).
   */
  get authRequired(): boolean {
    return !this.authenticated && this.engine.config.requirepass !== "";
  }

  /** In Pub/Sub mode: subscribed to at least one channel, pattern or shard channel. */
  get pubsub(): boolean {
    return this.channels.size + this.patterns.size + this.shardChannels.size > 0;
  }

  get type(): ClientType {
    return this.pubsub ? "pubsub" : "normal";
  }

  /** Error replies this client received; a command failed if it grew while the command ran
   * (a per-client count, so errors of other clients during a blocking wait do not count). */
  errorReplies = 0;

  /** Writes an error reply and counts it in INFO errorstats, as Redis's afterErrorReply. */
  error(message: string): void {
    this.w.error(message);
    this.errorReplies++;
    this.engine.stats.countError(message);
  }

  /** CLIENT LIST flags field, letters in Redis's order. */
  flagString(): string {
    let f = "";
    if (this.monitor) f += "O";
    if (this.pubsub) f += "P";
    if (this.multiQueued >= 0) f += "x";
    if (this.blocked) f += "b";
    const tracking = this.tracking;
    if (tracking !== null) {
      f += "t";
      if (tracking.brokenRedirect) f += "R";
      if (tracking.bcast) f += "B";
    }
    if (this.dirtyCas) f += "d";
    if (this.closeAfterReply) f += "c";
    if (this.unixSocket) f += "U";
    if (this.noEvict) f += "e";
    if (this.noTouch) f += "T";
    return f === "" ? "N" : f;
  }

  /**
   * One CLIENT LIST / CLIENT INFO line (without the newline), with Redis 7.0's fields in
   * Redis's order. `runningArgs` is given for the client whose command is producing the line:
   * its buffers are in use, an idle client's are shrunk. The memory figures imitate Redis's
   * magnitudes; they do not measure anything.
   */
  infoLine(nowMs: number, runningArgs?: string[]): string {
    const now = Math.floor(nowMs / 1000);
    const age = now - Math.floor(this.createdAt / 1000);
    const idle = now - Math.floor(this.lastInteraction / 1000);
    const qbuf = this.queryBuffered;
    let buffers: string;
    if (runningArgs !== undefined) {
      let argvMem = 0;
      for (const a of runningArgs) argvMem += a.length;
      buffers = `qbuf=${qbuf} qbuf-free=${Math.max(0, 20474 - qbuf)} argv-mem=${argvMem}` +
        ` multi-mem=0 rbs=16384 rbp=16384 obl=${this.w.pos} oll=0 omem=0` +
        ` tot-mem=${37658 + qbuf + argvMem}`;
    } else {
      buffers = `qbuf=${qbuf} qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0` +
        ` omem=0 tot-mem=${1800 + qbuf}`;
    }
    let line = `id=${this.id} addr=${this.addr} laddr=${this.laddr} fd=${this.fd}` +
      ` name=${this.name} age=${age} idle=${idle} flags=${this.flagString()}` +
      ` db=${this.dbIndex} sub=${this.channels.size} psub=${this.patterns.size}` +
      ` ssub=${this.shardChannels.size} multi=${this.multiQueued} ${buffers}` +
      ` events=r cmd=${this.lastCommand} user=${this.user} redir=${
        this.tracking?.redirect ?? -1
      } resp=${this.resp}`;
    // Redis 7.2 fields; only shown once a client library has announced itself (SETINFO)
    if (this.libName !== "" || this.libVersion !== "") {
      line += ` lib-name=${this.libName} lib-ver=${this.libVersion}`;
    }
    return line;
  }
}
