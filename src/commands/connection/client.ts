/**
 * CLIENT and its Redis 7.0 subcommands, plus two that Redis 7.2 added: SETINFO (node-redis and
 * redis-py send it on connect) and NO-TOUCH. CLIENT HELP stays Redis 7.0's text. Subcommands
 * that belong to other features (PAUSE, TRACKING, UNBLOCK, ...) register from their own files.
 */
import { cString } from "../../lib/bytes.ts";
import type { Client, ClientType } from "../../engine/client.ts";
import { parseInt64 } from "../../lib/numbers.ts";
import { isOption, keyword, oneOf, OptionScanner } from "../args.ts";
import { CommandError, ERR_SYNTAX } from "../errors.ts";
import { type ArgSpec, command, commandContainer } from "../registry.ts";

/** Client names and library attributes become CLIENT LIST fields: printable ASCII, no spaces. */
function isPrintableToken(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 0x21 || ch > 0x7e) return false;
  }
  return true;
}

/** Names the connection (CLIENT SETNAME, HELLO SETNAME); "" removes the name. */
export function setClientName(c: Client, name: string): void {
  if (!isPrintableToken(name)) {
    throw new CommandError(
      "ERR Client names cannot contain spaces, newlines or special characters.",
    );
  }
  c.name = name;
}

const CLIENT_TYPE_NAMES = ["NORMAL", "SLAVE", "REPLICA", "PUBSUB", "MASTER"] as const;
const CLIENT_TYPES: readonly ClientType[] = ["normal", "replica", "replica", "pubsub", "master"];

/** CLIENT LIST TYPE / CLIENT KILL TYPE names; "slave" is the old name of "replica". */
function parseClientType(name: string): ClientType {
  const k = oneOf(name, CLIENT_TYPE_NAMES);
  if (k >= 0) return CLIENT_TYPES[k];
  throw new CommandError(`ERR Unknown client type '${cString(name)}'`);
}

/** Clients still connected: a killed one is gone even before its socket task ends. */
function* liveClients(c: Client): Iterable<Client> {
  for (const other of c.engine.clients.values()) if (!other.closed) yield other;
}

function listLine(c: Client, other: Client, now: number, args: string[]): string {
  return other.infoLine(now, other === c ? args : undefined) + "\n";
}

interface KillFilter {
  addr: string | null;
  laddr: string | null;
  type: ClientType | null;
  id: number;
  user: string | null;
  skipMe: boolean;
}

function parseKillFilter(args: string[]): KillFilter {
  const f: KillFilter = { addr: null, laddr: null, type: null, id: 0, user: null, skipMe: true };
  const o = new OptionScanner(args, 2);
  while (!o.done) {
    if (o.take("ID", 1)) {
      const value = o.value();
      const id = parseInt64(value);
      if (id === null || id < 1) throw new CommandError("ERR client-id should be greater than 0");
      // an ID beyond 2^53 is valid but names no client
      f.id = typeof id === "bigint" ? Infinity : id;
    } else if (o.take("TYPE", 1)) {
      f.type = parseClientType(o.value());
    } else if (o.take("ADDR", 1)) {
      f.addr = cString(o.value());
    } else if (o.take("LADDR", 1)) {
      f.laddr = cString(o.value());
    } else if (o.take("USER", 1)) {
      const value = o.value();
      // respire has one user until ACL users exist
      if (value !== "default") throw new CommandError(`ERR No such user '${cString(value)}'`);
      f.user = value;
    } else if (o.take("SKIPME", 1)) {
      f.skipMe = keyword(o.value(), YES_NO) === 0;
    } else {
      o.fail();
    }
  }
  return f;
}

const YES_NO = ["YES", "NO"] as const;

/** The ON|OFF switch of CLIENT NO-EVICT and NO-TOUCH. */
const ENABLED_ARG: ArgSpec = {
  name: "enabled",
  type: "oneof",
  args: [
    { name: "on", type: "pure-token", token: "ON" },
    { name: "off", type: "pure-token", token: "OFF" },
  ],
};

/** ON or OFF (any case) as a boolean; anything else is a syntax error. */
function parseOnOff(arg: string): boolean {
  if (isOption(arg, "ON")) return true;
  if (isOption(arg, "OFF")) return false;
  throw new CommandError(ERR_SYNTAX);
}

