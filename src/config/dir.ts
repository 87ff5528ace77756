/**
 * `dir` without chdir. redis-server makes `dir` its working directory, so every relative
 * file name it opens (dbfilename, appenddirname, unixsocket, pidfile, logfile, includes after
 * a `dir` line) lands there. respire keeps `dir` as an absolute path and resolves those names
 * against it instead: an embedded server must not move its host program's working directory.
 */
import type { Runtime } from "../runtime/runtime.ts";

/** `name` as redis-server would open it after chdir(dir): absolute names stay as they are. */
export function inDir(dir: string, name: string): string {
  if (name.startsWith("/")) return name;
  return dir.endsWith("/") ? `${dir}${name}` : `${dir}/${name}`;
}

/**
 * The directory chdir(`value`) would enter when the working directory is `current`, as
 * getcwd() would then print it (absolute, symbolic links resolved). Throws the OS error, with
 * chdir's errno, when chdir would fail. Changes nothing.
 */
export function resolveDir(runtime: Runtime, value: string, current: string): string {
  // chdir("") fails (ENOENT) where "current/" would not
  return runtime.fs.realDirSync(value === "" ? "" : inDir(current, value));
}

/** The process's working directory at startup: the default `dir`. */
export function startDir(runtime: Runtime): string {
  try {
    return runtime.process.cwd();
  } catch {
    return "."; // deleted under us: relative names still work
  }
}
