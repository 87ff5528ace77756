/**
 * The manifest of a Redis 7 multi-part AOF directory (appenddirname): one line per file,
 *
 *   file appendonly.aof.1.base.rdb seq 1 type b
 *   file appendonly.aof.1.incr.aof seq 1 type i
 *
 * with type b (the base: an RDB or AOF image), i (incremental command logs, replayed in
 * order after the base) or h (history, waiting to be deleted). Words are split like a
 * redis.conf line, so a file name with spaces is quoted; lines starting with # are comments.
 */
import { splitArgs } from "../lib/split_args.ts";

export interface AofFileInfo {
  name: string;
  seq: number;
  type: "b" | "h" | "i";
}

export interface AofManifest {
  base: AofFileInfo | null;
  history: AofFileInfo[];
  incr: AofFileInfo[];
}

export class ManifestError extends Error {}

export function parseManifest(text: string): AofManifest {
  const m: AofManifest = { base: null, history: [], incr: [] };
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].replace(/\r$/, "").trim();
    if (line === "" || line.startsWith("#")) continue;
    if (line.length > 1024) throw new ManifestError(`The AOF manifest line ${n + 1} is too long`);
    const words = splitArgs(line);
    if (words === null || words.length % 2 !== 0) {
      throw new ManifestError(`Invalid AOF manifest file format (line ${n + 1})`);
    }
    let name: string | undefined;
    let seq: number | undefined;
    let type: string | undefined;
    for (let i = 0; i < words.length; i += 2) {
      const k = words[i].toLowerCase();
      if (k === "file") name = words[i + 1];
      else if (k === "seq") seq = /^[0-9]+$/.test(words[i + 1]) ? Number(words[i + 1]) : NaN;
      else if (k === "type") type = words[i + 1];
      // unknown keys are ignored, as Redis does, for forward compatibility
    }
    if (name === undefined || seq === undefined || Number.isNaN(seq) || type === undefined) {
      throw new ManifestError(`Invalid AOF manifest file format (line ${n + 1})`);
    }
    if (name.includes("/")) throw new ManifestError(`Invalid AOF file name in manifest: ${name}`);
    const info: AofFileInfo = { name, seq, type: type as AofFileInfo["type"] };
    if (type === "b") {
      if (m.base !== null) throw new ManifestError("Found duplicate base file information");
      m.base = info;
    } else if (type === "h") {
      m.history.push(info);
    } else if (type === "i") {
      m.incr.push(info);
    } else {
      throw new ManifestError(`Unknown AOF file type ${type}`);
    }
  }
  for (let i = 1; i < m.incr.length; i++) {
    if (m.incr[i].seq <= m.incr[i - 1].seq) {
      throw new ManifestError("Found a non-monotonic sequence number");
    }
  }
  return m;
}

/** Quotes a file name when it needs it (spaces, quotes, control bytes). */
function quoteName(name: string): string {
  // deno-lint-ignore no-control-regex
  if (/^[^\s"'\\\x00-\x1f\x7f]+$/.test(name)) return name;
  let out = '"';
  for (const ch of name) {
    const c = ch.charCodeAt(0);
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 32 || c === 127) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + '"';
}

export function formatManifest(m: AofManifest): string {
  const line = (f: AofFileInfo) => `file ${quoteName(f.name)} seq ${f.seq} type ${f.type}\n`;
  let out = "";
  if (m.base !== null) out += line(m.base);
  for (const h of m.history) out += line(h);
  for (const i of m.incr) out += line(i);
  return out;
}

/** File names as Redis 7.0 forms them from appendfilename. */
export function baseName(prefix: string, seq: number, rdb: boolean): string {
  return `${prefix}.${seq}.base.${rdb ? "rdb" : "aof"}`;
}

export function incrName(prefix: string, seq: number): string {
  return `${prefix}.${seq}.incr.aof`;
}

export function manifestName(prefix: string): string {
  return `${prefix}.manifest`;
}
