/**
 * The command registry: every command is declared once, with a decorator carrying its Redis
 * metadata. Dispatch, arity checks, COMMAND INFO/DOCS/LIST/COUNT/GETKEYS, ACL categories and
 * docs/commands.md all read from here.
 *
 *   export class StringCommands {
 *     @command({ name: "get", arity: 2, flags: ["readonly", "fast"], keys: [1, 1, 1], ... })
 *     static get(c: Client, args: string[]) { ... }
 *   }
 */
import type { Client } from "../engine/client.ts";

export type CommandFlag =
  | "write"
  | "readonly"
  | "denyoom"
  | "module"
  | "admin"
  | "pubsub"
  | "noscript"
  | "blocking"
  | "loading"
  | "stale"
  | "skip_monitor"
  | "skip_slowlog"
  | "asking"
  | "fast"
  | "no_auth"
  | "may_replicate"
  | "sentinel"
  | "only_sentinel"
  | "no_mandatory_keys"
  | "protected"
  | "no_async_loading"
  | "no_multi"
  | "movablekeys"
  | "allow_busy"
  | "touches_arbitrary_keys";

/** Order in which Redis prints command flags. */
export const FLAG_ORDER: CommandFlag[] = [
  "write",
  "readonly",
  "denyoom",
  "module",
  "admin",
  "pubsub",
  "noscript",
  "blocking",
  "loading",
  "stale",
  "skip_monitor",
  "skip_slowlog",
  "asking",
  "fast",
  "no_auth",
  "may_replicate",
  "sentinel",
  "only_sentinel",
  "no_mandatory_keys",
  "protected",
  "no_async_loading",
  "no_multi",
  "movablekeys",
  "allow_busy",
];

/** ACL categories in Redis's table order (the order COMMAND INFO prints them). */
export const ACL_CATEGORIES = [
  "keyspace",
  "read",
  "write",
  "set",
  "sortedset",
  "list",
  "hash",
  "string",
  "bitmap",
  "hyperloglog",
  "geo",
  "stream",
  "pubsub",
  "admin",
  "fast",
  "slow",
  "blocking",
  "dangerous",
  "connection",
  "transaction",
  "scripting",
] as const;
export type AclCategory = typeof ACL_CATEGORIES[number];

export type KeySpecFlag =
  | "RO"
  | "RW"
  | "OW"
  | "RM"
  | "access"
  | "update"
  | "insert"
  | "delete"
  | "not_key"
  | "incomplete"
  | "variable_flags";

export const KEY_SPEC_FLAG_ORDER: KeySpecFlag[] = [
  "RO",
  "RW",
  "OW",
  "RM",
  "access",
  "update",
  "insert",
  "delete",
  "not_key",
  "incomplete",
  "variable_flags",
];

export interface KeySpec {
  notes?: string;
  flags: KeySpecFlag[];
  begin: { index: number } | { keyword: string; startfrom: number } | { unknown: true };
  find:
    | { range: [lastkey: number, keystep: number, limit: number] }
    | { keynum: [keynumidx: number, firstkey: number, keystep: number] }
    | { unknown: true };
}

export type ArgType =
  | "string"
  | "integer"
  | "double"
  | "key"
  | "pattern"
  | "unix-time"
  | "pure-token"
  | "oneof"
  | "block";

export interface ArgSpec {
  name: string;
  type: ArgType;
  keySpecIndex?: number;
  token?: string;
  /** Our own words; Redis 7.0 ships no argument summaries, so most arguments leave it out. */
  summary?: string;
  since?: string;
  flags?: ("optional" | "multiple" | "multiple_token")[];
  deprecatedSince?: string;
  args?: ArgSpec[];
}

export type DocFlag = "deprecated" | "syscmd";

/** A key found in an argument vector, with the access flags COMMAND GETKEYSANDFLAGS reports. */
export interface KeyRef {
  /** Position in the argument vector (0 is the command name). */
  index: number;
  flags: KeySpecFlag[];
}

export interface CommandMeta {
  /** Lower case; a subcommand is "parent|sub", e.g. "config|get". */
  name: string;
  /** Redis arity: exact count including the name, or -N for "at least N". */
  arity: number;
  flags: CommandFlag[];
  /** Legacy key positions [first, last, step]; last -1 means "up to the end". */
  keys?: [number, number, number];
  /** ACL categories beyond the ones implied by flags. */
  acl?: AclCategory[];
  tips?: string[];
  keySpecs?: KeySpec[];
  group: string;
  since: string;
  summary: string;
  complexity?: string;
  docFlags?: DocFlag[];
  deprecatedSince?: string;
  replacedBy?: string;
  history?: [string, string][];
  args?: ArgSpec[];
  /**
   * The command's own key finder, asked when the key specs cannot answer for an argument
   * vector (an unknown or incomplete spec, a bad key count) or when a spec is marked
   * variable_flags. Returns the key argument indexes of a full argument vector (args[0] is the
   * command name), or KeyRefs when the keys' access flags depend on the arguments (SET with
   * GET, SORT with STORE); bare indexes get the flags of the command's first key spec.
   * Use findKeys() to read a command's keys rather than calling this directly.
   */
  getKeys?: (args: string[]) => number[] | KeyRef[];
}

