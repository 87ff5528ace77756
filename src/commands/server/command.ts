/**
 * COMMAND and its subcommands: introspection generated from the registry's metadata, in
 * Redis 7.0's reply formats (COMMAND INFO's 10-element entries, COMMAND DOCS's maps).
 */
import type { Client } from "../../engine/client.ts";
import type { ReplyWriter } from "../../resp/writer.ts";
import { globMatch } from "../../store/glob.ts";
import { isOption, lowerName } from "../args.ts";
import { CommandError, ERR_SYNTAX } from "../errors.ts";
import {
  ACL_CATEGORIES,
  type ArgSpec,
  type Command,
  command,
  findKeys,
  hasKeyArguments,
  KEY_SPEC_FLAG_ORDER,
  type KeySpec,
  type KeySpecFlag,
  registry,
} from "../registry.ts";

const ARG_FLAG_ORDER = ["optional", "multiple", "multiple_token"] as const;
const DOC_FLAG_ORDER = ["deprecated", "syscmd"] as const;

/** Statuses in a fixed order, as a set (RESP3) or array (RESP2). */
function writeStatusSet(
  w: ReplyWriter,
  order: readonly string[],
  present: readonly string[],
): void {
  let n = 0;
  for (const f of order) if (present.includes(f)) n++;
  w.set(n);
  for (const f of order) if (present.includes(f)) w.simple(f);
}

/** Writes a map field whose value is optional; call only when it counted in the map's size. */
function writeOptionalBulk(w: ReplyWriter, name: string, value: string | undefined): void {
  if (value === undefined) return;
  w.bulk(name);
  w.bulk(value);
}

/** How many of the optional map fields are present. */
function countPresent(...values: unknown[]): number {
  let n = 0;
  for (const v of values) if (v !== undefined) n++;
  return n;
}

function writeKeyFlags(w: ReplyWriter, flags: readonly KeySpecFlag[]): void {
  writeStatusSet(w, KEY_SPEC_FLAG_ORDER, flags);
}

function writeKeySpec(w: ReplyWriter, spec: KeySpec): void {
  w.map(3 + countPresent(spec.notes));
  writeOptionalBulk(w, "notes", spec.notes);
  w.bulk("flags");
  writeKeyFlags(w, spec.flags);

  w.bulk("begin_search");
  w.map(2);
  w.bulk("type");
  const begin = spec.begin;
  if ("index" in begin) {
    w.bulk("index");
    w.bulk("spec");
    w.map(1);
    w.bulk("index");
    w.int(begin.index);
  } else if ("keyword" in begin) {
    w.bulk("keyword");
    w.bulk("spec");
    w.map(2);
    w.bulk("keyword");
    w.bulk(begin.keyword);
    w.bulk("startfrom");
    w.int(begin.startfrom);
  } else {
    w.bulk("unknown");
    w.bulk("spec");
    w.map(0);
  }

  w.bulk("find_keys");
  w.map(2);
  w.bulk("type");
  const find = spec.find;
  if ("range" in find) {
    w.bulk("range");
    w.bulk("spec");
    w.map(3);
    w.bulk("lastkey");
    w.int(find.range[0]);
    w.bulk("keystep");
    w.int(find.range[1]);
    w.bulk("limit");
    w.int(find.range[2]);
  } else if ("keynum" in find) {
    w.bulk("keynum");
    w.bulk("spec");
    w.map(3);
    w.bulk("keynumidx");
    w.int(find.keynum[0]);
    w.bulk("firstkey");
    w.int(find.keynum[1]);
    w.bulk("keystep");
    w.int(find.keynum[2]);
  } else {
    w.bulk("unknown");
    w.bulk("spec");
    w.map(0);
  }
}

