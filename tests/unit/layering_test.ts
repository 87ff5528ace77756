/**
 * Layering rules over the source tree, checked on the text of src/:
 * - only the runtime adapters (src/runtime/) touch the `Deno` namespace, so the core can run
 *   on another runtime behind another adapter (comments may still name Deno APIs);
 * - dependencies run one way (docs/ARCHITECTURE.md): each folder of src/ imports only from
 *   the folders below it in IMPORTS_ALLOWED.
 */
import assert from "node:assert/strict";

const SRC = new URL("../../src/", import.meta.url);

/** Folders (relative to src/) whose files may use the runtime's own API. */
const RUNTIME_ADAPTERS = ["runtime/"];

/** Every .ts file under src/, as paths relative to src/. */
function sourceFiles(dir = SRC, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(dir)) {
    if (e.isDirectory) {
      out.push(...sourceFiles(new URL(`${e.name}/`, dir), `${prefix}${e.name}/`));
    } else if (e.name.endsWith(".ts")) {
      out.push(`${prefix}${e.name}`);
    }
  }
  return out.sort();
}

/**
 * The code alone: comments and the text of string and template literals blanked out (line
 * breaks kept, so offsets still give line numbers), the code inside `${...}` kept. A string
 * that is exactly "Deno" is kept (`globalThis["Deno"]`). Regular expression literals are not
 * recognized: none in src/ holds a quote or a comment opener that would confuse this.
 */
export function codeOnly(text: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, " ");
  let out = "";
  let i = 0;
  /** Code until the `}` that closes a template substitution (or the end). */
  const code = (inSubstitution: boolean): void => {
    let depth = 0;
    while (i < text.length) {
      const c = text[i];
      const next = text[i + 1];
      if (c === "/" && next === "/") {
        const end = text.indexOf("\n", i);
        const stop = end < 0 ? text.length : end;
        out += blank(text.slice(i, stop));
        i = stop;
      } else if (c === "/" && next === "*") {
        const end = text.indexOf("*/", i + 2);
        const stop = end < 0 ? text.length : end + 2;
        out += blank(text.slice(i, stop));
        i = stop;
      } else if (c === '"' || c === "'") {
        let j = i + 1;
        while (j < text.length && text[j] !== c && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
        const body = text.slice(i + 1, j);
        out += c + (body === "Deno" ? body : blank(body)) + (text[j] ?? "");
        i = j + 1;
      } else if (c === "`") {
        out += c;
        i++;
        template();
      } else {
        if (c === "{") depth++;
        if (c === "}" && depth-- === 0 && inSubstitution) return;
        out += c;
        i++;
      }
    }
  };
  /** A template literal's text after its opening backtick, through the closing one. */
  const template = (): void => {
    while (i < text.length) {
      const c = text[i];
      if (c === "\\") {
        out += blank(text.slice(i, i + 2));
        i += 2;
      } else if (c === "`") {
        out += c;
        i++;
        return;
      } else if (c === "$" && text[i + 1] === "{") {
        out += "${";
        i += 2;
        code(true);
        if (i < text.length) out += "}";
        i++;
      } else {
        out += blank(c);
        i++;
      }
    }
  };
  code(false);
  return out;
}

/** `Deno` named in code: Deno.x, a Deno.X type, globalThis.Deno, globalThis["Deno"]. */
const DENO_USE = /\bDeno\b/g;

function denoUses(path: string): string[] {
  const code = codeOnly(Deno.readTextFileSync(new URL(path, SRC)));
  const found: string[] = [];
  for (const m of code.matchAll(DENO_USE)) {
    const line = code.slice(0, m.index).split("\n").length;
    const text = code.split("\n")[line - 1].trim();
    found.push(`src/${path}:${line}: ${text}`);
  }
  return found;
}

Deno.test("layering: no file under src/ outside the runtime adapters uses a Deno API", () => {
  // the entry points are held to the same rule: "../main.ts" is main.ts beside src/
  const files = [
    "../main.ts",
    "../mod.ts",
    ...sourceFiles().filter((f) => !RUNTIME_ADAPTERS.some((d) => f.startsWith(d))),
  ];
  assert.ok(files.length > 50, `only ${files.length} files found under src/`);
  const uses = files.flatMap(denoUses);
  assert.deepEqual(uses, [], `Deno APIs outside src/runtime/:\n${uses.join("\n")}`);
});

