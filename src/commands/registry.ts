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
import type { Client } from "../server/client.ts";

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
  | "allow_busy";

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
  since?: string;
  flags?: ("optional" | "multiple" | "multiple_token")[];
  deprecatedSince?: string;
  args?: ArgSpec[];
}

export type DocFlag = "deprecated" | "syscmd";

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
   * For commands whose keys are not at fixed positions (movablekeys): returns the key
   * argument indexes for a full argument vector, for COMMAND GETKEYS and cluster clients.
   */
  getKeys?: (args: string[]) => number[];
}

/** A command handler. It writes its reply to c.w, or throws CommandError. */
export type Handler = (c: Client, args: string[]) => void | Promise<void>;

export interface CommandStats {
  calls: number;
  usec: number;
  rejected: number;
  failed: number;
}

export class Command {
  readonly name: string;
  /** "get", or "config|get" */
  readonly fullName: string;
  readonly arity: number;
  readonly flags: Set<CommandFlag>;
  readonly acl: AclCategory[];
  readonly subcommands = new Map<string, Command>();
  parent: Command | null = null;
  readonly stats: CommandStats = { calls: 0, usec: 0, rejected: 0, failed: 0 };
  readonly isWrite: boolean;
  readonly noAuth: boolean;
  readonly allowedWhileLoading: boolean;

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
  }

  /** Flags as Redis prints them, movablekeys derived from the key specs. */
  printableFlags(): CommandFlag[] {
    const out = FLAG_ORDER.filter((f) => this.flags.has(f));
    if (!this.flags.has("movablekeys") && this.meta.getKeys) out.push("movablekeys");
    return out;
  }
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
  if (!f.has("fast")) set.add("slow");
  return ACL_CATEGORIES.filter((c) => set.has(c));
}

export class Registry {
  /** Top-level commands by lower-case name. */
  readonly commands = new Map<string, Command>();
  /** Dispatch table: lower- and upper-case spellings, so the common case skips toLowerCase. */
  private readonly lookupTable = new Map<string, Command>();

  register(meta: CommandMeta, handler: Handler | null): Command {
    const cmd = new Command(meta, handler);
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
    this.lookupTable.set(meta.name.toUpperCase(), cmd);
    return cmd;
  }

  /** The top-level command named by a client's first argument, any case. */
  lookup(name: string): Command | undefined {
    return this.lookupTable.get(name) ?? this.commands.get(name.toLowerCase());
  }

  /** Resolves "config|get" style names, as COMMAND INFO accepts them. */
  lookupFullName(fullName: string): Command | undefined {
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
