import assert from "node:assert/strict";
import {
  Config,
  ConfigError,
  formatMemory,
  notifyClasses,
  parseMemory,
  parseStrictInt,
  reprString,
} from "../../src/config/config.ts";
import { ConfigLoadError, loadConfig, parseCommandLine } from "../../src/config/load.ts";
import { rewriteConfigFile } from "../../src/commands/server/config_rewrite.ts";
import { textToBinary } from "../../src/lib/bytes.ts";

Deno.test("config: integers are read like Redis's string2ll", () => {
  assert.equal(parseStrictInt("0"), 0n);
  assert.equal(parseStrictInt("-15"), -15n);
  assert.equal(parseStrictInt("9223372036854775807"), 9223372036854775807n);
  for (const bad of ["", "+1", "01", "-0", " 1", "1 ", "1.0", "0x1", "9223372036854775808"]) {
    assert.equal(parseStrictInt(bad), null, bad);
  }
});

Deno.test("config: memory values take units, saturate and wrap like memtoull", () => {
  assert.equal(parseMemory("5"), 5n);
  assert.equal(parseMemory("5B"), 5n);
  assert.equal(parseMemory("1k"), 1000n);
  assert.equal(parseMemory("1KB"), 1024n);
  assert.equal(parseMemory("2mb"), 2097152n);
  assert.equal(parseMemory("3g"), 3000000000n);
  assert.equal(parseMemory("kb"), 0n);
  assert.equal(parseMemory(""), 0n);
  assert.equal(parseMemory("0005"), 5n);
  assert.equal(parseMemory("36893488147419103232"), 18446744073709551615n);
  assert.equal(parseMemory("18446744073709551615kb"), 18446744073709550592n);
  for (const bad of ["-1", "1.5mb", "1 mb", "+1", "1tb", "abc"]) {
    assert.equal(parseMemory(bad), null, bad);
  }
  assert.equal(formatMemory(0n), "0");
  assert.equal(formatMemory(3221225472n), "3gb");
  assert.equal(formatMemory(1049600n), "1025kb");
  assert.equal(formatMemory(2097152n), "2mb");
  assert.equal(formatMemory(1000000n), "1000000");
});

