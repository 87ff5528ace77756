/**
 * The one line splitter, Redis's sdssplitargs, shared by inline commands (resp/decoder.ts),
 * redis.conf lines and CONFIG REWRITE (config/) and AOF manifests (persistence/).
 */

function isHex(c: string): boolean {
  return /^[0-9a-fA-F]$/.test(c);
}

/**
 * Splits a line like Redis's sdssplitargs (inline commands, redis.conf lines, AOF manifests): spaces separate arguments,
 * "double quotes" understand \n \r \t \b \a \\ \" and \xHH, 'single quotes' understand \'.
 * A closing quote must be followed by a space or the end. Returns null on unbalanced quotes.
 */
export function splitArgs(line: string): string[] | null {
  const out: string[] = [];
  let p = 0;
  const n = line.length;
  const isSpace = (c: string) =>
    c === " " || c === "\n" || c === "\r" || c === "\t" || c === "\v" || c === "\f";
  for (;;) {
    while (p < n && isSpace(line[p])) p++;
    if (p >= n) return out;
    let inq = false;
    let insq = false;
    let done = false;
    let cur = "";
    while (!done) {
      if (inq) {
        if (p >= n) return null;
        const c = line[p];
        if (
          c === "\\" && p + 3 < n && line[p + 1] === "x" && isHex(line[p + 2]) && isHex(line[p + 3])
        ) {
          cur += String.fromCharCode(parseInt(line.slice(p + 2, p + 4), 16));
          p += 3;
        } else if (c === "\\" && p + 1 < n) {
          p++;
          const e = line[p];
          cur += e === "n"
            ? "\n"
            : e === "r"
            ? "\r"
            : e === "t"
            ? "\t"
            : e === "b"
            ? "\b"
            : e === "a"
            ? "\x07"
            : e;
        } else if (c === '"') {
          if (p + 1 < n && !isSpace(line[p + 1])) return null;
          done = true;
        } else {
          cur += c;
        }
      } else if (insq) {
        if (p >= n) return null;
        const c = line[p];
        if (c === "\\" && p + 1 < n && line[p + 1] === "'") {
          p++;
          cur += "'";
        } else if (c === "'") {
          if (p + 1 < n && !isSpace(line[p + 1])) return null;
          done = true;
        } else {
          cur += c;
        }
      } else {
        if (p >= n) {
          done = true;
          break;
        }
        const c = line[p];
        if (isSpace(c)) done = true;
        else if (c === '"') inq = true;
        else if (c === "'") insq = true;
        else cur += c;
      }
      if (p < n) p++;
    }
    out.push(cur);
  }
}
