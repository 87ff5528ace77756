import type { Client } from "../../engine/client.ts";
import { int, int64, OptionScanner, positiveInt } from "../args.ts";
import { CommandError } from "../errors.ts";
import { command } from "../registry.ts";
import { readList } from "./common.ts";

const KEY_RO_ACCESS = {
  flags: ["RO", "access"] as ("RO" | "access")[],
  begin: { index: 1 },
  find: { range: [0, 1, 0] as [number, number, number] },
};

const RANK_ZERO = "ERR RANK can't be zero: use 1 to start from the first match, 2 from the " +
  "second ... or use negative to start from the end of the list";

export class ListReadCommands {
  @command({
    name: "llen",
    arity: 2,
    flags: ["readonly", "fast"],
    keys: [1, 1, 1],
    acl: ["list"],
    keySpecs: [{ flags: ["RO"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "list",
    since: "1.0.0",
    summary: "Returns the number of elements in a list.",
    complexity: "O(1)",
    args: [{ name: "key", type: "key", keySpecIndex: 0 }],
  })
  static llen(c: Client, args: string[]): void {
    c.w.int(readList(c, args[1])?.size ?? 0);
  }

  @command({
    name: "lrange",
    arity: 4,
    flags: ["readonly"],
    keys: [1, 1, 1],
    acl: ["list"],
    keySpecs: [KEY_RO_ACCESS],
    group: "list",
    since: "1.0.0",
    summary: "Returns the elements of a list between two indexes.",
    complexity:
      "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "start", type: "integer" },
      { name: "stop", type: "integer" },
    ],
  })
  static lrange(c: Client, args: string[]): void {
    let start = int(args[2]);
    let end = int(args[3]);
    const list = readList(c, args[1]);
    const w = c.w;
    if (list === undefined) {
      w.array(0);
      return;
    }
    const len = list.size;
    if (start < 0) start += len;
    if (end < 0) end += len;
    if (start < 0) start = 0;
    if (start > end || start >= len) {
      w.array(0);
      return;
    }
    if (end >= len) end = len - 1;
    w.array(end - start + 1);
    list.writeRange(start, end - start + 1, w);
  }

  @command({
    name: "lindex",
    arity: 3,
    flags: ["readonly"],
    keys: [1, 1, 1],
    acl: ["list"],
    keySpecs: [KEY_RO_ACCESS],
    group: "list",
    since: "1.0.0",
    summary: "Returns the element at an index of a list.",
    complexity:
      "O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "index", type: "integer" },
    ],
  })
  static lindex(c: Client, args: string[]): void {
    const list = readList(c, args[1]);
    if (list === undefined) {
      c.w.nullBulk();
      return;
    }
    let index = int(args[2]);
    if (index < 0) index += list.size;
    if (index < 0 || index >= list.size) c.w.nullBulk();
    else c.w.bulk(list.at(index));
  }

  @command({
    name: "lpos",
    arity: -3,
    flags: ["readonly"],
    keys: [1, 1, 1],
    acl: ["list"],
    keySpecs: [KEY_RO_ACCESS],
    group: "list",
    since: "6.0.6",
    summary: "Finds the positions of the elements of a list that equal a value.",
    complexity:
      "O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.",
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "element", type: "string" },
      { name: "rank", type: "integer", token: "RANK", flags: ["optional"] },
      { name: "num-matches", type: "integer", token: "COUNT", flags: ["optional"] },
      { name: "len", type: "integer", token: "MAXLEN", flags: ["optional"] },
    ],
  })
  static lpos(c: Client, args: string[]): void {
    const element = args[2];
    let rank = 1;
    // RANK -2^63 cannot be negated in C: Redis then takes every match from the tail and no
    // COUNT stops it
    let rankMin = false;
    let count = -1;
    let maxlen = 0;
    const o = new OptionScanner(args, 3);
    while (!o.done) {
      if (o.take("RANK", 1)) {
        const v = int64(o.value());
        if (v === 0) throw new CommandError(RANK_ZERO);
        if (v === -9223372036854775808n) rankMin = true;
        else rank = Number(v);
      } else if (o.take("COUNT", 1)) {
        count = positiveInt(o.value(), "ERR COUNT can't be negative");
      } else if (o.take("MAXLEN", 1)) {
        maxlen = positiveInt(o.value(), "ERR MAXLEN can't be negative");
      } else {
        o.fail();
      }
    }
    const fromTail = rank < 0 || rankMin;
    if (rank < 0) rank = -rank;
    const list = readList(c, args[1]);
    const w = c.w;
    if (list === undefined) {
      if (count !== -1) w.array(0);
      else w.nullBulk();
      return;
    }
    const len = list.size;
    const limit = maxlen === 0 || maxlen > len ? len : maxlen;
    let matches = 0;
    if (count === -1) {
      for (let i = 0; i < limit; i++) {
        const at = fromTail ? len - 1 - i : i;
        if (list.at(at) === element && (++matches >= rank || rankMin)) {
          w.int(at);
          return;
        }
      }
      w.nullBulk();
      return;
    }
    const found: number[] = [];
    for (let i = 0; i < limit; i++) {
      const at = fromTail ? len - 1 - i : i;
      if (list.at(at) !== element) continue;
      matches++;
      if (matches < rank && !rankMin) continue;
      found.push(at);
      if (count !== 0 && !rankMin && matches - rank + 1 >= count) break;
    }
    w.array(found.length);
    for (let i = 0; i < found.length; i++) w.int(found[i]);
  }
}