Deno.test("config: values are validated and stored in CONFIG GET form", () => {
  const c = new Config();
  c.set("maxmemory", "1gb");
  assert.equal(c.get("maxmemory"), "1073741824");
  c.set("maxmemory-policy", "ALLKEYS-LFU");
  assert.equal(c.get("maxmemory-policy"), "allkeys-lfu");
  c.set("appendfsync", "No");
  assert.equal(c.get("appendfsync"), "no");
  c.set("slave-priority", "7");
  assert.equal(c.get("replica-priority"), "7");
  c.set("hz", "0");
  assert.equal(c.get("hz"), "1");
  c.set("maxmemory-clients", "50%");
  assert.equal(c.get("maxmemory-clients"), "50%");
  c.set("shutdown-on-sigterm", "force now");
  assert.equal(c.get("shutdown-on-sigterm"), "now force");
  c.set("notify-keyspace-events", "An");
  assert.equal(c.printed("notify-keyspace-events"), "A");
  assert.ok(notifyClasses(c.get("notify-keyspace-events")).has("n"));
  c.set("loglevel", "nothing");
  assert.equal(c.get("loglevel"), "nothing");
  assert.throws(() => c.set("hz", "x"), /couldn't be parsed into an integer/);
  assert.throws(() => c.set("maxmemory", "lots"), /must be a memory value/);
  assert.throws(() => c.set("databases", "3"), /can't set immutable config/);
  assert.throws(() => c.set("loglevel", "loud"), /debug, verbose, notice, warning$/);
  assert.throws(() => c.set("save", "1"), /Invalid save parameters/);
  assert.throws(() => c.set("nope", "1"), ConfigError);
  c.set("unixsocketperm", "700", true);
  assert.equal(c.int("unixsocketperm"), 0o700);
  assert.throws(() => c.set("unixsocketperm", "800", true), /octal/);
  assert.throws(() => c.set("unixsocketperm", "1000", true), /between 0 and 777/);
});

Deno.test("config: CONFIG SET is all or nothing, even when a listener refuses", () => {
  const c = new Config();
  const seen: string[] = [];
  c.onChange("timeout", (v) => seen.push(`timeout=${v}`));
  c.onChange("hz", (v) => {
    if (v === "13") throw new ConfigError("thirteen is unlucky");
    seen.push(`hz=${v}`);
  });
  assert.equal(
    c.setMany([["timeout", "5"], ["hz", "13"]], false),
    "CONFIG SET failed (possibly related to argument 'hz') - thirteen is unlucky",
  );
  assert.equal(c.get("timeout"), "0");
  assert.equal(c.get("hz"), "10");
  // the changes applied so far, the refused one included, are applied again with old values
  assert.deepEqual(seen, ["timeout=5", "timeout=0", "hz=10"]);
  assert.equal(c.setMany([["timeout", "5"], ["hz", "20"]], false), null);
  assert.equal(c.get("hz"), "20");
  assert.equal(
    c.setMany([["dir", "/tmp"]], false),
    "CONFIG SET failed (possibly related to argument 'dir') - can't set protected config",
  );
  assert.equal(
    c.setMany([["hz", "1"], ["bogus", "1"]], false),
    "Unknown option or number of arguments for CONFIG SET - 'bogus'",
  );
  assert.equal(
    c.setMany([["hz", "1"], ["Hz", "2"]], false),
    "CONFIG SET failed (possibly related to argument 'Hz') - duplicate parameter",
  );
});

Deno.test("config: the command line reads like redis-server's", () => {
  assert.deepEqual(parseCommandLine(["--version"]).kind, "version");
  assert.deepEqual(parseCommandLine(["-h"]).kind, "help");
  let r = parseCommandLine(["/etc/r.conf", "--port", "6380", "--bind", "127.0.0.1", "::1"]);
  assert.equal(r.configFile, "/etc/r.conf");
  assert.equal(r.options, 'port "6380" \nbind "127.0.0.1" "::1" ');
  r = parseCommandLine(["--save", "--port", "1"]);
  assert.equal(r.configFile, undefined);
  assert.equal(r.options, 'save ""\nport "1" ');
  r = parseCommandLine(["--requirepass", "--weird", "--list-max-listpack-size", "-2"]);
  assert.equal(r.options, 'requirepass "--weird" \nlist-max-listpack-size "-2" ');
  r = parseCommandLine(["--port 6380"]);
  assert.equal(r.options, "port 6380 ");
  r = parseCommandLine(["--save"]);
  assert.equal(r.options, 'save ""');
  r = parseCommandLine(["-", "--hz", "5"]);
  assert.equal(r.configFile, "-");
});

Deno.test("config: loading a file, flags and the environment", async () => {
  const dir = await Deno.makeTempDir({ prefix: "respire-unit-" });
  try {
    const file = `${dir}/r.conf`;
    const inc = `${dir}/inc.conf`;
    await Deno.writeTextFile(inc, "timeout 9\n");
    await Deno.writeTextFile(
      file,
      `save 10 1\n# comment\nsave 20 2\ninclude ${inc}\nslaveof no one\n` +
        "user default on nopass ~* &* +@all\nhz 5\n",
    );
    const config = await loadConfig(
      { kind: "run", configFile: file, options: 'hz "7" \nsave 30 3 ' },
      { KV_PORT: "7001", KV_HOST: "127.0.0.1 ::1" },
    );
    assert.equal(config.get("save"), "10 1 20 2 30 3");
    assert.equal(config.get("timeout"), "9");
    assert.equal(config.get("hz"), "7");
    assert.equal(config.get("port"), "7001");
    assert.equal(config.get("bind"), "127.0.0.1 ::1");
    assert.equal(config.file, file);

    await Deno.writeTextFile(file, "port 1\n\nmaxclients 0\n");
    await assert.rejects(
      () => loadConfig({ kind: "run", configFile: file, options: "" }, {}),
      (e: unknown) =>
        e instanceof ConfigLoadError && e.message.includes("at line 3") &&
        e.message.includes(">>> 'maxclients 0'") &&
        e.message.includes("argument must be between 1 and 4294967295 inclusive"),
    );
    await assert.rejects(
      () => loadConfig({ kind: "run", options: "cluster-enabled yes" }, {}),
      /does not implement cluster mode/,
    );
    await assert.rejects(
      () => loadConfig({ kind: "run", options: 'hz "1" "2"' }, {}),
      /at line 2[\s\S]*wrong number of arguments/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("config: CONFIG REWRITE keeps layout, drops duplicates, appends changes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "respire-unit-" });
  try {
    const file = `${dir}/r.conf`;
    await Deno.writeTextFile(
      file,
      '# head\nhz 10\n\n\n\nhz 11\nrename-command FOO BAR\nrequirepass ""\nsave 1 1\n',
    );
    const config = new Config();
    config.set("hz", "12");
    config.set("masterauth", 'a "b"');
    config.set("save", "");
    config.set("requirepass", "pw");
    rewriteConfigFile(config, file);
    const text = await Deno.readTextFile(file);
    const lines = text.split("\n");
    assert.deepEqual(lines.slice(0, 6), [
      "# head",
      "hz 12",
      "",
      "rename-command FOO BAR",
      'requirepass "pw"',
      'save ""',
    ]);
    assert.ok(text.includes("# Generated by CONFIG REWRITE\n"));
    assert.ok(text.includes(`\nmasterauth ${reprString('a "b"')}\n`));
    assert.ok(
      text.includes(
        "\nuser default on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 " +
          "~* &* +@all\n",
      ),
      text,
    );
    assert.ok(text.endsWith("\n"));
    // a second rewrite with nothing changed is stable
    rewriteConfigFile(config, file);
    assert.equal(await Deno.readTextFile(file), text);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("config: typed fields start at the defaults and follow every set", () => {
  const c = new Config();
  assert.equal(c.hz, 10);
  assert.equal(c.port, 6379);
  assert.equal(c.requirepass, "");
  assert.equal(c.maxmemoryPolicy, "noeviction");
  assert.equal(c.rdbcompression, true);
  assert.equal(c.appendonly, false);
  assert.equal(c.listMaxListpackSize, -2);
  assert.equal(c.unixsocketperm, 0);
  assert.equal(c.clientQueryBufferLimit, 1073741824);
  assert.equal(c.save, "3600 1 300 100 60 10000");
  c.set("hz", "0");
  assert.equal(c.hz, 1);
  c.set("hz", "100000");
  assert.equal(c.hz, 500);
  c.set("maxmemory", "1gb");
  assert.equal(c.maxmemory, 1073741824);
  c.set("maxmemory-policy", "ALLKEYS-LFU");
  assert.equal(c.maxmemoryPolicy, "allkeys-lfu");
  c.set("rdbcompression", "NO");
  assert.equal(c.rdbcompression, false);
  // an alias writes the canonical parameter's field
  c.set("hash-max-ziplist-entries", "7");
  assert.equal(c.hashMaxListpackEntries, 7);
  c.set("list-max-ziplist-size", "-5");
  assert.equal(c.listMaxListpackSize, -5);
  // octal ints read as their value; immutable ones change at startup
  c.set("unixsocketperm", "700", true);
  assert.equal(c.unixsocketperm, 0o700);
  c.set("save", "", false);
  assert.equal(c.save, "");
  c.set("requirepass", "secret");
  assert.equal(c.requirepass, "secret");
  // the generic accessors agree with the fields
  assert.equal(c.int("hz"), c.hz);
  assert.equal(c.get("maxmemory-policy"), c.maxmemoryPolicy);
  assert.equal(c.bool("rdbcompression"), c.rdbcompression);
  // a refused value leaves the field alone
  assert.throws(() => c.set("hz", "x"), ConfigError);
  assert.equal(c.hz, 500);
  assert.throws(() => c.set("port", "70000"), ConfigError);
  assert.equal(c.port, 6379);
});

Deno.test("config: typed fields roll back with a failed CONFIG SET", () => {
  const c = new Config();
  // a bad value among several: nothing changes
  assert.match(
    c.setMany([["hz", "50"], ["timeout", "30"], ["maxmemory", "lots"]], false)!,
    /argument 'maxmemory'/,
  );
  assert.equal(c.hz, 10);
  assert.equal(c.timeout, 0);
  assert.equal(c.maxmemory, 0);
  // a listener refuses after earlier parameters were applied: they are restored too
  const seen: number[] = [];
  c.onChange("hz", () => seen.push(c.hz));
  c.onChange("slowlog-max-len", (v) => {
    if (v === "3") throw new ConfigError("refused");
  });
  assert.match(
    c.setMany([["hz", "50"], ["requirepass", "pw"], ["slowlog-max-len", "3"]], false)!,
    /refused/,
  );
  assert.equal(c.hz, 10);
  assert.equal(c.requirepass, "");
  assert.equal(c.slowlogMaxLen, 128);
  // listeners saw the field already holding the value they were told of, both ways
  assert.deepEqual(seen, [50, 10]);
  // a single set refused by a listener puts the old field value back
  assert.throws(() => c.set("slowlog-max-len", "3"), ConfigError);
  assert.equal(c.slowlogMaxLen, 128);
  // success writes every field
  assert.equal(c.setMany([["hz", "50"], ["requirepass", "pw"], ["timeout", "9"]], false), null);
  assert.equal(c.hz, 50);
  assert.equal(c.requirepass, "pw");
  assert.equal(c.timeout, 9);
  // each Config holds its own values
  const other = new Config();
  assert.equal(other.hz, 10);
  assert.equal(other.requirepass, "");
});

Deno.test("config: file, flag and environment text becomes UTF-8 bytes once, where it enters", async () => {
  const bytes = (s: string) => textToBinary(s);
  // a flag value is bytes before it is quoted into a config line
  assert.equal(
    parseCommandLine(["--requirepass", "pä"]).options,
    'requirepass "p\\xc3\\xa4" ',
  );
  const dir = await Deno.makeTempDir({ prefix: "respire-unit-" });
  try {
    const file = `${dir}/r.conf`;
    await Deno.writeTextFile(file, 'requirepass "pässword"\nmasterauth "\\xc3\\xa4"\n');
    const config = await loadConfig(
      parseCommandLine([file, "--masteruser", "ü"]),
      { KV_HOST: "127.0.0.1" },
    );
    assert.equal(config.requirepass, bytes("pässword"));
    assert.equal(config.get("requirepass"), bytes("pässword"));
    // an escape in the file and the character itself are the same bytes
    assert.equal(config.get("masterauth"), bytes("ä"));
    assert.equal(config.get("masteruser"), bytes("ü"));
    // a directive error shows the line as the text it was
    await Deno.writeTextFile(file, "maxmemory-policy wählen\n");
    await assert.rejects(
      () => loadConfig({ kind: "run", configFile: file, options: "" }, {}),
      (e: unknown) =>
        e instanceof ConfigLoadError && e.message.includes(">>> 'maxmemory-policy wählen'"),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
