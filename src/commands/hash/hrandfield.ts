import type { Client } from "../../engine/client.ts";
import type { HashValue } from "../../store/hash.ts";
import { distinctSlots } from "../../store/scan_cursor.ts";
import { isOption } from "../args.ts";
import { CommandError, ERR_SYNTAX } from "../errors.ts";
import { readCollection } from "../lookup.ts";
import { command } from "../registry.ts";
import { checkPairedCount, parseRandomCount } from "../random_count.ts";

function writePair(c: Client, hash: HashValue, slot: number, withValues: boolean): void {
  const w = c.w;
  if (!withValues) {
    w.bulk(hash.fieldAt(slot));
    return;
  }
  if (w.resp === 3) w.array(2);
  w.bulk(hash.fieldAt(slot));
  w.bulk(hash.valueAt(slot));
}

export class HashRandomFieldCommand {
  @command({
    name: "hrandfield",
    arity: -2,
    flags: ["readonly"],
    keys: [1, 1, 1],
    acl: ["hash"],
    tips: ["nondeterministic_output"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "hash",
    since: "6.2.0",
    summary:
      "Returns random fields of a hash: one, several distinct ones, or with a negative count " +
      "a number of independent draws.",
    complexity: "O(N) where N is the number of fields returned",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      {
        name: "options",
        type: "block",
        flags: ["optional"],
        args: [
          { name: "count", type: "integer" },
          { name: "withvalues", type: "pure-token", token: "WITHVALUES", flags: ["optional"] },
        ],
      },
    ],
  })
  static hrandfield(c: Client, args: string[]): void {
    const key = args[1];
    if (args.length === 2) {
      const hash = readCollection<HashValue>(c, key, "hash");
      if (hash === undefined) c.w.nullBulk();
      else c.w.bulk(hash.fieldAt(hash.randomSlot(c.engine.random)));
      return;
    }
    const exactCount = parseRandomCount(args[2]);
    let withValues = false;
    if (args.length > 4 || (args.length === 4 && !isOption(args[3], "WITHVALUES"))) {
      throw new CommandError(ERR_SYNTAX);
    }
    if (args.length === 4) {
      withValues = true;
      checkPairedCount(exactCount);
    }
    const count = Number(exactCount);
    const hash = readCollection<HashValue>(c, key, "hash");
    const w = c.w;
    if (hash === undefined || count === 0) {
      w.array(0);
      return;
    }
    const rand = c.engine.random;
    const size = hash.size;
    const perItem = withValues && w.resp === 2 ? 2 : 1;
    if (count < 0) {
      const n = -count;
      w.array(n * perItem);
      for (let i = 0; i < n; i++) writePair(c, hash, hash.randomSlot(rand), withValues);
      return;
    }
    if (count >= size) {
      w.array(size * perItem);
      for (let slot = 0; slot < size; slot++) writePair(c, hash, slot, withValues);
      return;
    }
    const slots = distinctSlots(size, count, rand);
    w.array(count * perItem);
    for (const slot of slots) writePair(c, hash, slot, withValues);
  }
}