/** One COMMAND INFO entry (a null for a name that is not a command). */
export function writeCommandInfo(w: ReplyWriter, cmd: Command | undefined): void {
  if (cmd === undefined) {
    w.nullBulk();
    return;
  }
  w.array(10);
  w.bulk(cmd.fullName);
  w.int(cmd.arity);
  const flags = cmd.printableFlags();
  w.set(flags.length);
  for (const f of flags) w.simple(f);
  w.int(cmd.legacyKeys[0]);
  w.int(cmd.legacyKeys[1]);
  w.int(cmd.legacyKeys[2]);
  w.set(cmd.acl.length);
  for (const cat of cmd.acl) w.simple("@" + cat);
  const tips = cmd.meta.tips ?? [];
  w.set(tips.length);
  for (const tip of tips) w.bulk(tip);
  const specs = cmd.meta.keySpecs ?? [];
  w.set(specs.length);
  for (const spec of specs) writeKeySpec(w, spec);
  if (cmd.subcommands.size === 0) {
    w.set(0);
  } else {
    w.array(cmd.subcommands.size);
    for (const sub of cmd.subcommands.values()) writeCommandInfo(w, sub);
  }
}

function writeArgs(w: ReplyWriter, args: readonly ArgSpec[]): void {
  w.array(args.length);
  for (const arg of args) {
    const nested = arg.type === "oneof" || arg.type === "block";
    const flags = arg.flags ?? [];
    w.map(
      2 + countPresent(arg.keySpecIndex, arg.token, arg.summary, arg.since, arg.deprecatedSince) +
        (flags.length > 0 ? 1 : 0) + (nested ? 1 : 0),
    );
    w.bulk("name");
    w.bulk(arg.name);
    w.bulk("type");
    w.bulk(arg.type);
    if (arg.keySpecIndex !== undefined) {
      w.bulk("key_spec_index");
      w.int(arg.keySpecIndex);
    }
    writeOptionalBulk(w, "token", arg.token);
    writeOptionalBulk(w, "summary", arg.summary);
    writeOptionalBulk(w, "since", arg.since);
    writeOptionalBulk(w, "deprecated_since", arg.deprecatedSince);
    if (flags.length > 0) {
      w.bulk("flags");
      writeStatusSet(w, ARG_FLAG_ORDER, flags);
    }
    if (nested) {
      w.bulk("arguments");
      writeArgs(w, arg.args ?? []);
    }
  }
}

/** One COMMAND DOCS entry: the map that follows the command's name. */
export function writeCommandDocs(w: ReplyWriter, cmd: Command): void {
  const m = cmd.meta;
  const docFlags = m.docFlags ?? [];
  const history = m.history ?? [];
  const args = m.args ?? [];
  w.map(
    3 + countPresent(m.complexity, m.deprecatedSince, m.replacedBy) +
      (docFlags.length > 0 ? 1 : 0) + (history.length > 0 ? 1 : 0) + (args.length > 0 ? 1 : 0) +
      (cmd.subcommands.size > 0 ? 1 : 0),
  );
  w.bulk("summary");
  w.bulk(m.summary);
  w.bulk("since");
  w.bulk(m.since);
  w.bulk("group");
  w.bulk(m.group);
  writeOptionalBulk(w, "complexity", m.complexity);
  if (docFlags.length > 0) {
    w.bulk("doc_flags");
    writeStatusSet(w, DOC_FLAG_ORDER, docFlags);
  }
  writeOptionalBulk(w, "deprecated_since", m.deprecatedSince);
  writeOptionalBulk(w, "replaced_by", m.replacedBy);
  if (history.length > 0) {
    w.bulk("history");
    w.set(history.length);
    for (const [version, change] of history) {
      w.array(2);
      w.bulk(version);
      w.bulk(change);
    }
  }
  if (args.length > 0) {
    w.bulk("arguments");
    writeArgs(w, args);
  }
  if (cmd.subcommands.size > 0) {
    w.bulk("subcommands");
    w.map(cmd.subcommands.size);
    for (const sub of cmd.subcommands.values()) {
      w.bulk(sub.fullName);
      writeCommandDocs(w, sub);
    }
  }
}

