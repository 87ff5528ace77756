/**
 * Builds the startup configuration the way redis-server does: an optional config file, then
 * `--name value...` flags. The seed's KV_HOST / KV_PORT environment variables (and a .env
 * file) sit between the file and the flags. Precedence: flags, environment, file, defaults.
 */
import { parseArgs } from "@std/cli";
import { parse as parseDotenv } from "@std/dotenv";
import { splitArgs } from "../resp/decoder.ts";
import { Config, ConfigError, parseConfigText } from "./config.ts";

export interface CliRequest {
  kind: "run" | "help" | "version";
  configFile?: string;
  flags: [string, string[]][];
}

/** Splits argv into the config file path and `--directive args...` groups. */
export function parseCommandLine(argv: string[]): CliRequest {
  const { tokens } = parseArgs({ args: argv, strict: false, allowPositionals: true, tokens: true });
  const flags: [string, string[]][] = [];
  let configFile: string | undefined;
  for (const t of tokens ?? []) {
    if (t.kind === "option" && t.rawName.startsWith("--")) {
      if (t.name === "help") return { kind: "help", flags };
      if (t.name === "version") return { kind: "version", flags };
      flags.push([t.name.toLowerCase(), t.value !== undefined ? [t.value] : []]);
    } else {
      // a positional, or a "-1" style value the parser took for a short option
      const value = t.kind === "option"
        ? t.rawName + (t.value !== undefined ? `=${t.value}` : "")
        : t.kind === "positional"
        ? t.value
        : null;
      if (value === null) continue;
      if (flags.length === 0) {
        if (configFile !== undefined) {
          throw new ConfigError(
            `Unexpected argument '${value}' (only one config file may be given)`,
          );
        }
        configFile = value;
      } else {
        flags[flags.length - 1][1].push(value);
      }
    }
  }
  return { kind: "run", configFile, flags };
}

function applyDirective(config: Config, name: string, args: string[], where: string): void {
  const def = config.definition(name);
  if (!def) throw new ConfigError(`Bad directive or wrong number of arguments ${where}: '${name}'`);
  let value: string;
  if (def.name === "bind" || def.name === "save" || def.name === "client-output-buffer-limit") {
    value = args.join(" ");
  } else {
    if (args.length !== 1) {
      throw new ConfigError(`wrong number of arguments for '${name}' ${where}`);
    }
    value = args[0];
  }
  try {
    config.set(def.name, value, true);
  } catch (e) {
    throw new ConfigError(`Invalid value for '${name}' ${where}: ${(e as Error).message}`);
  }
}

export async function readDotenv(path = ".env"): Promise<Record<string, string>> {
  try {
    return parseDotenv(await Deno.readTextFile(path));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return {};
    throw e;
  }
}

export interface LoadOptions {
  argv: string[];
  env: Record<string, string | undefined>;
}

export async function loadConfig(request: CliRequest, env: LoadOptions["env"]): Promise<Config> {
  const config = new Config();
  if (request.configFile !== undefined) {
    let text: string;
    try {
      text = await Deno.readTextFile(request.configFile);
    } catch (e) {
      throw new ConfigError(
        `Fatal error, can't open config file '${request.configFile}': ${(e as Error).message}`,
      );
    }
    config.file = request.configFile;
    for (const d of parseConfigText(text, splitArgs)) {
      applyDirective(config, d.name, d.args, `at line ${d.line} of ${request.configFile}`);
    }
  }
  if (env.KV_HOST) applyDirective(config, "bind", [env.KV_HOST], "in KV_HOST");
  if (env.KV_PORT) applyDirective(config, "port", [env.KV_PORT], "in KV_PORT");
  for (const [name, args] of request.flags) applyDirective(config, name, args, `in --${name}`);
  return config;
}
