import type { Client } from "../../engine/client.ts";
import { compareIntTexts, isIntsetMember, type SetValue } from "../../store/set.ts";
import { distinctSlots } from "../../store/scan_cursor.ts";
import { int } from "../args.ts";
import { CommandError, ERR_SYNTAX } from "../errors.ts";
import { readCollection } from "../lookup.ts";
import { command } from "../registry.ts";
import { parseRandomCount } from "../random_count.ts";
import { notify, NOTIFY_GENERIC, NOTIFY_SET } from "../../engine/notify.ts";

/**
 * Redis pops one by one while the popped part is small against what stays, and otherwise
 * rebuilds the set from the members that stay (its SPOP_MOVE_STRATEGY_MUL).
 */
const MOVE_STRATEGY_MUL = 5;

/** Writes a whole set being popped entirely, in the order Redis's union of it would have. */
function writeWholeSetPop(c: Client, set: SetValue): void {
  const members = set.toArray();
  // Redis replies through a fresh intset-first union, so an all-integer set that fits an
  // intset comes out in ascending order whatever its encoding was
  if (
    set.encoding() === "hashtable" && members.length <= c.engine.config.setMaxIntsetEntries &&
    members.every(isIntsetMember)
  ) {
    members.sort(compareIntTexts);
  }
  c.w.set(members.length);
  for (const m of members) c.w.bulk(m);
}

function spopWithCount(c: Client, key: string, countArg: string): void {
  const count = int(countArg, "ERR value is out of range, must be positive");
  if (count < 0) throw new CommandError("ERR value is out of range, must be positive");
  const set = readCollection<SetValue>(c, key, "set", true);
  const w = c.w;
  if (set === undefined || count === 0) {
    w.set(0);
    return;
  }
  const size = set.size;
  const prop = c.engine.propagation;
  if (count >= size) {
    writeWholeSetPop(c, set);
    prop.rewrite(["DEL", key]);
    c.db.delete(key);
    c.engine.keyChanged(c.db, key, size);
    notify(c, NOTIFY_SET, "spop", key);
    notify(c, NOTIFY_GENERIC, "del", key);
    return;
  }
  const rand = c.engine.random;
  const remaining = size - count;
  w.set(count);
  // propagated as one SREM per member drawn, as Redis 7.0 does
  const db = c.db.id;
  const propagate = prop.active;
  if (remaining * MOVE_STRATEGY_MUL > count) {
    for (let i = 0; i < count; i++) {
      const member = set.popRandom(rand);
      if (propagate) prop.also(db, ["SREM", key, member]);
      w.bulk(member);
    }
  } else {
    // choose who stays; the rest is popped, reported in the set's own order
    const stays = new Uint8Array(size);
    for (const slot of distinctSlots(size, remaining, rand)) stays[slot] = 1;
    const popped: number[] = [];
    for (let slot = 0; slot < size; slot++) {
      if (stays[slot] === 0) {
        const member = set.memberAt(slot);
        if (propagate) prop.also(db, ["SREM", key, member]);
        w.bulk(member);
        popped.push(slot);
      }
    }
    set.deleteSlots(popped);
    set.compactEncoding(c.engine.config.setMaxIntsetEntries);
  }
  prop.prevent();
  c.engine.keyChanged(c.db, key, count);
  notify(c, NOTIFY_SET, "spop", key);
}

export class SetRandomCommands {
  @command({
    name: "spop",
    arity: -2,
    flags: ["write", "fast"],
    keys: [1, 1, 1],
    acl: ["set"],
    tips: ["nondeterministic_output"],
    keySpecs: [{
      flags: ["RW", "access", "delete"],
      begin: { index: 1 },
      find: { range: [0, 1, 0] },
    }],
    group: "set",
    since: "1.0.0",
    summary: "Removes random members from a set and returns them.",
    complexity:
      "Without the count argument O(1), otherwise O(N) where N is the value of the passed count.",
    history: [["3.2.0", "The optional count argument."]],
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "count", type: "integer", since: "3.2.0", flags: ["optional"] },
    ],
  })
  static spop(c: Client, args: string[]): void {
    const key = args[1];
    if (args.length === 3) {
      spopWithCount(c, key, args[2]);
      return;
    }
    if (args.length > 3) throw new CommandError(ERR_SYNTAX);
    const set = readCollection<SetValue>(c, key, "set", true);
    if (set === undefined) {
      c.w.nullBulk();
      return;
    }
    const member = set.popRandom(c.engine.random);
    c.engine.propagation.rewrite(["SREM", key, member]);
    const keyRemoved = set.size === 0;
    if (keyRemoved) c.db.delete(key);
    c.engine.keyChanged(c.db, key);
    notify(c, NOTIFY_SET, "spop", key);
    if (keyRemoved) notify(c, NOTIFY_GENERIC, "del", key);
    c.w.bulk(member);
  }

  @command({
    name: "srandmember",
    arity: -2,
    flags: ["readonly"],
    keys: [1, 1, 1],
    acl: ["set"],
    tips: ["nondeterministic_output"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "set",
    since: "1.0.0",
    summary: "Returns random members of a set without removing them: one, several distinct ones, " +
      "or with a negative count a number of independent draws.",
    complexity:
      "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.",
    history: [["2.6.0", "The optional count argument."]],
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "count", type: "integer", since: "2.6.0", flags: ["optional"] },
    ],
  })
  static srandmember(c: Client, args: string[]): void {
    const key = args[1];
    if (args.length > 3) throw new CommandError(ERR_SYNTAX);
    const w = c.w;
    const rand = c.engine.random;
    if (args.length === 2) {
      const set = readCollection<SetValue>(c, key, "set");
      if (set === undefined) w.nullBulk();
      else w.bulk(set.memberAt(set.randomSlot(rand)));
      return;
    }
    const signed = Number(parseRandomCount(args[2]));
    const set = readCollection<SetValue>(c, key, "set");
    if (set === undefined || signed === 0) {
      w.array(0);
      return;
    }
    const count = Math.abs(signed);
    const size = set.size;
    if (signed < 0 || count === 1) {
      w.array(count);
      for (let i = 0; i < count; i++) w.bulk(set.memberAt(set.randomSlot(rand)));
      return;
    }
    if (count >= size) {
      w.array(size);
      set.forEach((m) => w.bulk(m));
      return;
    }
    w.array(count);
    for (const slot of distinctSlots(size, count, rand)) w.bulk(set.memberAt(slot));
  }
}
