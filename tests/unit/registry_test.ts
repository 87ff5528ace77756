import assert from "node:assert/strict";
import { GetCommand } from "../../src/commands/string/get.ts";
import "../../src/commands/mod.ts";
import {
  Command,
  type CommandMeta,
  findKeys,
  hasKeyArguments,
  type KeySpec,
  registry,
} from "../../src/commands/registry.ts";
import { COMMAND_DOCS_PATH, renderCommandDocs } from "../../scripts/gen_command_docs.ts";

Deno.test("registry: standard (TC39) decorators on static methods see a method context", () => {
  const seen: { kind: string; name: string | symbol; isStatic: boolean }[] = [];
  function record(_method: unknown, context: ClassMethodDecoratorContext): void {
    seen.push({ kind: context.kind, name: context.name, isStatic: context.static });
  }
  class Probe {
    @record
    static first(): number {
      return 1;
    }
    @record
    static second(): number {
      return 2;
    }
  }
  // applied when the class is evaluated, in declaration order, without replacing the method
  assert.deepEqual(seen, [
    { kind: "method", name: "first", isStatic: true },
    { kind: "method", name: "second", isStatic: true },
  ]);
  assert.equal(Probe.first(), 1);
});

Deno.test("registry: importing a family module registers its decorated commands", () => {
  const get = registry.lookup("GET");
  assert.ok(get);
  assert.equal(get.handler, GetCommand.get);
  assert.equal(registry.lookup("get"), get);
  assert.equal(registry.lookup("gEt"), get);
  // a command with a handler of its own and subcommands
  const cmd = registry.lookup("command")!;
  assert.ok(cmd.handler);
  assert.equal(registry.lookupFullName("COMMAND|Info")?.parent, cmd);
  assert.equal(registry.lookupFullName("command|info|x"), undefined);
  assert.equal(registry.lookupFullName("get|x"), undefined);
  const all = [...registry.all()].map((c) => c.fullName);
  assert.ok(all.includes("command|getkeysandflags"));
  assert.equal(new Set(all).size, all.length);
});

function meta(name: string, fields: Partial<CommandMeta>): CommandMeta {
  return {
    name,
    arity: -2,
    flags: [],
    group: "generic",
    since: "1.0.0",
    summary: "test",
    ...fields,
  };
}

// Key specs as redis-server 7.0 reports them (COMMAND INFO)
const RANGE0 = { range: [0, 1, 0] as [number, number, number] };
const ZUNIONSTORE: KeySpec[] = [
  { flags: ["OW", "update"], begin: { index: 1 }, find: RANGE0 },
  { flags: ["RO", "access"], begin: { index: 2 }, find: { keynum: [0, 1, 1] } },
];
const EVAL: KeySpec[] = [
  { flags: ["RW", "access", "update"], begin: { index: 2 }, find: { keynum: [0, 1, 1] } },
];
const XREAD: KeySpec[] = [{
  flags: ["RO", "access"],
  begin: { keyword: "STREAMS", startfrom: 1 },
  find: { range: [-1, 1, 2] },
}];
const MIGRATE: KeySpec[] = [
  { flags: ["RW", "access", "delete"], begin: { index: 3 }, find: RANGE0 },
  {
    flags: ["RW", "access", "delete", "incomplete"],
    begin: { keyword: "KEYS", startfrom: -2 },
    find: { range: [-1, 1, 0] },
  },
];
const SORT: KeySpec[] = [
  { flags: ["RO", "access"], begin: { index: 1 }, find: RANGE0 },
  { flags: ["RO", "access"], begin: { unknown: true }, find: { unknown: true } },
  { flags: ["OW", "update"], begin: { unknown: true }, find: { unknown: true } },
];
const GEORADIUS: KeySpec[] = [
  { flags: ["RO", "access"], begin: { index: 1 }, find: RANGE0 },
  { flags: ["OW", "update"], begin: { keyword: "STORE", startfrom: 6 }, find: RANGE0 },
  { flags: ["OW", "update"], begin: { keyword: "STOREDIST", startfrom: 6 }, find: RANGE0 },
];
const MSET: KeySpec[] = [
  { flags: ["OW", "update"], begin: { index: 1 }, find: { range: [-1, 2, 0] } },
];
const BITOP: KeySpec[] = [
  { flags: ["OW", "update"], begin: { index: 2 }, find: RANGE0 },
  { flags: ["RO", "access"], begin: { index: 3 }, find: { range: [-1, 1, 0] } },
];
const SPUBLISH: KeySpec[] = [{ flags: ["not_key"], begin: { index: 1 }, find: RANGE0 }];
const SET: KeySpec[] = [
  { flags: ["RW", "access", "update", "variable_flags"], begin: { index: 1 }, find: RANGE0 },
];