const HELP = [
  "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "CACHING (YES|NO)",
  "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
  "GETREDIR",
  "    Return the client ID we are redirecting to when tracking is enabled.",
  "GETNAME",
  "    Return the name of the current connection.",
  "ID",
  "    Return the ID of the current connection.",
  "INFO",
  "    Return information about the current client connection.",
  "KILL <ip:port>",
  "    Kill connection made from <ip:port>.",
  "KILL <option> <value> [<option> <value> [...]]",
  "    Kill connections. Options are:",
  "    * ADDR (<ip:port>|<unixsocket>:0)",
  "      Kill connections made from the specified address",
  "    * LADDR (<ip:port>|<unixsocket>:0)",
  "      Kill connections made to specified local address",
  "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
  "      Kill connections by type.",
  "    * USER <username>",
  "      Kill connections authenticated by <username>.",
  "    * SKIPME (YES|NO)",
  "      Skip killing current connection (default: yes).",
  "LIST [options ...]",
  "    Return information about client connections. Options:",
  "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
  "      Return clients of specified type.",
  "UNPAUSE",
  "    Stop the current client pause, resuming traffic.",
  "PAUSE <timeout> [WRITE|ALL]",
  "    Suspend all, or just write, clients for <timeout> milliseconds.",
  "REPLY (ON|OFF|SKIP)",
  "    Control the replies sent to the current connection.",
  "SETNAME <name>",
  "    Assign the name <name> to the current connection.",
  "UNBLOCK <clientid> [TIMEOUT|ERROR]",
  "    Unblock the specified blocked client.",
  "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
  "         [OPTIN] [OPTOUT] [NOLOOP]",
  "    Control server assisted client side caching.",
  "TRACKINGINFO",
  "    Report tracking status for the current connection.",
  "NO-EVICT (ON|OFF)",
  "    Protect current client connection from eviction.",
  "HELP",
  "    Prints this help.",
];

commandContainer({
  name: "client",
  arity: -2,
  flags: ["sentinel"],
  group: "connection",
  since: "2.4.0",
  summary: "Groups the commands that inspect and control client connections.",
  complexity: "Depends on subcommand.",
});

export class ClientCommands {
  @command({
    name: "client|id",
    arity: 2,
    flags: ["noscript", "loading", "stale", "sentinel"],
    acl: ["connection"],
    group: "connection",
    since: "5.0.0",
    summary: "Replies with the unique ID of this connection.",
    complexity: "O(1)",
  })
  static id(c: Client): void {
    c.w.int(c.id);
  }

  @command({
    name: "client|setname",
    arity: 3,
    flags: ["noscript", "loading", "stale", "sentinel"],
    acl: ["connection"],
    group: "connection",
    since: "2.6.9",
    summary: "Gives this connection a name, shown by CLIENT LIST.",
    complexity: "O(1)",
    args: [{ name: "connection-name", type: "string" }],
  })
  static setname(c: Client, args: string[]): void {
    setClientName(c, args[2]);
    c.w.ok();
  }

  @command({
    name: "client|getname",
    arity: 2,
    flags: ["noscript", "loading", "stale", "sentinel"],
    acl: ["connection"],
    group: "connection",
    since: "2.6.9",
    summary: "Replies with this connection's name, or null when it has none.",
    complexity: "O(1)",
  })
  static getname(c: Client): void {
    if (c.name === "") c.w.nullBulk();
    else c.w.bulk(c.name);
  }

