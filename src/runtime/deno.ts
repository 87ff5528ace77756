/**
 * The Deno adapter: respire's runtime interfaces (runtime.ts) over the `Deno` namespace. The
 * sockets and files it hands out are Deno's own objects; every `Deno` reference sits inside a
 * function, so importing this module elsewhere costs nothing until it is used.
 */
import type {
  FileHandle,
  FileInfo,
  Listener,
  OpenOptions,
  OsErrorKind,
  Runtime,
  Signal,
} from "./runtime.ts";

/** The C library's wording for common file errors (what Redis prints via strerror). */
export function errnoText(e: unknown): string {
  if (e instanceof Deno.errors.NotFound) return "No such file or directory";
  if (e instanceof Deno.errors.PermissionDenied) return "Permission denied";
  if (e instanceof Deno.errors.NotADirectory) return "Not a directory";
  if (e instanceof Deno.errors.IsADirectory) return "Is a directory";
  if (e instanceof Deno.errors.AlreadyExists) return "File exists";
  const msg = e instanceof Error ? e.message : String(e);
  // Deno messages look like "No such file or directory (os error 2): chdir '/x'"
  return msg.replace(/ \(os error \d+\).*$/, "");
}

function errorKind(e: unknown): OsErrorKind {
  if (e instanceof Deno.errors.NotFound) return "NotFound";
  if (e instanceof Deno.errors.PermissionDenied) return "PermissionDenied";
  if (e instanceof Deno.errors.NotADirectory) return "NotADirectory";
  if (e instanceof Deno.errors.IsADirectory) return "IsADirectory";
  if (e instanceof Deno.errors.AlreadyExists) return "AlreadyExists";
  if (
    e instanceof Deno.errors.ConnectionReset || e instanceof Deno.errors.BrokenPipe ||
    e instanceof Deno.errors.BadResource || e instanceof Deno.errors.Interrupted ||
    e instanceof Deno.errors.ConnectionAborted || e instanceof Deno.errors.NotConnected
  ) {
    return "Disconnected";
  }
  return "Other";
}

function fileInfo(s: Deno.FileInfo): FileInfo {
  return { size: s.size, isDirectory: s.isDirectory, mode: s.mode };
}

/** chdir's checks without the chdir: exists, is a directory, search permission. */
function realDirSync(path: string): string {
  const real = Deno.realPathSync(path);
  const s = Deno.statSync(real);
  if (!s.isDirectory) throw new Deno.errors.NotADirectory(`Not a directory: '${path}'`);
  let uid: number | null = null;
  let gid: number | null = null;
  try {
    uid = Deno.uid();
    gid = Deno.gid();
  } catch { /* no --allow-sys: the check is left to the files opened there */ }
  if (uid !== null && uid !== 0 && s.mode !== null) {
    const bit = s.uid === uid ? 0o100 : s.gid === gid ? 0o010 : 0o001;
    if ((s.mode & bit) === 0) {
      throw new Deno.errors.PermissionDenied(`Permission denied: '${path}'`);
    }
  }
  return real;
}

/** The soft limit on open files from /proc/self/limits (Linux); null elsewhere. */
function openFilesLimit(): number | null {
  try {
    const limits = Deno.readTextFileSync("/proc/self/limits");
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(limits);
    return m === null || m[1] === "unlimited" ? null : Number(m[1]);
  } catch {
    return null;
  }
}

export const denoRuntime: Runtime = {
  net: {
    listen: (options): Listener =>
      options.transport === "unix" ? Deno.listen(options) : Deno.listen(options),
  },
  fs: {
    open: (path: string, options: OpenOptions): Promise<FileHandle> => Deno.open(path, options),
    openSync: (path: string, options: OpenOptions): FileHandle => Deno.openSync(path, options),
    readFile: (path) => Deno.readFile(path),
    readFileSync: (path) => Deno.readFileSync(path),
    readTextFile: (path) => Deno.readTextFile(path),
    readTextFileSync: (path) => Deno.readTextFileSync(path),
    writeTextFile: (path, text) => Deno.writeTextFile(path, text),
    writeTextFileSync: (path, text) => Deno.writeTextFileSync(path, text),
    rename: (from, to) => Deno.rename(from, to),
    renameSync: (from, to) => Deno.renameSync(from, to),
    remove: (path) => Deno.remove(path),
    removeSync: (path) => Deno.removeSync(path),
    mkdirSync: (path, options) => Deno.mkdirSync(path, options),
    stat: async (path) => fileInfo(await Deno.stat(path)),
    statSync: (path) => fileInfo(Deno.statSync(path)),
    chmod: (path, mode) => Deno.chmod(path, mode),
    chmodSync: (path, mode) => Deno.chmodSync(path, mode),
    truncateSync: (path, length) => Deno.truncateSync(path, length),
    realDirSync,
  },
  errors: {
    kind: errorKind,
    errnoText,
    brokenPipe: (message) => new Deno.errors.BrokenPipe(message),
  },
  process: {
    get pid() {
      return Deno.pid;
    },
    execPath: () => Deno.execPath(),
    exit: (code) => Deno.exit(code),
    cwd: () => Deno.cwd(),
    memoryUsage: () => Deno.memoryUsage(),
    get os() {
      return Deno.build.os;
    },
    get arch() {
      return Deno.build.arch;
    },
    osRelease: () => {
      try {
        return Deno.osRelease();
      } catch {
        return ""; // not permitted
      }
    },
    systemMemoryTotal: () => {
      try {
        return Deno.systemMemoryInfo().total;
      } catch {
        return 0;
      }
    },
    openFilesLimit,
    get args() {
      return Deno.args;
    },
    spawnDetached: (program, args, env) => {
      const child = new Deno.Command(program, {
        args,
        env,
        stdin: "null",
        stdout: "piped",
        stderr: "null",
        detached: true,
      }).spawn();
      return { stdout: child.stdout, unref: () => child.unref() };
    },
    get versions() {
      return { name: "deno", runtime: Deno.version.deno, engine: Deno.version.v8 };
    },
  },
  signals: {
    add: (signal: Signal, handler) => Deno.addSignalListener(signal, handler),
    remove: (signal: Signal, handler) => Deno.removeSignalListener(signal, handler),
  },
  env: {
    toObject: () => Deno.env.toObject(),
  },
  stdio: {
    get stdin() {
      return Deno.stdin;
    },
    get stdout() {
      return Deno.stdout;
    },
    get stderr() {
      return Deno.stderr;
    },
  },
};