/** A command handler. It writes its reply to c.w, or throws CommandError. */
export type Handler = (c: Client, args: string[]) => void | Promise<void>;

export class Command {
  readonly name: string;
  /** "get", or "config|get" */
  readonly fullName: string;
  readonly arity: number;
  readonly flags: Set<CommandFlag>;
  readonly acl: AclCategory[];
  readonly subcommands = new Map<string, Command>();
  parent: Command | null = null;
  /**
   * Index of this command (or subcommand) in registration order: per-server tables such as
   * the command statistics (engine/stats.ts) are arrays indexed by it.
   */
  id = -1;
  readonly isWrite: boolean;
  readonly noAuth: boolean;
  readonly allowedWhileLoading: boolean;
  /** EXEC: propagates nothing itself, its queued commands do. */
  readonly isExec: boolean;
  /**
   * SCAN, RANDOMKEY (Redis's CMD_TOUCHES_ARBITRARY_KEYS): the keys they find expired are
   * propagated as separate deletions, not as one transaction.
   */
  readonly touchesArbitraryKeys: boolean;
  /**
   * Legacy [first, last, step] key positions as COMMAND INFO prints them, derived from the
   * key specs the way Redis derives them (or meta.keys for a command without key specs).
   */
  readonly legacyKeys: [number, number, number];
  /** Keys cannot be found from fixed positions alone (Redis's movablekeys flag). */
  readonly movableKeys: boolean;

  constructor(readonly meta: CommandMeta, public handler: Handler | null) {
    this.fullName = meta.name;
    const bar = meta.name.indexOf("|");
    this.name = bar < 0 ? meta.name : meta.name.slice(bar + 1);
    this.arity = meta.arity;
    this.flags = new Set(meta.flags);
    this.acl = implicitCategories(meta);
    this.isWrite = this.flags.has("write");
    this.noAuth = this.flags.has("no_auth");
    this.allowedWhileLoading = this.flags.has("loading");
    this.isExec = meta.name === "exec";
    this.touchesArbitraryKeys = this.flags.has("touches_arbitrary_keys");
    const legacy = legacyKeyRange(meta);
    this.legacyKeys = legacy.range;
    this.movableKeys = legacy.movable || this.flags.has("movablekeys");
  }

  /**
   * Flags as COMMAND INFO prints them: Redis's order, movablekeys derived from the key specs,
   * and without the flags Redis keeps to itself (may_replicate, sentinel, only_sentinel,
   * protected).
   */
  printableFlags(): CommandFlag[] {
    return FLAG_ORDER.filter((f) =>
      f === "movablekeys" ? this.movableKeys : this.flags.has(f) && !HIDDEN_FLAGS.has(f)
    );
  }
}

/** Flags Redis never shows in COMMAND INFO. */
const HIDDEN_FLAGS = new Set<CommandFlag>([
  "may_replicate",
  "sentinel",
  "only_sentinel",
  "protected",
]);

function isPlainRange(spec: KeySpec): boolean {
  return "index" in spec.begin && "range" in spec.find;
}

/**
 * The legacy key range Redis computes from the key specs: one index/range spec is used as is;
 * otherwise consecutive step-1 range specs are merged, and anything else (keyword or keynum
 * specs, gaps, other steps, incomplete specs) makes the keys movable.
 */