  @command({
    name: "client|list",
    arity: -2,
    flags: ["admin", "noscript", "loading", "stale", "sentinel"],
    acl: ["connection"],
    tips: ["nondeterministic_output"],
    group: "connection",
    since: "2.4.0",
    summary: "Describes the connected clients, one line of fields per connection.",
    complexity: "O(N) where N is the number of client connections",
    history: [
      ["2.8.12", "The `id` field."],
      ["5.0.0", "The `TYPE` filter."],
      ["6.0.0", "The `user` field."],
      ["6.2.0", "The `argv-mem`, `tot-mem`, `laddr` and `redir` fields, and the `ID` filter."],
      ["7.0.0", "The `resp`, `multi-mem`, `rbs` and `rbp` fields."],
      ["7.0.3", "The `ssub` field."],
    ],
    args: [
      {
        name: "normal_master_replica_pubsub",
        type: "oneof",
        token: "TYPE",
        since: "5.0.0",
        flags: ["optional"],
        args: [
          { name: "normal", type: "pure-token", token: "NORMAL" },
          { name: "master", type: "pure-token", token: "MASTER" },
          { name: "replica", type: "pure-token", token: "REPLICA" },
          { name: "pubsub", type: "pure-token", token: "PUBSUB" },
        ],
      },
      {
        name: "id",
        type: "block",
        token: "ID",
        since: "6.2.0",
        flags: ["optional"],
        args: [{ name: "client-id", type: "integer", flags: ["multiple"] }],
      },
    ],
  })
  static list(c: Client, args: string[]): void {
    const now = Date.now();
    let out = "";
    if (args.length === 4 && isOption(args[2], "TYPE")) {
      const type = parseClientType(args[3]);
      for (const other of liveClients(c)) {
        if (other.type === type) out += listLine(c, other, now, args);
      }
    } else if (args.length > 3 && isOption(args[2], "ID")) {
      // every ID is checked before anything is listed
      const ids: (number | bigint)[] = [];
      for (let i = 3; i < args.length; i++) {
        const id = parseInt64(args[i]);
        if (id === null) throw new CommandError("ERR Invalid client ID");
        ids.push(id);
      }
      for (const id of ids) {
        const other = typeof id === "number" ? c.engine.clients.get(id) : undefined;
        if (other !== undefined && !other.closed) out += listLine(c, other, now, args);
      }
    } else if (args.length !== 2) {
      throw new CommandError(ERR_SYNTAX);
    } else {
      for (const other of liveClients(c)) out += listLine(c, other, now, args);
    }
    c.w.verbatim(out);
  }

  @command({
    name: "client|info",
    arity: 2,
    flags: ["noscript", "loading", "stale", "sentinel"],
    acl: ["connection"],
    tips: ["nondeterministic_output"],
    group: "connection",
    since: "6.2.0",
    summary: "Describes this connection with the fields of CLIENT LIST.",
    complexity: "O(1)",
  })
  static info(c: Client, args: string[]): void {
    c.w.verbatim(listLine(c, c, Date.now(), args));
  }

  @command({
    name: "client|kill",
    arity: -3,
    flags: ["admin", "noscript", "loading", "stale", "sentinel"],
    acl: ["connection"],
    group: "connection",
    since: "2.4.0",
    summary: "Closes the connections that match an address or a set of filters.",
    complexity: "O(N) where N is the number of client connections",
    history: [
      ["2.8.12", "Filters given as option/value pairs."],
      ["2.8.12", "The `ID` filter."],
      ["3.2.0", "`master` as a `TYPE`."],
      ["5.0.0", "`replica` as a `TYPE`; `slave` is still understood."],
      ["6.2.0", "The `LADDR` filter."],
    ],
    args: [{
      name: "filter",
      type: "oneof",
      args: [
        { name: "ip:port", type: "string", deprecatedSince: "2.8.12" },
        {
          name: "new-format",
          type: "oneof",
          flags: ["multiple"],
          args: [
            {
              name: "client-id",
              type: "integer",
              token: "ID",
              since: "2.8.12",
              flags: ["optional"],
            },
            {
              name: "normal_master_slave_pubsub",
              type: "oneof",
              token: "TYPE",
              since: "2.8.12",
              flags: ["optional"],
              args: [
                { name: "normal", type: "pure-token", token: "NORMAL" },
                { name: "master", type: "pure-token", token: "MASTER", since: "3.2.0" },
                { name: "slave", type: "pure-token", token: "SLAVE" },
                { name: "replica", type: "pure-token", token: "REPLICA", since: "5.0.0" },
                { name: "pubsub", type: "pure-token", token: "PUBSUB" },
              ],
            },
            { name: "username", type: "string", token: "USER", flags: ["optional"] },
            { name: "ip:port", type: "string", token: "ADDR", flags: ["optional"] },
            {
              name: "ip:port",
              type: "string",
              token: "LADDR",
              since: "6.2.0",
              flags: ["optional"],
            },
            { name: "yes/no", type: "string", token: "SKIPME", flags: ["optional"] },
          ],
        },
      ],
    }],
  })
  static kill(c: Client, args: string[]): void {
    // CLIENT KILL addr:port is the old form: it may kill the caller and replies OK or an error
    const oldForm = args.length === 3;
    const f: KillFilter = oldForm
      ? { addr: cString(args[2]), laddr: null, type: null, id: 0, user: null, skipMe: false }
      : parseKillFilter(args);
    let killed = 0;
    let killSelf = false;
    for (const other of liveClients(c)) {
      if (f.addr !== null && other.addr !== f.addr) continue;
      if (f.laddr !== null && other.laddr !== f.laddr) continue;
      if (f.type !== null && other.type !== f.type) continue;
      if (f.id !== 0 && other.id !== f.id) continue;
      if (f.user !== null && other.user !== f.user) continue;
      if (other === c) {
        if (f.skipMe) continue;
        killSelf = true;
      } else {
        other.closed = true;
        other.kill();
      }
      killed++;
    }
    // the caller goes only after its reply is written
    if (killSelf) c.closeAfterReply = true;
    if (!oldForm) c.w.int(killed);
    else if (killed === 0) throw new CommandError("ERR No such client");
    else c.w.ok();
  }

