import { bytesToBinary } from "../../lib/bytes.ts";
import type { Client } from "../../engine/client.ts";
import { int64, oneOf } from "../args.ts";
import { CommandError, ERR_SYNTAX } from "../errors.ts";
import { lookupRead } from "../lookup.ts";
import { command } from "../registry.ts";

/**
 * Beyond this many cells (2GiB of table) the dynamic programming table is not attempted and
 * the command fails as Redis does when its allocation fails, instead of exhausting memory.
 */
const MAX_TABLE_CELLS = 2 ** 29;

/** LCS's option keywords, as oneOf matches them. */
const LCS_OPTIONS = ["IDX", "LEN", "WITHMATCHLEN", "MINMATCHLEN"] as const;

/** One matched stretch: positions in a and in b (inclusive) of equal bytes. */
interface Match {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

export class LcsCommand {
  @command({
    name: "lcs",
    arity: -3,
    flags: ["readonly"],
    keys: [1, 2, 1],
    acl: ["string"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [1, 1, 0] } }],
    group: "string",
    since: "7.0.0",
    summary: "Finds the longest common subsequence of the strings stored at two keys.",
    complexity: "O(N*M) where N and M are the lengths of s1 and s2, respectively",
    args: [
      { name: "key1", type: "key", keySpecIndex: 0 },
      { name: "key2", type: "key", keySpecIndex: 0 },
      { name: "len", type: "pure-token", token: "LEN", flags: ["optional"] },
      { name: "idx", type: "pure-token", token: "IDX", flags: ["optional"] },
      { name: "len", type: "integer", token: "MINMATCHLEN", flags: ["optional"] },
      { name: "withmatchlen", type: "pure-token", token: "WITHMATCHLEN", flags: ["optional"] },
    ],
  })
  static lcs(c: Client, args: string[]): void {
    const va = lookupRead(c, args[1]);
    const vb = lookupRead(c, args[2]);
    if (
      (va !== undefined && typeof va !== "string") || (vb !== undefined && typeof vb !== "string")
    ) {
      throw new CommandError("ERR The specified keys must contain string values");
    }
    const a = va ?? "";
    const b = vb ?? "";
    let wantLen = false;
    let wantIdx = false;
    let withMatchLen = false;
    let minMatchLen = 0;
    for (let j = 3; j < args.length; j++) {
      const k = oneOf(args[j], LCS_OPTIONS);
      const word = k < 0 ? "" : LCS_OPTIONS[k];
      if (word === "IDX") wantIdx = true;
      else if (word === "LEN") wantLen = true;
      else if (word === "WITHMATCHLEN") withMatchLen = true;
      else if (word === "MINMATCHLEN" && j + 1 < args.length) {
        const n = int64(args[++j]);
        minMatchLen = n < 0 ? 0 : Number(n);
      } else throw new CommandError(ERR_SYNTAX);
    }
    if (wantIdx && wantLen) {
      throw new CommandError("ERR If you want both the length and indexes, please just use IDX.");
    }
    const alen = a.length;
    const blen = b.length;
    const width = blen + 1;
    const cells = (alen + 1) * width;
    let table: Uint32Array;
    try {
      if (cells > MAX_TABLE_CELLS) throw new RangeError("too large");
      table = new Uint32Array(cells);
    } catch {
      throw new CommandError(
        "ERR Insufficient memory, failed allocating transient memory for LCS",
      );
    }
    // table[i * width + j]: LCS length of a[0..i) and b[0..j); row 0 and column 0 stay 0
    for (let i = 1; i <= alen; i++) {
      const ca = a.charCodeAt(i - 1);
      const row = i * width;
      const prev = row - width;
      for (let j = 1; j <= blen; j++) {
        if (ca === b.charCodeAt(j - 1)) table[row + j] = table[prev + j - 1] + 1;
        else {
          const up = table[prev + j];
          const left = table[row + j - 1];
          table[row + j] = up > left ? up : left;
        }
      }
    }
    const total = table[alen * width + blen];
    if (wantLen) {
      c.w.int(total);
      return;
    }
    // Walk back from the end, collecting the common bytes (backwards) and, for IDX, the
    // contiguous stretches; ties prefer stepping back in b, which fixes the answer Redis
    // picks among equally long subsequences.
    const bytes = new Uint8Array(total);
    let fill = total;
    const matches: Match[] = [];
    let open: Match | null = null;
    let i = alen;
    let j = blen;
    while (i > 0 && j > 0) {
      let close = false;
      if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
        bytes[--fill] = a.charCodeAt(i - 1);
        if (open === null) open = { aStart: i - 1, aEnd: i - 1, bStart: j - 1, bEnd: j - 1 };
        else if (open.aStart === i && open.bStart === j) {
          open.aStart--;
          open.bStart--;
        } else close = true;
        if (open.aStart === 0 || open.bStart === 0) close = true;
        i--;
        j--;
      } else {
        if (table[(i - 1) * width + j] > table[i * width + j - 1]) i--;
        else j--;
        if (open !== null) close = true;
      }
      if (close && open !== null) {
        if (minMatchLen === 0 || open.aEnd - open.aStart + 1 >= minMatchLen) matches.push(open);
        open = null;
      }
    }
    if (!wantIdx) {
      c.w.bulk(bytesToBinary(bytes, 0, total));
      return;
    }
    const w = c.w;
    w.map(2);
    w.bulk("matches");
    w.array(matches.length);
    for (const m of matches) {
      w.array(withMatchLen ? 3 : 2);
      w.array(2);
      w.int(m.aStart);
      w.int(m.aEnd);
      w.array(2);
      w.int(m.bStart);
      w.int(m.bEnd);
      if (withMatchLen) w.int(m.aEnd - m.aStart + 1);
    }
    w.bulk("len");
    w.int(total);
  }
}