Deno.test("layering: the Deno-use check sees code and skips comments", () => {
  const uses = (code: string) => [...codeOnly(code).matchAll(DENO_USE)].length;
  assert.equal(uses("const p = Deno.pid;"), 1);
  assert.equal(uses("let f: Deno.FsFile | null = null;"), 1);
  assert.equal(uses('const d = (globalThis as any)["Deno"];'), 1);
  assert.equal(uses("const d = globalThis.Deno;"), 1);
  assert.equal(uses("// Deno.listen is what this wraps\nconst x = 1;"), 0);
  assert.equal(uses("/** see Deno.Conn */ const x = 1; /* Deno.exit */"), 0);
  assert.equal(uses('const url = "http://x"; // Deno.exit\nconst y = 2;'), 0);
  assert.equal(uses('const s = "written by Deno.";'), 0);
  assert.equal(uses("const s = `pid ${Deno.pid} of ${`${Deno.build.os}`}`;"), 2);
  assert.equal(uses("const s = `Deno ${{ a: 1 }.a} Deno.exit`; // Deno"), 0);
  assert.equal(uses("const re = /x/; const o = { Deno: 1 };"), 1);
  // the rule applies to the adapters' own source too, so it must find their uses
  assert.ok(denoUses("runtime/deno.ts").length > 10);
});

/**
 * Which folders of src/ each folder may import from (besides itself). Entry points (main.ts,
 * mod.ts, src/embed.ts) sit above all of them; version.ts is a constant anyone may read.
 */
const IMPORTS_ALLOWED: Record<string, string[]> = {
  lib: [],
  runtime: [],
  resp: ["lib"],
  store: ["lib"],
  log: ["runtime"],
  config: ["lib", "runtime", "log"],
  persistence: ["lib", "store", "config", "log", "runtime"],
  // the engine runs the commands (the registry) and the commands act on the engine
  engine: ["lib", "resp", "store", "config", "log", "runtime", "persistence", "commands"],
  commands: ["lib", "resp", "store", "config", "log", "runtime", "persistence", "engine"],
  server: ["lib", "resp", "store", "config", "log", "runtime", "engine"],
};

/** The src/ folders a file's import and export-from statements reach, other than its own. */
function importedFolders(path: string): string[] {
  const text = Deno.readTextFileSync(new URL(path, SRC));
  const here = new URL(path, SRC);
  const found = new Set<string>();
  for (const m of text.matchAll(/^(?:import|export)\b[^;]*?["'](\.{1,2}\/[^"']+)["']/gms)) {
    const target = new URL(m[1], here).href;
    if (!target.startsWith(SRC.href)) continue;
    const rel = target.slice(SRC.href.length);
    const folder = rel.includes("/") ? rel.slice(0, rel.indexOf("/")) : "";
    if (folder !== "" && folder !== path.slice(0, path.indexOf("/"))) found.add(folder);
  }
  return [...found];
}

Deno.test("layering: each folder of src/ imports only from the folders it may depend on", () => {
  const wrong: string[] = [];
  for (const file of sourceFiles()) {
    const folder = file.includes("/") ? file.slice(0, file.indexOf("/")) : "";
    if (folder === "") continue;
    const allowed = IMPORTS_ALLOWED[folder];
    assert.ok(allowed !== undefined, `src/${folder}/ has no rule in IMPORTS_ALLOWED`);
    for (const target of importedFolders(file)) {
      if (!allowed.includes(target)) wrong.push(`src/${file} imports src/${target}/`);
    }
  }
  assert.deepEqual(wrong, [], `imports against the layering:\n${wrong.join("\n")}`);
});

Deno.test("layering: the import check finds relative imports, re-exports and side-effect imports", () => {
  assert.deepEqual(importedFolders("engine/engine.ts").includes("commands"), true);
  assert.deepEqual(importedFolders("server/server.ts").sort().includes("engine"), true);
  assert.deepEqual(importedFolders("lib/bytes.ts"), []);
});