Deno.test("registry: legacy key range and movablekeys derived from key specs as Redis 7.0 does", () => {
  const cases: [KeySpec[], [number, number, number], boolean][] = [
    [ZUNIONSTORE, [1, 1, 1], true],
    [EVAL, [0, 0, 0], true],
    [XREAD, [0, 0, 0], true],
    [MIGRATE, [3, 3, 1], true],
    [SORT, [1, 1, 1], true],
    [GEORADIUS, [1, 1, 1], true],
    [MSET, [1, -1, 2], false],
    [BITOP, [2, -1, 1], false],
    [SPUBLISH, [1, 1, 1], false],
    [SET, [1, 1, 1], false],
  ];
  for (const [keySpecs, range, movable] of cases) {
    const cmd = new Command(meta("x", { keySpecs }), null);
    assert.deepEqual(cmd.legacyKeys, range, JSON.stringify(keySpecs));
    assert.equal(cmd.movableKeys, movable, JSON.stringify(keySpecs));
    assert.equal(cmd.printableFlags().includes("movablekeys"), movable);
  }
  const noSpecs = new Command(meta("x", { keys: [1, 2, 1] }), null);
  assert.deepEqual(noSpecs.legacyKeys, [1, 2, 1]);
});

Deno.test("registry: printable flags and implied ACL categories follow Redis", () => {
  const ping = new Command(
    meta("ping", {
      flags: ["fast", "sentinel", "may_replicate", "protected"],
      acl: ["connection"],
    }),
    null,
  );
  assert.deepEqual(ping.printableFlags(), ["fast"]);
  assert.deepEqual(ping.acl, ["fast", "connection"]);
  const save = new Command(meta("save", { flags: ["admin", "noscript", "no_multi"] }), null);
  assert.deepEqual(save.printableFlags(), ["admin", "noscript", "no_multi"]);
  assert.deepEqual(save.acl, ["admin", "slow", "dangerous"]);
  const evalRo = new Command(meta("eval_ro", { flags: ["readonly"], acl: ["scripting"] }), null);
  assert.deepEqual(evalRo.acl, ["slow", "scripting"]);
});