function legacyKeyRange(meta: CommandMeta): { range: [number, number, number]; movable: boolean } {
  const specs = meta.keySpecs ?? [];
  if (specs.length === 0) return { range: meta.keys ?? [0, 0, 0], movable: false };
  if (specs.length === 1 && isPlainRange(specs[0])) {
    const spec = specs[0];
    const first = (spec.begin as { index: number }).index;
    const [lastkey, keystep] = (spec.find as { range: [number, number, number] }).range;
    return {
      range: [first, lastkey >= 0 ? first + lastkey : lastkey, keystep],
      movable: spec.flags.includes("incomplete"),
    };
  }
  // Redis compares last positions as unsigned numbers, so "-1" (to the end) wins every max.
  const unsigned = (n: number) => (n < 0 ? 2 ** 32 + n : n);
  let movable = false;
  let first = Infinity;
  let last = 0;
  let prevLast = 0;
  for (const spec of specs) {
    if (!isPlainRange(spec)) {
      movable = true;
      continue;
    }
    const index = (spec.begin as { index: number }).index;
    const [lastkey, keystep] = (spec.find as { range: [number, number, number] }).range;
    if (keystep !== 1 || (prevLast !== 0 && prevLast !== index - 1)) {
      movable = true;
      continue;
    }
    if (spec.flags.includes("incomplete")) movable = true;
    first = Math.min(first, index);
    const absLast = lastkey >= 0 ? lastkey + index : lastkey;
    if (unsigned(absLast) > unsigned(last)) last = absLast;
    prevLast = last;
  }
  if (first === Infinity) return { range: [0, 0, 0], movable: true };
  return { range: [first, last, 1], movable };
}

function implicitCategories(meta: CommandMeta): AclCategory[] {
  const set = new Set<AclCategory>(meta.acl ?? []);
  const f = new Set(meta.flags);
  if (f.has("write")) set.add("write");
  if (f.has("readonly") && !set.has("scripting")) set.add("read");
  if (f.has("admin")) {
    set.add("admin");
    set.add("dangerous");
  }
  if (f.has("pubsub")) set.add("pubsub");
  if (f.has("fast")) set.add("fast");
  if (f.has("blocking")) set.add("blocking");
  // Redis tests the category, not the flag: an explicit @fast category also avoids @slow
  if (!set.has("fast")) set.add("slow");
  return ACL_CATEGORIES.filter((c) => set.has(c));
}

export class Registry {
  /** Top-level commands by lower-case name. */
  readonly commands = new Map<string, Command>();
  /** Dispatch table: lower- and upper-case spellings, so the common case skips toLowerCase. */
  private readonly lookupTable = new Map<string, Command>();

  /** Commands and subcommands registered so far (the next Command.id). */
  size = 0;

  register(meta: CommandMeta, handler: Handler | null): Command {
    const cmd = new Command(meta, handler);
    cmd.id = this.size++;
    const bar = meta.name.indexOf("|");
    if (bar >= 0) {
      const parentName = meta.name.slice(0, bar);
      const parent = this.commands.get(parentName);
      if (!parent) throw new Error(`subcommand ${meta.name} registered before ${parentName}`);
      if (parent.subcommands.has(cmd.name)) throw new Error(`duplicate command ${meta.name}`);
      cmd.parent = parent;
      parent.subcommands.set(cmd.name, cmd);
      return cmd;
    }
    if (this.commands.has(meta.name)) throw new Error(`duplicate command ${meta.name}`);
    this.commands.set(meta.name, cmd);
    this.lookupTable.set(meta.name, cmd);
    // the declared name, not an argument
    this.lookupTable.set(meta.name.toUpperCase(), cmd);
    return cmd;
  }

  /** The top-level command named by a client's first argument, any case. */
  lookup(name: string): Command | undefined {
    // a registry lookup, not option matching: Redis hashes the whole name, so unlike an
    // option keyword a command name does not end at a NUL byte
    return this.lookupTable.get(name) ?? this.commands.get(name.toLowerCase());
  }

  /** Resolves "config|get" style names, as COMMAND INFO accepts them. */
  lookupFullName(fullName: string): Command | undefined {
    // a registry lookup by name (COMMAND INFO/DOCS), as in lookup()
    const lower = fullName.toLowerCase();
    const bar = lower.indexOf("|");
    if (bar < 0) return this.commands.get(lower);
    return this.commands.get(lower.slice(0, bar))?.subcommands.get(lower.slice(bar + 1));
  }

  /** Every command including subcommands. */
  *all(): Iterable<Command> {
    for (const c of this.commands.values()) {
      yield c;
      yield* c.subcommands.values();
    }
  }
}

/** The process-wide registry that decorated command classes fill at import time. */
export const registry = new Registry();

/**
 * Declares a command. Used on static methods; registration happens when the class is
 * evaluated, so importing a family module registers its commands.
 */
export function command(meta: CommandMeta) {
  return function (handler: Handler, _context: ClassMethodDecoratorContext): void {
    registry.register(meta, handler);
  };
}

/**
 * Declares a command that only groups subcommands (CONFIG, CLIENT, OBJECT, ...). Dispatch
 * resolves the subcommand; the container itself has no handler.
 */
export function commandContainer(meta: CommandMeta): void {
  registry.register(meta, null);
}