  @command({
    name: "client|no-evict",
    arity: 3,
    flags: ["admin", "noscript", "loading", "stale", "sentinel"],
    acl: ["connection"],
    group: "connection",
    since: "7.0.0",
    summary: "Exempts this connection from client eviction, or makes it evictable again.",
    complexity: "O(1)",
    args: [ENABLED_ARG],
  })
  static noEvict(c: Client, args: string[]): void {
    c.noEvict = parseOnOff(args[2]);
    c.w.ok();
  }

  @command({
    name: "client|no-touch",
    arity: 3,
    flags: ["noscript", "loading", "stale"],
    acl: ["connection"],
    group: "connection",
    since: "7.2.0",
    summary:
      "Stops this connection's commands from refreshing the LRU/LFU data of the keys they read, or lets them again.",
    complexity: "O(1)",
    args: [ENABLED_ARG],
  })
  static noTouch(c: Client, args: string[]): void {
    c.noTouch = parseOnOff(args[2]);
    c.w.ok();
  }

  @command({
    name: "client|reply",
    arity: 3,
    flags: ["noscript", "loading", "stale", "sentinel"],
    acl: ["connection"],
    group: "connection",
    since: "3.2.0",
    summary: "Turns the server's replies to this connection off, on, or off for one command.",
    complexity: "O(1)",
    args: [{
      name: "on_off_skip",
      type: "oneof",
      args: [
        { name: "on", type: "pure-token", token: "ON" },
        { name: "off", type: "pure-token", token: "OFF" },
        { name: "skip", type: "pure-token", token: "SKIP" },
      ],
    }],
  })
  static reply(c: Client, args: string[]): void {
    // OFF and SKIP get no reply of their own (dispatch drops what the silenced commands write)
    const mode = args[2];
    if (isOption(mode, "ON")) {
      c.replyOff = false;
      c.replySkip = false;
      c.w.ok();
    } else if (isOption(mode, "OFF")) {
      c.replyOff = true;
    } else if (isOption(mode, "SKIP")) {
      if (!c.replyOff) c.replySkipNext = true;
    } else {
      throw new CommandError(ERR_SYNTAX);
    }
  }

  @command({
    name: "client|setinfo",
    arity: 4,
    flags: ["noscript", "loading", "stale", "sentinel"],
    acl: ["connection"],
    group: "connection",
    since: "7.2.0",
    summary: "Records the client library's name or version, shown by CLIENT LIST.",
    complexity: "O(1)",
    args: [{
      name: "attr",
      type: "oneof",
      args: [
        { name: "libname", type: "string", token: "LIB-NAME" },
        { name: "libver", type: "string", token: "LIB-VER" },
      ],
    }],
  })
  static setinfo(c: Client, args: string[]): void {
    const attr = args[2];
    const isName = isOption(attr, "LIB-NAME");
    if (!isName && !isOption(attr, "LIB-VER")) {
      throw new CommandError(`ERR Unrecognized option '${cString(attr)}'`);
    }
    const value = args[3];
    if (!isPrintableToken(value)) {
      throw new CommandError(
        `ERR ${cString(attr)} cannot contain spaces, newlines or special characters.`,
      );
    }
    if (isName) c.libName = value;
    else c.libVersion = value;
    c.w.ok();
  }

  @command({
    name: "client|help",
    arity: 2,
    flags: ["loading", "stale", "sentinel"],
    acl: ["connection"],
    group: "connection",
    since: "5.0.0",
    summary: "Lists the CLIENT subcommands with a line of explanation each.",
    complexity: "O(1)",
  })
  static help(c: Client): void {
    c.w.simpleLines(HELP);
  }
}
