/**
 * Builds the startup configuration the way redis-server does: an optional config file (or
 * "-" for stdin), then `--directive args...` flags, which are turned into config lines and
 * read after the file. respire adds the KV_HOST / KV_PORT environment variables (also read
 * from a .env file) between the two. Precedence: flags, environment, file, defaults.
 *
 * This is where outside text becomes configuration bytes: the file's text, each command-line
 * argument and each environment value go through `configBytes` once, as they enter, so a
 * config value holds the same bytes a client would send (`requirepass "pässword"` matches
 * `AUTH pässword`).
 */
import { parse as parseDotenv } from "@std/dotenv";
import { Config, ConfigError, type ParamDef, reprString } from "./config.ts";
import { inDir } from "./dir.ts";
import { configBytes, configPath } from "./words.ts";
import { splitArgs } from "../lib/split_args.ts";
import { denoRuntime } from "../runtime/deno.ts";
import type { Runtime } from "../runtime/runtime.ts";
import { RESPIRE_VERSION } from "../version.ts";

export interface CliRequest {
  kind: "run" | "help" | "version";
  /** The config file path ("-" reads stdin). */
  configFile?: string;
  /** Flags turned into config-file text, one directive per line. */
  options: string;
}

/**
 * A startup configuration problem, formatted like redis-server's fatal config error: where
 * it was read, the offending line, and the reason.
 */
export class ConfigLoadError extends Error {}

function fatal(where: string, line: string, reason: string): ConfigLoadError {
  return new ConfigLoadError(
    `\n*** FATAL CONFIG FILE ERROR (respire ${RESPIRE_VERSION}) ***\n${where}\n>>> '${
      configPath(line)
    }'\n${reason}`,
  );
}

/**
 * Reads argv like redis-server: the first argument is the config file unless it starts with
 * "-"; `--name` starts a directive whose values follow (a value may itself start with "--"
 * when it comes right after the name); `--save` with nothing after it means `save ""`.
 */
export function parseCommandLine(argv: string[]): CliRequest {
  if (argv.length > 0) {
    const first = argv[0];
    if (first === "-v" || first === "--version") return { kind: "version", options: "" };
    if (first === "-h" || first === "--help") return { kind: "help", options: "" };
  }
  let j = 0;
  let configFile: string | undefined;
  if (argv.length > 0 && (argv[0][0] !== "-" || argv[0] === "-")) {
    configFile = argv[0];
    j = 1;
  }
  let options = "";
  let nameHasValue = true;
  for (; j < argv.length; j++) {
    // the config file name above stays text (it is opened); directives become bytes
    const arg = configBytes(argv[j]);
    if (arg === "-" && j === argv.length - 1 && configFile === undefined) {
      configFile = "-";
    } else if (nameHasValue && arg.startsWith("--")) {
      if (arg === "--help" || arg === "--version") {
        return { kind: arg === "--help" ? "help" : "version", options: "" };
      }
      if (options !== "") options += "\n";
      options += arg.slice(2) + " ";
      const words = splitArgs(arg) ?? [arg];
      // "--port 6380" as one argument carries its own value
      nameHasValue = words.length > 1;
      if (!nameHasValue && arg.toLowerCase() === "--save") {
        const next = argv[j + 1];
        if (next === undefined || next.startsWith("--")) {
          options += '""';
          nameHasValue = true;
        }
      }
    } else {
      options += reprString(arg) + " ";
      nameHasValue = true;
    }
  }
  return { kind: "run", configFile, options };
}

export async function readDotenv(
  path = ".env",
  runtime: Runtime = denoRuntime,
): Promise<Record<string, string>> {
  try {
    return parseDotenv(await runtime.fs.readTextFile(path));
  } catch (e) {
    if (runtime.errors.kind(e) === "NotFound") return {};
    throw e;
  }
}

/** Reads a config file (`-`: stdin); a relative path is taken in `dir`, as after its chdir. */
async function readConfigSource(runtime: Runtime, path: string, dir: string): Promise<string> {
  try {
    if (path === "-") return await new Response(runtime.stdio.stdin.readable).text();
    return await runtime.fs.readTextFile(inDir(dir, path));
  } catch (e) {
    throw new ConfigLoadError(
      `Fatal error, can't open config file '${path}': ${runtime.errors.errnoText(e)}`,
    );
  }
}

/** State shared by every line of one startup load. */
class Loader {
  /** The first `save` line replaces the default; later ones add save points. */
  private saveLoaded = false;
  /** `user default ... #<sha256>` lines to check against requirepass once everything is read. */
  readonly passwordHashes: { hash: string; where: string; line: string }[] = [];
  private includeDepth = 0;

  constructor(readonly config: Config) {}

