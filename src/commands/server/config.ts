/**
 * CONFIG GET / SET / RESETSTAT / REWRITE / HELP.
 */
import type { Client } from "../../engine/client.ts";
import { globMatch } from "../../store/glob.ts";
import { CommandError } from "../errors.ts";
import { command, commandContainer } from "../registry.ts";
import { rewriteConfigFile } from "./config_rewrite.ts";

commandContainer({
  name: "config",
  arity: -2,
  flags: [],
  group: "server",
  since: "2.0.0",
  summary: "Groups the commands that read and change the server's configuration.",
  complexity: "Depends on subcommand.",
});

const HELP = [
  "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "GET <pattern>",
  "    Return parameters matching the glob-like <pattern> and their values.",
  "SET <directive> <value>",
  "    Set the configuration <directive> to <value>.",
  "RESETSTAT",
  "    Reset statistics reported by the INFO command.",
  "REWRITE",
  "    Rewrite the configuration file.",
  "HELP",
  "    Prints this help.",
];

/** A loopback TCP peer or a unix socket peer (the "local" setting of protected options). */
export function isLocalClient(c: Client): boolean {
  const addr = c.addr;
  if (addr.startsWith("127.") || addr.startsWith("[::1]:")) return true;
  // unix socket peers are reported as "<path>:0"
  return !addr.startsWith("[") && !/^\d+\.\d+\.\d+\.\d+:\d+$/.test(addr);
}

/** Whether a yes/no/local option allows this client (enable-debug-command and friends). */
export function allowedByOption(c: Client, value: string): boolean {
  return value === "yes" || (value === "local" && isLocalClient(c));
}

/** Clears what CONFIG RESETSTAT clears: server counters, per-command and per-error stats. */
export function resetStats(c: Client): void {
  const engine = c.engine;
  engine.stats.reset();
  engine.metrics.reset();
}

export class ConfigCommands {
  @command({
    name: "config|get",
    arity: -3,
    flags: ["admin", "noscript", "loading", "stale"],
    group: "server",
    since: "2.0.0",
    summary: "Returns the configuration parameters whose names match the given patterns.",
    complexity: "O(N) when N is the number of configuration parameters provided",
    history: [["7.0.0", "Accepts several patterns at once."]],
    args: [{
      name: "parameter",
      type: "block",
      flags: ["multiple"],
      args: [{ name: "parameter", type: "string" }],
    }],
  })
  static get(c: Client, args: string[]): void {
    const config = c.engine.config;
    // keyed case-insensitively: the first spelling that matched a parameter is the one shown
    const matches = new Map<string, [string, string]>();
    for (let i = 2; i < args.length; i++) {
      const pattern = args[i];
      if (!/[[*?]/.test(pattern)) {
        // a key for the case-insensitive parameter table (Redis's dict hashes the whole
        // name), not option matching
        const key = pattern.toLowerCase();
        if (matches.has(key)) continue;
        const def = config.definition(pattern);
        if (def !== undefined) matches.set(key, [pattern, config.printed(def.name)]);
        continue;
      }
      for (const name of config.names()) {
        if (matches.has(name) || !globMatch(pattern, name, true)) continue;
        matches.set(name, [name, config.printed(name)]);
      }
    }
    c.w.map(matches.size);
    for (const [name, value] of matches.values()) {
      c.w.bulk(name);
      c.w.bulk(value);
    }
  }

  @command({
    name: "config|set",
    arity: -4,
    flags: ["admin", "noscript", "loading", "stale"],
    tips: ["request_policy:all_nodes", "response_policy:all_succeeded"],
    group: "server",
    since: "2.0.0",
    summary: "Changes configuration parameters at runtime, all of them or none.",
    complexity: "O(N) when N is the number of configuration parameters provided",
    history: [["7.0.0", "Accepts several parameter-value pairs at once."]],
    args: [{
      name: "parameter_value",
      type: "block",
      flags: ["multiple"],
      args: [{ name: "parameter", type: "string" }, { name: "value", type: "string" }],
    }],
  })
  static set(c: Client, args: string[]): void {
    if (args.length % 2 !== 0) throw new CommandError("ERR syntax error");
    const config = c.engine.config;
    const pairs: [string, string][] = [];
    for (let i = 2; i < args.length; i += 2) pairs.push([args[i], args[i + 1]]);
    const allowProtected = allowedByOption(c, config.enableProtectedConfigs);
    const error = config.setMany(pairs, allowProtected);
    if (error !== null) throw new CommandError(`ERR ${error}`);
    c.w.ok();
  }

  @command({
    name: "config|resetstat",
    arity: 2,
    flags: ["admin", "noscript", "loading", "stale"],
    group: "server",
    since: "2.0.0",
    summary: "Zeroes the statistics that INFO reports.",
    complexity: "O(1)",
  })
  static resetstat(c: Client, _args: string[]): void {
    resetStats(c);
    c.w.ok();
  }

  @command({
    name: "config|rewrite",
    arity: 2,
    flags: ["admin", "noscript", "loading", "stale"],
    group: "server",
    since: "2.8.0",
    summary: "Writes the running configuration back to the config file.",
    complexity: "O(1)",
  })
  static rewrite(c: Client, _args: string[]): void {
    const config = c.engine.config;
    if (config.file === "") {
      throw new CommandError("ERR The server is running without a config file");
    }
    try {
      rewriteConfigFile(config, config.fileAbsolute || config.file);
    } catch (e) {
      const reason = (e as Error).message;
      c.engine.log.warning(`CONFIG REWRITE failed: ${reason}`);
      throw new CommandError(`ERR Rewriting config file: ${reason}`);
    }
    c.engine.log.info("CONFIG REWRITE executed with success.");
    c.w.ok();
  }

  @command({
    name: "config|help",
    arity: 2,
    flags: ["loading", "stale"],
    group: "server",
    since: "5.0.0",
    summary: "Lists the CONFIG subcommands.",
    complexity: "O(1)",
  })
  static help(c: Client, _args: string[]): void {
    c.w.simpleLines(HELP);
  }
}
