import type { Client } from "../../engine/client.ts";
import type { HashValue } from "../../store/hash.ts";
import { readCollection } from "../lookup.ts";
import { command, type CommandMeta } from "../registry.ts";

function wholeHashMeta(name: string, summary: string): CommandMeta {
  return {
    name,
    arity: 2,
    flags: ["readonly"],
    keys: [1, 1, 1],
    acl: ["hash"],
    tips: ["nondeterministic_output_order"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "hash",
    since: "2.0.0",
    summary,
    complexity: "O(N) where N is the size of the hash.",
    args: [{ name: "key", type: "key", keySpecIndex: 0 }],
  };
}

export class HashWholeCommands {
  @command(wholeHashMeta("hkeys", "Returns every field name of a hash."))
  static hkeys(c: Client, args: string[]): void {
    const hash = readCollection<HashValue>(c, args[1], "hash");
    if (hash === undefined) {
      c.w.array(0);
      return;
    }
    const w = c.w;
    w.array(hash.size);
    hash.forEach((field) => w.bulk(field));
  }

  @command(wholeHashMeta("hvals", "Returns every value stored in a hash."))
  static hvals(c: Client, args: string[]): void {
    const hash = readCollection<HashValue>(c, args[1], "hash");
    if (hash === undefined) {
      c.w.array(0);
      return;
    }
    const w = c.w;
    w.array(hash.size);
    hash.forEach((_field, value) => w.bulk(value));
  }

  @command(wholeHashMeta("hgetall", "Returns every field of a hash with its value."))
  static hgetall(c: Client, args: string[]): void {
    const hash = readCollection<HashValue>(c, args[1], "hash");
    const w = c.w;
    if (hash === undefined) {
      w.map(0);
      return;
    }
    w.map(hash.size);
    hash.forEach((field, value) => {
      w.bulk(field);
      w.bulk(value);
    });
  }
}