  /** Reads config text; `firstLine` numbers its lines, `source` names it in errors. */
  async loadText(text: string, firstLine: number): Promise<void> {
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (line === "" || line.startsWith("#")) continue;
      const where = `Reading the configuration file, at line ${firstLine + i}`;
      const words = splitArgs(line);
      if (words === null) throw fatal(where, line, "Unbalanced quotes in configuration line");
      if (words.length === 0) continue;
      await this.directive(words[0].toLowerCase(), words.slice(1), where, line);
    }
  }

  async directive(name: string, args: string[], where: string, line: string): Promise<void> {
    const config = this.config;
    switch (name) {
      case "include": {
        if (args.length !== 1) throw fatal(where, line, "wrong number of arguments");
        if (++this.includeDepth > 32) throw fatal(where, line, "Too many nested includes");
        await this.loadText(
          configBytes(await readConfigSource(config.runtime, configPath(args[0]), config.dirPath)),
          1,
        );
        this.includeDepth--;
        return;
      }
      case "user":
        this.user(args, where, line);
        return;
      case "rename-command":
      case "loadmodule":
      case "sentinel":
        throw fatal(where, line, `respire does not support the '${name}' directive`);
    }
    const def = config.definition(name);
    if (def === undefined) throw fatal(where, line, "Bad directive or wrong number of arguments");
    try {
      let words = args;
      if (def.name === "save" && this.saveLoaded && !(args.length === 1 && args[0] === "")) {
        // save lines accumulate: parse the new pairs alone, then append them
        const added = config.parse(def, args);
        const current = config.get("save");
        words = (current === "" ? added : `${current} ${added}`).split(" ");
      }
      if (def.name === "save") this.saveLoaded = true;
      config.setArgs(def, words, true);
    } catch (e) {
      if (e instanceof ConfigError) throw fatal(where, line, e.message);
      throw e;
    }
  }

  /**
   * CONFIG REWRITE writes the default user's ACL line. Without an ACL subsystem respire can
   * only take back the forms that describe requirepass: all permissions, and either no
   * password or the password that requirepass sets.
   */
  private user(args: string[], where: string, line: string): void {
    const rules = args.slice(1).join(" ");
    if (args[0] !== "default") {
      throw fatal(where, line, "respire does not support ACL users other than 'default' yet");
    }
    if (rules === "on nopass ~* &* +@all") return;
    const m = /^on #([0-9a-f]{64}) ~\* &\* \+@all$/.exec(rules);
    if (m !== null) {
      this.passwordHashes.push({ hash: m[1], where, line });
      return;
    }
    throw fatal(
      where,
      line,
      "respire supports only 'user default on nopass|#<sha256> ~* &* +@all' (use requirepass)",
    );
  }

  async checkPasswordHashes(): Promise<void> {
    const pass = this.config.get("requirepass");
    for (const h of this.passwordHashes) {
      const digest = await crypto.subtle.digest(
        "SHA-256",
        Uint8Array.from(pass, (c) => c.charCodeAt(0)),
      );
      const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join(
        "",
      );
      if (pass === "" || hex !== h.hash) {
        throw fatal(h.where, h.line, "the password hash does not match requirepass");
      }
    }
  }
}

function envDirective(config: Config, variable: string, def: ParamDef, value: string): void {
  try {
    config.setArgs(def, def.multiArg ? value.split(/\s+/).filter((w) => w !== "") : [value], true);
  } catch (e) {
    if (e instanceof ConfigError) {
      throw fatal(
        `Reading the environment variable ${variable}`,
        `${def.name} ${value}`,
        e.message,
      );
    }
    throw e;
  }
}

/** Loads file, environment and flags into a fresh Config. */
export async function loadConfig(
  request: CliRequest,
  env: Record<string, string | undefined>,
  runtime: Runtime = denoRuntime,
): Promise<Config> {
  const config = new Config(runtime);
  const loader = new Loader(config);
  let fileText = "";
  if (request.configFile !== undefined) {
    fileText = configBytes(await readConfigSource(runtime, request.configFile, config.dirPath));
    if (request.configFile !== "-") {
      config.file = request.configFile;
      config.fileAbsolute = inDir(config.dirPath, request.configFile);
    }
  }
  // the file may change dir, which relative includes then follow
  await loader.loadText(fileText, 1);
  if (env.KV_HOST) {
    envDirective(config, "KV_HOST", config.definition("bind")!, configBytes(env.KV_HOST));
  }
  if (env.KV_PORT) {
    envDirective(config, "KV_PORT", config.definition("port")!, configBytes(env.KV_PORT));
  }
  // flags are numbered as lines following the file, as redis-server numbers them
  await loader.loadText(request.options, fileText.split("\n").length + 1);
  await loader.checkPasswordHashes();
  return config;
}