/** The command a full command line names, as COMMAND GETKEYS resolves it. */
function targetCommand(args: string[], from: number): Command | undefined {
  const base = registry.lookup(args[from]);
  if (base === undefined || args.length - from === 1 || base.subcommands.size === 0) return base;
  // a registry lookup, not option matching: Redis's command table hashes the whole name, so
  // a name with a NUL byte names no command (lowerName would cut it there)
  return base.subcommands.get(args[from + 1].toLowerCase());
}

function getKeys(c: Client, args: string[], withFlags: boolean): void {
  const cmd = targetCommand(args, 2);
  if (cmd === undefined) throw new CommandError("ERR Invalid command specified");
  if (!hasKeyArguments(cmd)) throw new CommandError("ERR The command has no key arguments");
  const target = args.slice(2);
  const argc = target.length;
  if ((cmd.arity > 0 && cmd.arity !== argc) || argc < -cmd.arity) {
    throw new CommandError("ERR Invalid number of arguments specified for command");
  }
  const keys = findKeys(cmd, target);
  if (keys.length === 0) {
    if (cmd.flags.has("no_mandatory_keys")) c.w.array(0);
    else c.error("ERR Invalid arguments specified for command");
    return;
  }
  const w = c.w;
  w.array(keys.length);
  for (const key of keys) {
    if (withFlags) {
      w.array(2);
      w.bulk(target[key.index]);
      writeKeyFlags(w, key.flags);
    } else {
      w.bulk(target[key.index]);
    }
  }
}

const HELP = [
  "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "(no subcommand)",
  "    Return details about all Redis commands.",
  "COUNT",
  "    Return the total number of commands in this Redis server.",
  "LIST",
  "    Return a list of all commands in this Redis server.",
  "INFO [<command-name> ...]",
  "    Return details about multiple Redis commands.",
  "    If no command names are given, documentation details for all",
  "    commands are returned.",
  "DOCS [<command-name> ...]",
  "    Return documentation details about multiple Redis commands.",
  "    If no command names are given, documentation details for all",
  "    commands are returned.",
  "GETKEYS <full-command>",
  "    Return the keys from a full Redis command.",
  "GETKEYSANDFLAGS <full-command>",
  "    Return the keys and the access flags from a full Redis command.",
  "HELP",
  "    Prints this help.",
];

type ListFilter = (cmd: Command) => boolean;

function parseListFilter(args: string[]): ListFilter | null {
  if (args.length === 2) return null;
  // Exactly one FILTERBY clause, and it must end the command
  if (args.length !== 5 || !isOption(args[2], "FILTERBY")) {
    throw new CommandError(ERR_SYNTAX);
  }
  const kind = args[3];
  const value = args[4];
  if (isOption(kind, "MODULE")) return () => false; // respire loads no modules
  if (isOption(kind, "ACLCAT")) {
    // matched with strcasecmp against the category names, which are lower-case
    const wanted = lowerName(value);
    const category = ACL_CATEGORIES.find((cat) => cat === wanted);
    if (category === undefined) return () => false;
    return (cmd) => cmd.acl.includes(category);
  }
  if (isOption(kind, "PATTERN")) return (cmd) => globMatch(value, cmd.fullName, true);
  throw new CommandError(ERR_SYNTAX);
}

export class CommandCommands {
  @command({
    name: "command",
    arity: -1,
    flags: ["loading", "stale"],
    acl: ["connection"],
    tips: ["nondeterministic_output_order"],
    group: "server",
    since: "2.8.13",
    summary: "Describes every command the server knows: arity, flags, keys and more.",
    complexity: "O(N) where N is the total number of Redis commands",
  })
  static command(c: Client, _args: string[]): void {
    c.w.array(registry.commands.size);
    for (const cmd of registry.commands.values()) writeCommandInfo(c.w, cmd);
  }

  @command({
    name: "command|count",
    arity: 2,
    flags: ["loading", "stale"],
    acl: ["connection"],
    group: "server",
    since: "2.8.13",
    summary: "Counts the top-level commands the server knows.",
    complexity: "O(1)",
  })
  static count(c: Client, _args: string[]): void {
    c.w.int(registry.commands.size);
  }

