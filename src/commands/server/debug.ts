/**
 * DEBUG: the subcommands test suites rely on. SLEEP stops the whole server (a synchronous
 * wait: no other client is served meanwhile, as with Redis). DEBUG is refused unless
 * enable-debug-command allows it.
 */
import type { Client } from "../../engine/client.ts";
import { lowerName } from "../args.ts";
import { CommandError } from "../errors.ts";
import { command } from "../registry.ts";
import { allowedByOption } from "./config.ts";

const HELP = [
  "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "ERROR <string>",
  "    Return a Redis protocol error with <string> as message. Useful for clients",
  "    unit tests to simulate Redis errors.",
  "LOG <message>",
  "    Write <message> to the server log.",
  "PROTOCOL <type>",
  "    Reply with a test value of the specified type. <type> can be: string,",
  "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
  "    true, false.",
  "RELOAD [option ...]",
  "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
  "    * MERGE: conflicting keys will be loaded from RDB.",
  "    * NOFLUSH: the existing database will not be removed before load, but",
  "      conflicting keys will generate an exception and kill the server.",
  "    * NOSAVE: the database will be loaded from an existing RDB file.",
  "    Examples:",
  "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
  "      the database.",
  "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
  "      existing RDB file.",
  "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
  "      file to the database.",
  "SET-ACTIVE-EXPIRE <0|1>",
  "    Setting it to 0 disables expiring keys in background when they are not",
  "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
  "    default.",
  "SLEEP <seconds>",
  "    Stop the server for <seconds>. Decimals allowed.",
  "HELP",
  "    Prints this help.",
];

const NOT_ALLOWED = "ERR DEBUG command not allowed. If the enable-debug-command option is set " +
  'to "local", you can run it from a local connection, otherwise you need to set this option ' +
  "in the configuration file, and then restart the server.";

/** C's strtod on a prefix: leading spaces, then the longest number it can read; 0 if none. */
export function strtodPrefix(s: string): number {
  const t = s.replace(/^[ \t\n\v\f\r]+/, "");
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]+)/.exec(t);
  if (hex) return (hex[1] === "-" ? -1 : 1) * parseInt(hex[2], 16);
  const special = /^([+-]?)(inf(inity)?|nan)/i.exec(t);
  if (special) {
    const v = special[2][0] === "i" || special[2][0] === "I" ? Infinity : NaN;
    return special[1] === "-" ? -v : v;
  }
  const m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(t);
  return m ? Number(m[0]) : 0;
}

/** C's atoi: leading spaces, optional sign, digits; 0 if none. */
export function atoiPrefix(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m ? Number(m[1]) | 0 : 0;
}

const BIGNUM = "1234567999999999999999999999999999999";

/** DEBUG PROTOCOL: one sample reply of each RESP type, for client test suites. */
function sampleReply(c: Client, type: string): void {
  const w = c.w;
  switch (type) {
    case "string":
      w.bulk("Hello World");
      return;
    case "integer":
      w.int(12345);
      return;
    case "double":
      if (c.resp === 3) w.writeBinary(",3.141\r\n");
      else w.bulk("3.141");
      return;
    case "bignum":
      if (c.resp === 3) w.writeBinary(`(${BIGNUM}\r\n`);
      else w.bulk(BIGNUM);
      return;
    case "null":
      w.nullBulk();
      return;
    case "array":
    case "set":
      if (type === "set") w.set(3);
      else w.array(3);
      for (let j = 0; j < 3; j++) w.int(j);
      return;
    case "map":
      w.map(3);
      for (let j = 0; j < 3; j++) {
        w.int(j);
        w.bool(j === 1);
      }
      return;
    case "attrib":
      if (c.resp === 3) {
        w.writeBinary("|1\r\n");
        w.bulk("key-popularity");
        w.array(2);
        w.bulk("key:123");
        w.int(90);
      }
      w.bulk("Some real reply following the attribute");
      return;
    case "push":
      if (c.resp === 2) {
        c.error("ERR RESP2 is not supported by this command");
        return;
      }
      w.push(2);
      w.bulk("server-cpu-usage");
      w.int(42);
      w.bulk("Some real reply following the push reply");
      return;
    case "verbatim":
      w.verbatim("This is a verbatim\nstring");
      return;
    case "true":
    case "false":
      w.bool(type === "true");
      return;
  }
  c.error(
    "ERR Wrong protocol type name. Please use one of the following: " +
      "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false",
  );
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the whole process, as Redis's DEBUG SLEEP blocks its event loop. */
function sleepSync(ms: number): void {
  const end = performance.now() + ms;
  for (;;) {
    const left = end - performance.now();
    if (left <= 0) return;
    Atomics.wait(sleeper, 0, 0, Math.min(left, 2 ** 31 - 1));
  }
}

function syntaxError(args: string[]): never {
  throw new CommandError(
    `ERR unknown subcommand or wrong number of arguments for '${
      args[1].slice(0, 128)
    }'. Try DEBUG HELP.`,
  );
}

export class DebugCommand {
  @command({
    name: "debug",
    arity: -2,
    flags: ["admin", "noscript", "loading", "stale"],
    group: "server",
    since: "1.0.0",
    summary: "Groups the commands that help test and debug the server.",
    complexity: "Depends on subcommand.",
    docFlags: ["syscmd"],
  })
  static debug(c: Client, args: string[]): void {
    if (!allowedByOption(c, c.engine.config.enableDebugCommand)) {
      throw new CommandError(NOT_ALLOWED);
    }
    // Redis compares the subcommand and the PROTOCOL type with strcasecmp
    const sub = lowerName(args[1]);
    if (sub === "help" && args.length === 2) {
      c.w.simpleLines(HELP);
    } else if (sub === "sleep" && args.length === 3) {
      // seconds with decimals; like Redis, a negative or unreadable time sleeps not at all
      const us = Math.trunc(strtodPrefix(args[2]) * 1e6);
      if (Number.isFinite(us) && us > 0) sleepSync(us / 1000);
      c.w.ok();
    } else if (sub === "set-active-expire" && args.length === 3) {
      c.engine.activeExpireEnabled = atoiPrefix(args[2]) !== 0;
      c.w.ok();
    } else if (sub === "error" && args.length === 3) {
      // the text is the whole error, code included; Redis leaves it out of the error stats
      c.w.error(args[2]);
    } else if (sub === "protocol" && args.length === 3) {
      sampleReply(c, lowerName(args[2]));
    } else if (sub === "reload") {
      // save, flush and load back (persistence/persistence.ts)
      const error = c.engine.persistence.debugReload(args.slice(2));
      if (error !== null) throw new CommandError(error);
      c.w.ok();
    } else if (sub === "log" && args.length === 3) {
      c.engine.log.warning(`DEBUG LOG: ${args[2]}`);
      c.w.ok();
    } else {
      syntaxError(args);
    }
  }
}
