/**
 * Argument handling shared by the scans: the cursor (SCAN too), and for the collection scans
 * (HSCAN, SSCAN, ZSCAN) the MATCH and COUNT options with Redis's checks and the reply for a
 * missing key.
 */
import type { Client } from "../engine/client.ts";
import { globMatch } from "../store/glob.ts";
import { formatScanCursor, parseScanCursor } from "../store/scan_cursor.ts";
import { OptionScanner } from "./args.ts";
import { CommandError } from "./errors.ts";

export interface CollectionScanOptions {
  count: number;
  /** null when every element matches (no MATCH, or MATCH *). */
  pattern: string | null;
}

/** A cursor argument, or the "invalid cursor" error. */
export function parseCursorArg(arg: string): number {
  const cursor = parseScanCursor(arg);
  if (cursor === null) throw new CommandError("ERR invalid cursor");
  return cursor;
}

/** Parses MATCH/COUNT from args[from..]; TYPE is only for the keyspace SCAN. */
export function parseCollectionScanOptions(args: string[], from: number): CollectionScanOptions {
  let count = 10;
  let pattern: string | null = null;
  const o = new OptionScanner(args, from);
  while (!o.done) {
    if (o.take("COUNT", 1)) {
      count = o.int();
      if (count < 1) o.fail();
    } else if (o.take("MATCH", 1)) {
      const p = o.value();
      pattern = p === "*" ? null : p;
    } else {
      o.fail();
    }
  }
  return { count, pattern };
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
