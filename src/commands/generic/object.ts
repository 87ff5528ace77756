import type { Client } from "../../engine/client.ts";
import type { Entry } from "../../store/database.ts";
import { lfuDecay } from "../../store/lfu.ts";
import { CommandError } from "../errors.ts";
import { command, commandContainer, type CommandMeta } from "../registry.ts";
import { encodingOf, peekEntry, refcountOf } from "./common.ts";

commandContainer({
  name: "object",
  arity: -2,
  flags: [],
  group: "generic",
  since: "2.2.3",
  summary: "Introspection of the values stored at keys.",
  complexity: "Depends on subcommand.",
});

/** The reply lines of OBJECT HELP, as Redis prints them. */
const HELP = [
  "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "ENCODING <key>",
  "    Return the kind of internal representation used in order to store the value",
  "    associated with a <key>.",
  "FREQ <key>",
  "    Return the access frequency index of the <key>. The returned integer is",
  "    proportional to the logarithm of the recent access frequency of the key.",
  "IDLETIME <key>",
  "    Return the idle time of the <key>, that is the approximated number of",
  "    seconds elapsed since the last access to the key.",
  "REFCOUNT <key>",
  "    Return the number of references of the value associated with the specified",
  "    <key>.",
  "HELP",
  "    Prints this help.",
];

const POLICY_NOTE =
  "Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.";

/** A 24-bit LRU clock wraps about every 194 days; the distance counts across the wrap. */
const LRU_CLOCK_MAX = 0xffffff;

function keyMeta(name: string, since: string, summary: string): CommandMeta {
  return {
    name,
    arity: 3,
    flags: ["readonly"],
    keys: [2, 2, 1],
    acl: ["keyspace"],
    tips: ["nondeterministic_output"],
    keySpecs: [{ flags: ["RO"], begin: { index: 2 }, find: { range: [0, 1, 0] } }],
    group: "generic",
    since,
    summary,
    complexity: "O(1)",
    args: [{ name: "key", type: "key", keySpecIndex: 0 }],
  };
}

/** The entry at args[2] without touching it, or undefined after replying null. */
function inspect(c: Client, args: string[]): Entry | undefined {
  const e = peekEntry(c, args[2], false);
  if (e === undefined) c.w.nullBulk();
  return e;
}

export class ObjectCommands {
  @command(keyMeta("object|encoding", "2.2.3", "Names the internal representation of a value."))
  static encoding(c: Client, args: string[]): void {
    const e = inspect(c, args);
    if (e !== undefined) c.w.bulk(encodingOf(e));
  }

  @command(keyMeta("object|freq", "4.0.0", "Reports a key's logarithmic access frequency counter."))
  static freq(c: Client, args: string[]): void {
    const e = inspect(c, args);
    if (e === undefined) return;
    const engine = c.engine;
    if (!engine.lfuEnabled) {
      throw new CommandError(
        `ERR An LFU maxmemory policy is not selected, access frequency not tracked. ${POLICY_NOTE}`,
      );
    }
    // decay first: the counter only changes on access, so a cold key would look hot
    c.w.int(lfuDecay(e.lru, engine.clock.now(), engine.config.lfuDecayTime));
  }

  @command(keyMeta("object|idletime", "2.2.3", "Reports the seconds since a key was last used."))
  static idletime(c: Client, args: string[]): void {
    const e = inspect(c, args);
    if (e === undefined) return;
    const engine = c.engine;
    if (engine.lfuEnabled) {
      throw new CommandError(
        `ERR An LFU maxmemory policy is selected, idle time not tracked. ${POLICY_NOTE}`,
      );
    }
    const now = engine.lruClock();
    c.w.int(now >= e.lru ? now - e.lru : now + LRU_CLOCK_MAX - e.lru);
  }

  @command(keyMeta("object|refcount", "2.2.3", "Reports how many references share a value."))
  static refcount(c: Client, args: string[]): void {
    const e = inspect(c, args);
    if (e !== undefined) c.w.int(refcountOf(c, e));
  }

  @command({
    name: "object|help",
    arity: 2,
    flags: ["loading", "stale"],
    acl: ["keyspace"],
    group: "generic",
    since: "6.2.0",
    summary: "Lists the OBJECT subcommands.",
    complexity: "O(1)",
  })
  static help(c: Client, _args: string[]): void {
    c.w.simpleLines(HELP);
  }
}