  @command({
    name: "command|info",
    arity: -2,
    flags: ["loading", "stale"],
    acl: ["connection"],
    tips: ["nondeterministic_output_order"],
    group: "server",
    since: "2.8.13",
    summary: "Describes the named commands, or all of them when none is named.",
    complexity: "O(N) where N is the number of commands to look up",
    history: [["7.0.0", "Without arguments, describes every command."]],
    args: [{ name: "command-name", type: "string", flags: ["optional", "multiple"] }],
  })
  static info(c: Client, args: string[]): void {
    if (args.length === 2) {
      CommandCommands.command(c, args);
      return;
    }
    c.w.array(args.length - 2);
    for (let i = 2; i < args.length; i++) {
      writeCommandInfo(c.w, registry.lookupFullName(args[i]));
    }
  }

  @command({
    name: "command|docs",
    arity: -2,
    flags: ["loading", "stale"],
    acl: ["connection"],
    tips: ["nondeterministic_output_order"],
    group: "server",
    since: "7.0.0",
    summary: "Documents the named commands, or all of them when none is named.",
    complexity: "O(N) where N is the number of commands to look up",
    args: [{ name: "command-name", type: "string", flags: ["optional", "multiple"] }],
  })
  static docs(c: Client, args: string[]): void {
    const w = c.w;
    let found: Command[];
    if (args.length === 2) {
      found = [...registry.commands.values()];
    } else {
      found = [];
      for (let i = 2; i < args.length; i++) {
        const cmd = registry.lookupFullName(args[i]);
        if (cmd !== undefined) found.push(cmd);
      }
    }
    w.map(found.length);
    for (const cmd of found) {
      w.bulk(cmd.fullName);
      writeCommandDocs(w, cmd);
    }
  }

  @command({
    name: "command|getkeys",
    arity: -4,
    flags: ["loading", "stale"],
    acl: ["connection"],
    group: "server",
    since: "2.8.13",
    summary: "Picks the key arguments out of a complete command line.",
    complexity: "O(N) where N is the number of arguments to the command",
  })
  static getkeys(c: Client, args: string[]): void {
    getKeys(c, args, false);
  }

  @command({
    name: "command|getkeysandflags",
    arity: -4,
    flags: ["loading", "stale"],
    acl: ["connection"],
    group: "server",
    since: "7.0.0",
    summary: "Picks the key arguments out of a complete command line, with how each is used.",
    complexity: "O(N) where N is the number of arguments to the command",
  })
  static getkeysandflags(c: Client, args: string[]): void {
    getKeys(c, args, true);
  }

  @command({
    name: "command|help",
    arity: 2,
    flags: ["loading", "stale"],
    acl: ["connection"],
    group: "server",
    since: "5.0.0",
    summary: "Lists the COMMAND subcommands.",
    complexity: "O(1)",
  })
  static help(c: Client, _args: string[]): void {
    c.w.simpleLines(HELP);
  }

  @command({
    name: "command|list",
    arity: -2,
    flags: ["loading", "stale"],
    acl: ["connection"],
    tips: ["nondeterministic_output_order"],
    group: "server",
    since: "7.0.0",
    summary: "Names every command and subcommand, optionally filtered.",
    complexity: "O(N) where N is the total number of Redis commands",
    args: [{
      name: "filterby",
      type: "oneof",
      token: "FILTERBY",
      flags: ["optional"],
      args: [
        { name: "module-name", type: "string", token: "MODULE" },
        { name: "category", type: "string", token: "ACLCAT" },
        { name: "pattern", type: "pattern", token: "PATTERN" },
      ],
    }],
  })
  static list(c: Client, args: string[]): void {
    const filter = parseListFilter(args);
    const names: string[] = [];
    for (const cmd of registry.commands.values()) {
      if (filter === null || filter(cmd)) names.push(cmd.fullName);
      for (const sub of cmd.subcommands.values()) {
        if (filter === null || filter(sub)) names.push(sub.fullName);
      }
    }
    c.w.array(names.length);
    for (const name of names) c.w.bulk(name);
  }
}
