/**
 * Per-connection state: identity, selected database, protocol version, authentication,
 * the reply buffer for the current read batch, and the fields CLIENT LIST reports.
 */
import { ReplyWriter } from "../resp/writer.ts";
import type { Database } from "../store/database.ts";
import type { Server } from "./server.ts";

export type ReplyMode = "on" | "off" | "skip";

export class Client {
  readonly id: number;
  readonly w = new ReplyWriter();
  db: Database;
  name = "";
  authenticated: boolean;
  user = "default";
  readonly createdAt: number;
  lastInteraction: number;
  /** Full name of the last command run, for CLIENT LIST's cmd field. */
  lastCommand = "NULL";
  replyMode: ReplyMode = "on";
  /** Set by QUIT, protocol errors and CLIENT KILL: close once pending replies are written. */
  closeAfterReply = false;
  noEvict = false;
  noTouch = false;
  libName = "";
  libVersion = "";
  /** Bytes waiting in the query buffer, for CLIENT LIST qbuf. */
  queryBuffered = 0;
  /** Set while a command of this client is running, for CLIENT LIST/INFO. */
  closed = false;
  /** Closes the socket; set by the connection that owns this client. */
  kill: () => void = () => {};

  constructor(
    readonly server: Server,
    readonly addr: string,
    readonly laddr: string,
    readonly fd: number,
  ) {
    this.id = server.nextClientId++;
    this.db = server.dbs[0];
    this.authenticated = server.config.get("requirepass") === "";
    this.createdAt = Date.now();
    this.lastInteraction = this.createdAt;
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

  /** Writes an error reply and counts it in INFO errorstats, as Redis's afterErrorReply. */
  error(message: string): void {
    this.w.error(message);
    this.server.stats.countError(message);
  }

  /** CLIENT LIST flags field. */
  flagString(): string {
    let f = "";
    if (this.closeAfterReply) f += "c";
    if (this.noEvict) f += "e";
    if (this.noTouch) f += "T";
    return f === "" ? "N" : f;
  }

  /** One CLIENT LIST / CLIENT INFO line, with Redis 7.0's fields in Redis's order. */
  infoLine(now: number): string {
    const age = Math.floor((now - this.createdAt) / 1000);
    const idle = Math.floor((now - this.lastInteraction) / 1000);
    return `id=${this.id} addr=${this.addr} laddr=${this.laddr} fd=${this.fd} name=${this.name}` +
      ` age=${age} idle=${idle} flags=${this.flagString()} db=${this.dbIndex} sub=0 psub=0` +
      ` ssub=0 multi=-1 qbuf=${this.queryBuffered} qbuf-free=0 argv-mem=0 multi-mem=0` +
      ` rbs=${this.queryBuffered > 16384 ? this.queryBuffered : 16384} rbp=0` +
      ` obl=0 oll=0 omem=0 tot-mem=${22000 + this.queryBuffered} events=r cmd=${this.lastCommand}` +
      ` user=${this.user} redir=-1 resp=${this.resp}` +
      (this.libName || this.libVersion
        ? ` lib-name=${this.libName} lib-ver=${this.libVersion}`
        : "");
  }
}