/** Whether a command takes key arguments at all (COMMAND GETKEYS refuses the others). */
export function hasKeyArguments(cmd: Command): boolean {
  const specs = cmd.meta.keySpecs;
  if (cmd.meta.getKeys) return true;
  if (specs === undefined || specs.length === 0) return cmd.legacyKeys[0] > 0;
  return specs.some((s) => !s.flags.includes("not_key"));
}

/**
 * The keys of a full argument vector (args[0] is the command name), found as Redis finds
 * them: from the key specs when they are reliable, else from the command's own getKeys.
 * An empty result means no keys, or arguments the finder could not make sense of.
 */
export function findKeys(cmd: Command, args: string[]): KeyRef[] {
  const meta = cmd.meta;
  let specs = meta.keySpecs;
  if (specs === undefined || specs.length === 0) {
    if (cmd.legacyKeys[0] === 0) specs = [];
    else {
      const [first, last, step] = cmd.legacyKeys;
      specs = [{
        flags: [],
        begin: { index: first },
        find: { range: [last < 0 ? last : last - first, step, 0] },
      }];
    }
  }
  const hasKeySpec = specs.some((s) => !s.flags.includes("not_key"));
  const variableFlags = specs.some((s) => s.flags.includes("variable_flags"));
  if (hasKeySpec && (!variableFlags || meta.getKeys === undefined)) {
    const keys = keysFromSpecs(specs, args);
    if (keys !== null) return keys;
  }
  if (meta.getKeys === undefined) return [];
  const found = meta.getKeys(args);
  if (found.length === 0 || typeof found[0] !== "number") return found as KeyRef[];
  const flags = specs.length > 0 ? reportedKeyFlags(specs[0].flags) : [];
  return (found as number[]).map((index) => ({ index, flags }));
}

function reportedKeyFlags(flags: KeySpecFlag[]): KeySpecFlag[] {
  return flags.filter((f) => f !== "incomplete" && f !== "variable_flags");
}

/** C strcasecmp on a NUL-terminated argument against an ASCII keyword. */
function sameKeyword(arg: string, keyword: string): boolean {
  const nul = arg.indexOf("\0");
  const a = nul < 0 ? arg : arg.slice(0, nul);
  if (a.length !== keyword.length) return false;
  for (let i = 0; i < a.length; i++) {
    let x = a.charCodeAt(i);
    let y = keyword.charCodeAt(i);
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return false;
  }
  return true;
}

const INT64_DIGITS = /^(?:0|-?[1-9][0-9]{0,18})$/;

/**
 * Walks the key specs over an argument vector. Returns null when a spec cannot be applied
 * (unknown or incomplete spec, bad key count, positions past the end): Redis then falls back
 * to the command's own key finder.
 */
function keysFromSpecs(specs: KeySpec[], args: string[]): KeyRef[] | null {
  const argc = args.length;
  const keys: KeyRef[] = [];
  for (const spec of specs) {
    if (spec.flags.includes("not_key")) continue;
    let first = 0;
    const begin = spec.begin;
    if ("index" in begin) {
      first = begin.index;
    } else if ("keyword" in begin) {
      const from = begin.startfrom;
      const start = from > 0 ? from : argc + from;
      const end = from > 0 ? argc - 1 : 1;
      const dir = start <= end ? 1 : -1;
      for (let i = start; i !== end; i += dir) {
        if (i >= argc || i < 1) break;
        if (sameKeyword(args[i], begin.keyword)) {
          first = i + 1;
          break;
        }
      }
      if (first === 0) continue; // keyword absent: this spec names no key here
    } else {
      return null;
    }
    let last: number;
    let step: number;
    const find = spec.find;
    if ("range" in find) {
      const [lastkey, keystep, limit] = find.range;
      step = keystep;
      if (lastkey >= 0) last = first + lastkey;
      else if (limit === 0) last = argc + lastkey;
      else last = first + (Math.trunc((argc - first) / limit) + lastkey);
    } else if ("keynum" in find) {
      const [keynumidx, firstkey, keystep] = find.keynum;
      step = keystep;
      if (first + keynumidx >= argc) return null;
      const count = args[first + keynumidx];
      if (!INT64_DIGITS.test(count)) return null;
      const n = Number(count);
      if (n < 0 || n > 2 ** 31) return null;
      first += firstkey;
      last = first + n - 1;
    } else {
      return null;
    }
    if (last >= argc || last < first || first >= argc) return null;
    for (let i = first; i <= last; i += step) keys.push({ index: i, flags: spec.flags });
    if (spec.flags.includes("incomplete")) return null;
  }
  return keys;
}
