/**
 * The network server: listeners (TCP on bind/port, the Unix socket), one connection task per
 * client, and the timer that drives its engine (src/engine/engine.ts), which holds the data
 * and runs the commands. `startServer` (src/embed.ts) is the embedding API; main.ts uses it.
 */
import { ConfigError } from "../config/config.ts";
import { Engine, type EngineOptions, type NetworkControl } from "../engine/engine.ts";
import { formatAddr, serveConnection } from "./connection.ts";
import { OutputLimits } from "./output.ts";
import type { Conn, Listener, NetAddr } from "../runtime/runtime.ts";
import { inDir } from "../config/dir.ts";
import { configPath } from "../config/words.ts";
import { logEnabled } from "../log/logger.ts";

export interface ServerOptions extends EngineOptions {
  /** Called when SHUTDOWN has closed everything (main.ts exits the process here). */
  onShutdown?: () => void;
}

export class Server implements NetworkControl {
  /** The data and command execution this server serves. */
  readonly engine: Engine;
  /** client-output-buffer-limit, for every connection's output queue. */
  private readonly outputLimits: OutputLimits;
  private listeners: Listener[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  /** The bind addresses and port the TCP listeners were opened for. */
  private tcpSpec = "";
  /** The host each TCP listener was asked for (bind's spelling), to reuse it on a rebind. */
  private readonly listenerHosts = new WeakMap<Listener, string>();
  /** Listeners closed by a rebind; their accept loops end quietly. */
  private readonly retired = new WeakSet<Listener>();
  private nextFd = 8;
  private closing: Promise<void> | null = null;
  private readonly connections = new Set<Promise<void>>();
  readonly onShutdown: () => void;
  /** The Unix socket's path as opened (unixsocket, relative ones in dir), "" for none. */
  private unixsocketPath = "";
  /** Addresses actually bound, for the startup log and tests. */
  boundAddrs: string[] = [];
  port = 0;

  constructor(options: ServerOptions) {
    this.engine = new Engine(options);
    this.outputLimits = new OutputLimits(this.engine.config);
    this.onShutdown = options.onShutdown ?? (() => {});
    this.engine.network = this;
  }

  private get config() {
    return this.engine.config;
  }

  private get runtime() {
    return this.engine.runtime;
  }

  private get log() {
    return this.engine.log;
  }

  /**
   * Opens the TCP listeners that bind and port ask for: all of them or none (an address
   * starting with "-" may fail alone). Port 0 picks a free port. Listeners in `keep` that
   * already serve a wanted address are reused, since a socket just closed cannot be bound
   * again until the event loop has turned.
   */
  private bindTcp(
    port: number,
    keep: Listener[] = [],
  ): { listeners: Listener[]; opened: Listener[]; port: number } {
    const binds = this.config.bind.split(/\s+/).filter((b) => b !== "");
    const listeners: Listener[] = [];
    const opened: Listener[] = [];
    let chosen = port;
    try {
      for (const raw of binds) {
        const optional = raw.startsWith("-");
        const host = (optional ? raw.slice(1) : raw).replace(/^\*$/, "0.0.0.0");
        const reuse = keep.find((l) =>
          this.listenerHosts.get(l) === host && (l.addr as NetAddr).port === chosen
        );
        if (reuse !== undefined) {
          listeners.push(reuse);
          continue;
        }
        try {
          const l = this.runtime.net.listen({ hostname: host, port: chosen, transport: "tcp" });
          chosen = (l.addr as NetAddr).port;
          this.listenerHosts.set(l, host);
          listeners.push(l);
          opened.push(l);
        } catch (e) {
          if (!optional) throw e;
        }
      }
    } catch (e) {
      for (const l of opened) l.close();
      throw e;
    }
    return { listeners, opened, port: chosen };
  }

  /**
   * CONFIG SET bind/port: moves the TCP listeners, keeping connected clients. Throws
   * ConfigError (and keeps the old listeners) when the new addresses cannot all be bound.
   */
  private rebind(error: string): void {
    if (this.timer === undefined || this.closing) return;
    const port = this.config.port || this.port;
    const spec = `${this.config.bind}|${port}`;
    if (spec === this.tcpSpec) return;
    const old = this.listeners.filter((l) => l.addr.transport === "tcp");
    let fresh;
    try {
      fresh = this.bindTcp(port, old);
    } catch (e) {
      this.log.warning(`Failed to bind: ${(e as Error).message}`);
      throw new ConfigError(error);
    }
    this.tcpSpec = spec;
    const oldAddrs = new Set(old.map((l) => formatAddr(l.addr)));
    for (const l of old) {
      if (fresh.listeners.includes(l)) continue;
      this.retired.add(l);
      l.close();
    }
    this.listeners = [
      ...fresh.listeners,
      ...this.listeners.filter((l) => l.addr.transport !== "tcp"),
    ];
    this.boundAddrs = [
      ...fresh.listeners.map((l) => formatAddr(l.addr)),
      ...this.boundAddrs.filter((a) => !oldAddrs.has(a)),
    ];
    this.port = fresh.port;
    for (const l of fresh.opened) this.acceptLoop(l);
  }

  async listen(): Promise<void> {
    const port = this.config.port;
    const tcp = this.bindTcp(port);
    this.listeners.push(...tcp.listeners);
    this.boundAddrs.push(...tcp.listeners.map((l) => formatAddr(l.addr)));
    if (port !== 0 || tcp.listeners.length > 0) this.port = tcp.port;
    this.tcpSpec = `${this.config.bind}|${this.port}`;
    const unixsocket = configPath(this.config.unixsocket);
    if (unixsocket !== "") {
      this.unixsocketPath = inDir(this.config.dirPath, unixsocket);
      try {
        await this.runtime.fs.remove(this.unixsocketPath);
      } catch { /* not there */ }
      const l = this.runtime.net.listen({ transport: "unix", path: this.unixsocketPath });
      const perm = this.config.unixsocketperm;
      if (perm > 0) await this.runtime.fs.chmod(this.unixsocketPath, perm);
      this.listeners.push(l);
      this.boundAddrs.push(unixsocket);
    }
    for (const l of this.listeners) this.acceptLoop(l);
    this.startTimer();
    this.config.onChange("bind", () => this.rebind("Failed to bind to specified addresses."));
    this.config.onChange(
      "port",
      () => this.rebind("Unable to listen on this port. Check server logs."),
    );
    // CONFIG SET hz takes effect on the next tick
    this.config.onChange("hz", () => {
      if (this.timer !== undefined && !this.closing) this.startTimer();
    });
  }

  private startTimer(): void {
    clearInterval(this.timer);
    const hz = Math.max(1, Math.min(500, this.config.hz));
    this.timer = setInterval(() => this.engine.cron(), Math.floor(1000 / hz));
  }

  private async acceptLoop(listener: Listener): Promise<void> {
    try {
      for await (const conn of listener) {
        if (this.closing) {
          conn.close();
          continue;
        }
        // one level check per connection (verbose); Redis logs it before the maxclients check
        if (logEnabled("verbose")) this.logAccepted(conn);
        if (this.engine.clients.size >= this.config.maxclients) {
          this.engine.stats.rejectedConnections++;
          this.rejectConnection(conn);
          continue;
        }
        if (conn.remoteAddr.transport === "tcp") {
          try {
            conn.setNoDelay?.(true);
            // tcp-keepalive: probes on (Deno leaves their period to the system's settings)
            if (this.config.tcpKeepalive > 0) conn.setKeepAlive?.(true);
          } catch { /* not fatal */ }
        }
        const task = serveConnection(this.engine, conn, this.nextFd++, this.outputLimits);
        this.connections.add(task);
        task.finally(() => this.connections.delete(task));
      }
    } catch (e) {
      if (!this.closing && !this.retired.has(listener)) this.log.warning(`accept failed: ${e}`);
    }
  }

  /** redis-server's line for a new connection: `Accepted 127.0.0.1:50000`, or the socket's. */
  private logAccepted(conn: Conn): void {
    const a = conn.remoteAddr;
    this.log.debug(
      a.transport === "tcp" || a.transport === "udp"
        ? `Accepted ${a.hostname}:${a.port}`
        : `Accepted connection to ${configPath(this.config.unixsocket)}`,
    );
  }

  private async rejectConnection(conn: Conn): Promise<void> {
    try {
      await conn.write(new TextEncoder().encode("-ERR max number of clients reached\r\n"));
    } catch { /* the client went away */ }
    try {
      conn.close();
    } catch { /* closed */ }
  }

  /** Stops listening, closes every client and the timers. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = (async () => {
      clearInterval(this.timer);
      // commands waiting out a CLIENT PAUSE must not keep their connections open
      this.engine.pause.close();
      for (const l of this.listeners) {
        try {
          l.close();
        } catch { /* closed */ }
      }
      for (const c of this.engine.clients.values()) c.kill();
      await Promise.allSettled([...this.connections]);
      if (this.unixsocketPath !== "") {
        this.log.info("Removing the unix socket file.");
        try {
          await this.runtime.fs.remove(this.unixsocketPath);
        } catch { /* gone */ }
      }
    })();
    return this.closing;
  }

  /** close() has been called. */
  get isClosing(): boolean {
    return this.closing !== null;
  }

  /** SHUTDOWN: closes everything, then lets the host process end (NetworkControl). */
  shutdown(): Promise<void> {
    return this.close().then(() => this.onShutdown());
  }
}