Deno.test("registry: findKeys walks key specs like Redis's COMMAND GETKEYSANDFLAGS", () => {
  const keys = (specs: KeySpec[], line: string, extra: Partial<CommandMeta> = {}) => {
    const args = line.split(" ");
    const cmd = new Command(meta(args[0].toLowerCase(), { keySpecs: specs, ...extra }), null);
    return findKeys(cmd, args).map((k) => `${args[k.index]}:${k.flags.join(",")}`);
  };
  // expectations recorded from redis-server 7.0.15
  assert.deepEqual(keys(ZUNIONSTORE, "ZUNIONSTORE d 2 a b"), [
    "d:OW,update",
    "a:RO,access",
    "b:RO,access",
  ]);
  assert.deepEqual(keys(ZUNIONSTORE, "ZUNIONSTORE d 5 a"), []);
  assert.deepEqual(keys(ZUNIONSTORE, "ZUNIONSTORE d x a"), []);
  assert.deepEqual(keys(ZUNIONSTORE, "ZUNIONSTORE d -1 a"), []);
  assert.deepEqual(keys(EVAL, "EVAL s 1 a"), ["a:RW,access,update"]);
  assert.deepEqual(keys(EVAL, "EVAL s 0"), []);
  assert.deepEqual(keys(EVAL, "EVAL s 5 a"), []);
  assert.deepEqual(keys(XREAD, "XREAD STREAMS a b c"), ["a:RO,access"]);
  assert.deepEqual(keys(XREAD, "XREAD COUNT 2 streams a b c d"), ["a:RO,access", "b:RO,access"]);
  assert.deepEqual(keys(XREAD, "XREAD COUNT 2 BLOCK 1"), []);
  assert.deepEqual(keys(GEORADIUS, "GEORADIUS k 1 2 3 m STORE x"), ["k:RO,access", "x:OW,update"]);
  assert.deepEqual(keys(GEORADIUS, "GEORADIUS k 1 2 3 m STORE"), ["k:RO,access"]);
  assert.deepEqual(keys(MIGRATE, "MIGRATE h 1 k 0 0"), ["k:RW,access,delete"]);
  assert.deepEqual(keys(MSET, "MSET a 1 b"), ["a:OW,update", "b:OW,update"]);
  assert.deepEqual(keys(BITOP, "BITOP AND d a b"), ["d:OW,update", "a:RO,access", "b:RO,access"]);
  assert.deepEqual(keys(SPUBLISH, "SPUBLISH ch msg"), []);

  // incomplete or unknown specs hand over to the command's own key finder
  const migrateKeys = (args: string[]) => {
    const at = args.findIndex((a, i) => i >= 6 && a.toUpperCase() === "KEYS");
    if (at < 0) return [3];
    if (args[3] !== "") return [];
    return args.map((_, i) => i).filter((i) => i > at);
  };
  assert.deepEqual(keys(MIGRATE, "MIGRATE h 1 x 0 0 KEYS a b", { getKeys: migrateKeys }), []);
  assert.deepEqual(
    findKeys(new Command(meta("migrate", { keySpecs: MIGRATE, getKeys: migrateKeys }), null), [
      "MIGRATE",
      "h",
      "1",
      "",
      "0",
      "0",
      "KEYS",
      "a",
      "b",
    ]),
    [{ index: 7, flags: ["RW", "access", "delete"] }, {
      index: 8,
      flags: ["RW", "access", "delete"],
    }],
  );
  const sortKeys = (args: string[]) => {
    const out = [{ index: 1, flags: ["RO", "access"] as KeySpec["flags"] }];
    const store = args.findIndex((a, i) => i > 1 && a.toUpperCase() === "STORE");
    if (store > 0 && store + 1 < args.length) {
      out.push({ index: store + 1, flags: ["OW", "update"] });
    }
    return out;
  };
  assert.deepEqual(keys(SORT, "SORT k STORE d", { getKeys: sortKeys }), [
    "k:RO,access",
    "d:OW,update",
  ]);
  assert.deepEqual(keys(SORT, "SORT k"), []);

  // variable_flags: the command's finder decides the flags
  const setKeys = (args: string[]) => [{
    index: 1,
    flags: args.slice(3).some((a) => a.toUpperCase() === "GET")
      ? ["RW", "access", "update"] as KeySpec["flags"]
      : ["OW", "update"] as KeySpec["flags"],
  }];
  assert.deepEqual(keys(SET, "SET k v", { getKeys: setKeys }), ["k:OW,update"]);
  assert.deepEqual(keys(SET, "SET k v get", { getKeys: setKeys }), ["k:RW,access,update"]);
  assert.deepEqual(keys(SET, "SET k v"), ["k:RW,access,update,variable_flags"]);

  assert.equal(hasKeyArguments(new Command(meta("x", { keySpecs: SPUBLISH }), null)), false);
  assert.equal(hasKeyArguments(new Command(meta("x", { keySpecs: EVAL }), null)), true);
  assert.equal(hasKeyArguments(new Command(meta("x", {}), null)), false);
});

Deno.test("docs/commands.md is up to date with the registry (run `deno task docs`)", () => {
  const committed = Deno.readTextFileSync(COMMAND_DOCS_PATH);
  assert.ok(
    committed === renderCommandDocs(),
    "docs/commands.md is stale: run `deno task docs` and commit the result",
  );
});
