/**
 * Glob matching with the exact semantics of Redis's stringmatchlen (KEYS, SCAN MATCH,
 * PSUBSCRIBE, CONFIG GET): `*`, `?`, `[abc]`, `[^a]`, `[a-z]`, and `\` escapes, over bytes.
 */
export function globMatch(pattern: string, s: string, nocase = false): boolean {
  return matchAt(pattern, 0, s, 0, nocase, 0) === 1;
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function signed(byte: number): number {
  return byte > 127 ? byte - 256 : byte;
}

/** 1 = match, 0 = no match, -1 = no match possible for any suffix (stop backtracking). */
function matchAt(
  p: string,
  pi: number,
  s: string,
  si: number,
  nocase: boolean,
  depth: number,
): number {
  if (depth > 1000) return 0; // Redis caps recursion the same way against pathological patterns
  const plen = p.length;
  const slen = s.length;
  while (pi < plen && si < slen) {
    const pc = p.charCodeAt(pi);
    switch (pc) {
      case 42: { // *
        while (pi + 1 < plen && p.charCodeAt(pi + 1) === 42) pi++;
        if (pi + 1 === plen) return 1;
        while (si < slen) {
          const r = matchAt(p, pi + 1, s, si, nocase, depth + 1);
          if (r === 1) return 1;
          if (r === -1) return -1;
          si++;
        }
        return -1;
      }
      case 63: // ?
        si++;
        break;
      case 91: { // [
        pi++;
        const not = p.charCodeAt(pi) === 94;
        if (not) pi++;
        let match = false;
        for (;;) {
          if (pi >= plen) {
            pi--;
            break;
          }
          const c = p.charCodeAt(pi);
          if (c === 92 && pi + 1 < plen) {
            pi++;
            if (p.charCodeAt(pi) === s.charCodeAt(si)) match = true;
          } else if (c === 93) {
            break;
          } else if (pi + 2 < plen && p.charCodeAt(pi + 1) === 45) {
            // Redis compares C chars, which are signed: bytes 128..255 sort below 0
            let start = signed(c);
            let end = signed(p.charCodeAt(pi + 2));
            let ch = signed(s.charCodeAt(si));
            if (start > end) [start, end] = [end, start];
            if (nocase) {
              start = lower(start);
              end = lower(end);
              ch = lower(ch);
            }
            pi += 2;
            if (ch >= start && ch <= end) match = true;
          } else {
            if (nocase) {
              if (lower(c) === lower(s.charCodeAt(si))) match = true;
            } else if (c === s.charCodeAt(si)) match = true;
          }
          pi++;
        }
        if (not) match = !match;
        if (!match) return 0;
        si++;
        break;
      }
      case 92: // backslash
        if (pi + 1 < plen) pi++;
        /* falls through */
      default: {
        const a = p.charCodeAt(pi);
        const b = s.charCodeAt(si);
        if (nocase ? lower(a) !== lower(b) : a !== b) return 0;
        si++;
        break;
      }
    }
    pi++;
    if (si === slen) {
      while (pi < plen && p.charCodeAt(pi) === 42) pi++;
      break;
    }
  }
  return pi === plen && si === slen ? 1 : 0;
}
