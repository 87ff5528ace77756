/**
 * What respire needs from the JavaScript runtime it runs on, as small interfaces (types
 * only): sockets, files, signals, the environment and facts about the process. `deno.ts`
 * implements them over Deno's own objects; nothing else under src/ calls a runtime API, so
 * another adapter (Node.js) can run the same core.
 *
 * The network and file objects are the runtime's own (Deno's `Conn` and `FsFile` satisfy
 * these shapes as they are): the adapter wraps nothing per read or write.
 */

/** A TCP (or UDP) address. */
export interface NetAddr {
  transport: "tcp" | "udp";
  hostname: string;
  port: number;
}

/** A Unix domain socket address. */
export interface UnixAddr {
  transport: "unix" | "unixpacket";
  path: string;
}

/** An address of another kind the runtime may report (a VM socket). */
export interface OtherAddr {
  transport: "vsock";
  port: number;
}

export type Addr = NetAddr | UnixAddr | OtherAddr;

/** One accepted connection: a byte stream both ways. */
export interface Conn {
  readonly localAddr: Addr;
  readonly remoteAddr: Addr;
  /** Reads into `p`; the number of bytes read, or null at end of stream. */
  read(p: Uint8Array): Promise<number | null>;
  /** Writes a prefix of `p`; the number of bytes written. */
  write(p: Uint8Array): Promise<number>;
  close(): void;
  /** TCP only: Nagle's algorithm off. */
  setNoDelay?(noDelay?: boolean): void;
  /** TCP only: keepalive probes on. */
  setKeepAlive?(keepAlive?: boolean): void;
}

/** A listening socket; iterating it accepts connections until it is closed. */
export interface Listener extends AsyncIterable<Conn> {
  readonly addr: Addr;
  close(): void;
}

export type ListenOptions =
  | { transport: "tcp"; hostname: string; port: number }
  | { transport: "unix"; path: string };

export interface Network {
  /** Opens a listener; throws the OS error (address in use, ...). */
  listen(options: ListenOptions): Listener;
}

export interface OpenOptions {
  read?: boolean;
  write?: boolean;
  append?: boolean;
  create?: boolean;
  truncate?: boolean;
}

/** An open file (Deno's FsFile has this shape). */
export interface FileHandle {
  write(p: Uint8Array): Promise<number>;
  writeSync(p: Uint8Array): number;
  /** fsync */
  sync(): Promise<void>;
  syncSync(): void;
  /** fdatasync */
  syncData(): Promise<void>;
  syncDataSync(): void;
  close(): void;
}

export interface FileInfo {
  size: number;
  isDirectory: boolean;
  /** Permission bits and file type, where the system has them. */
  mode: number | null;
}

/** The file operations respire uses; errors are the runtime's (see OsErrors). */
export interface FileSystem {
  open(path: string, options: OpenOptions): Promise<FileHandle>;
  openSync(path: string, options: OpenOptions): FileHandle;
  readFile(path: string): Promise<Uint8Array>;
  readFileSync(path: string): Uint8Array;
  readTextFile(path: string): Promise<string>;
  readTextFileSync(path: string): string;
  writeTextFile(path: string, text: string): Promise<void>;
  writeTextFileSync(path: string, text: string): void;
  rename(from: string, to: string): Promise<void>;
  renameSync(from: string, to: string): void;
  remove(path: string): Promise<void>;
  removeSync(path: string): void;
  mkdirSync(path: string, options: { recursive: boolean }): void;
  stat(path: string): Promise<FileInfo>;
  statSync(path: string): FileInfo;
  chmod(path: string, mode: number): Promise<void>;
  chmodSync(path: string, mode: number): void;
  truncateSync(path: string, length: number): void;
  /**
   * The canonical absolute path of a directory the process could make its working directory
   * (what chdir checks: it exists, is a directory, may be searched). Throws the OS error
   * otherwise. Changes nothing.
   */
  realDirSync(path: string): string;
}

/** What the C library would call errno, as far as respire tells errors apart. */
export type OsErrorKind =
  | "NotFound"
  | "PermissionDenied"
  | "NotADirectory"
  | "IsADirectory"
  | "AlreadyExists"
  /** The peer went away (reset, broken pipe, socket closed under a read). */
  | "Disconnected"
  | "Other";

export interface OsErrors {
  kind(e: unknown): OsErrorKind;
  /** The C library's wording for an error (what Redis prints via strerror). */
  errnoText(e: unknown): string;
  /** The error a write to a closed peer raises (for closing a client deliberately). */
  brokenPipe(message: string): Error;
}

export interface MemoryUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
}

/** The process and the system it runs on. */
export interface ProcessInfo {
  readonly pid: number;
  /** The runtime's executable (INFO executable). */
  execPath(): string;
  exit(code: number): never;
  /** The process's working directory (only read: respire never changes it). */
  cwd(): string;
  memoryUsage(): MemoryUsage;
  /** "linux", "darwin", "windows", ... */
  readonly os: string;
  /** "x86_64", "aarch64" */
  readonly arch: string;
  /** The kernel release; "" when it cannot be read. */
  osRelease(): string;
  /** Total physical memory in bytes; 0 when unknown. */
  systemMemoryTotal(): number;
  /** The soft limit on open files, where the system tells it; null elsewhere. */
  openFilesLimit(): number | null;
  /** The runtime's name, its version and its V8's ("deno", "2.5.6", "14.0.365.4"). */
  readonly versions: { name: string; runtime: string; engine: string };
  /** The command-line arguments after the script (or executable). */
  readonly args: readonly string[];
  /**
   * Starts a program detached from this process (daemonize), with stdin and stderr closed
   * and stdout readable; `unref` lets this process exit without waiting for it.
   */
  spawnDetached(
    program: string,
    args: string[],
    env: Record<string, string>,
  ): { stdout: ReadableStream<Uint8Array>; unref(): void };
}

export type Signal = "SIGINT" | "SIGTERM";

export interface Signals {
  add(signal: Signal, handler: () => void): void;
  remove(signal: Signal, handler: () => void): void;
}

export interface Environment {
  /** Every variable of the process environment. */
  toObject(): Record<string, string>;
}

/** The standard streams. */
export interface Stdio {
  readonly stdin: { readonly readable: ReadableStream<Uint8Array> };
  /** The log's stream when no logfile is set (as redis-server's), and a daemon's "ready". */
  readonly stdout: {
    write(p: Uint8Array): Promise<number>;
    writeSync(p: Uint8Array): number;
    close(): void;
    /** Whether it is a terminal (redis-server shows its logo on one). */
    isTerminal(): boolean;
  };
  readonly stderr: { writeSync(p: Uint8Array): number };
}

/** Everything respire asks of its runtime. */
export interface Runtime {
  readonly net: Network;
  readonly fs: FileSystem;
  readonly errors: OsErrors;
  readonly process: ProcessInfo;
  readonly signals: Signals;
  readonly env: Environment;
  readonly stdio: Stdio;
}
