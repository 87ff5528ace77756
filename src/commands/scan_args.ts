/**
 * Argument handling shared by the scans: the cursor, the MATCH and COUNT options with Redis's
 * checks (and TYPE for the keyspace SCAN), and the collection scans' reply for a missing key.
 */
import type { Client } from "../engine/client.ts";
import { globMatch } from "../store/glob.ts";
import { formatScanCursor, parseScanCursor } from "../store/scan_cursor.ts";
import { lowerName, OptionScanner } from "./args.ts";
import { CommandError } from "./errors.ts";

export interface CollectionScanOptions {
  count: number;
  /** null when every element matches (no MATCH, or MATCH *). */
  pattern: string | null;
  /** TYPE, lower-cased and cut at NUL as Redis compares it; null when not given. */
  typeName: string | null;
}

/** A cursor argument, or the "invalid cursor" error. */
export function parseCursorArg(arg: string): number {
  const cursor = parseScanCursor(arg);
  if (cursor === null) throw new CommandError("ERR invalid cursor");
  return cursor;
}

/** Parses MATCH/COUNT from args[from..], and TYPE where allowed (the keyspace SCAN only). */
export function parseCollectionScanOptions(
  args: string[],
  from: number,
  allowType = false,
): CollectionScanOptions {
  let count = 10;
  let pattern: string | null = null;
  let typeName: string | null = null;
  const o = new OptionScanner(args, from);
  while (!o.done) {
    if (o.take("COUNT", 1)) {
      count = o.int();
      if (count < 1) o.fail();
    } else if (o.take("MATCH", 1)) {
      const p = o.value();
      pattern = p === "*" ? null : p;
    } else if (allowType && o.take("TYPE", 1)) {
      // Redis compares the C string, which ends at the first NUL byte
      typeName = lowerName(o.value());
    } else {
      o.fail();
    }
  }
  return { count, pattern, typeName };
}

export function matches(pattern: string | null, s: string): boolean {
  return pattern === null || globMatch(pattern, s);
}

/** A scan's reply: the next cursor, then the elements found (flat, as bulk strings). */
export function writeScanReply(c: Client, next: number, found: readonly string[]): void {
  c.w.array(2);
  c.w.bulk(formatScanCursor(next));
  c.w.bulkArray(found);
}

/** The reply for a scan of a missing key: cursor 0 and no elements. */
export function writeEmptyScan(c: Client): void {
  writeScanReply(c, 0, []);
}
