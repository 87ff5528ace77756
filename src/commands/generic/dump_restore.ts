/**
 * DUMP and RESTORE: a key's value as an RDB payload (see persistence/dump.ts) and back. The
 * payloads are Redis 7.0's, so they move between respire and Redis in both directions.
 */
import { binaryToBytes, bytesToBinary } from "../../lib/bytes.ts";
import type { Client } from "../../engine/client.ts";
import { lfuMinutes } from "../../store/lfu.ts";
import { createDumpPayload, readDumpPayload, verifyDumpPayload } from "../../persistence/dump.ts";
import { limitsFrom } from "../../persistence/rdb_value.ts";
import { FormatError } from "../../persistence/bytes_io.ts";
import { int64, OptionScanner } from "../args.ts";
import { CommandError } from "../errors.ts";
import { lookupRead } from "../lookup.ts";
import { command } from "../registry.ts";
import { notify, NOTIFY_GENERIC } from "../../engine/notify.ts";

const ERR_BUSYKEY = "BUSYKEY Target key name already exists.";

export class DumpRestoreCommands {
  @command({
    name: "dump",
    arity: 2,
    flags: ["readonly"],
    keys: [1, 1, 1],
    acl: ["keyspace"],
    tips: ["nondeterministic_output"],
    keySpecs: [{ flags: ["RO", "access"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "generic",
    since: "2.6.0",
    summary: "Serializes a key's value in the RDB format, for RESTORE to recreate it.",
    complexity:
      "O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).",
    args: [{ name: "key", type: "key", keySpecIndex: 0 }],
  })
  static dump(c: Client, args: string[]): void {
    const v = lookupRead(c, args[1]);
    if (v === undefined) {
      c.w.nullBulk();
      return;
    }
    const config = c.engine.config;
    const payload = createDumpPayload(
      v,
      config.rdbcompression,
      config.listMaxListpackSize,
    );
    c.w.bulk(bytesToBinary(payload, 0, payload.length));
  }

  @command({
    name: "restore",
    arity: -4,
    flags: ["write", "denyoom"],
    keys: [1, 1, 1],
    acl: ["keyspace", "dangerous"],
    keySpecs: [{ flags: ["OW", "update"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "generic",
    since: "2.6.0",
    summary: "Creates a key from a payload made by DUMP.",
    complexity:
      "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N)).",
    history: [
      ["3.0.0", "`REPLACE` overwrites an existing key."],
      ["5.0.0", "`ABSTTL` reads the TTL as a Unix time in milliseconds."],
      ["5.0.0", "`IDLETIME` and `FREQ` set the key's access data."],
    ],
    args: [
      { name: "key", type: "key", keySpecIndex: 0 },
      { name: "ttl", type: "integer" },
      { name: "serialized-value", type: "string" },
      {
        name: "replace",
        type: "pure-token",
        token: "REPLACE",
        since: "3.0.0",
        flags: ["optional"],
      },
      { name: "absttl", type: "pure-token", token: "ABSTTL", since: "5.0.0", flags: ["optional"] },
      {
        name: "seconds",
        type: "integer",
        token: "IDLETIME",
        since: "5.0.0",
        flags: ["optional"],
      },
      { name: "frequency", type: "integer", token: "FREQ", since: "5.0.0", flags: ["optional"] },
    ],
  })
  static restore(c: Client, args: string[]): void {
    let replace = false;
    let absttl = false;
    let idle = -1;
    let freq = -1;
    const o = new OptionScanner(args, 4);
    while (!o.done) {
      if (o.take("REPLACE")) {
        replace = true;
      } else if (o.take("ABSTTL")) {
        absttl = true;
      } else if (freq === -1 && o.take("IDLETIME", 1)) {
        const v = int64(o.value());
        if (v < 0) throw new CommandError("ERR Invalid IDLETIME value, must be >= 0");
        idle = Number(v);
      } else if (idle === -1 && o.take("FREQ", 1)) {
        const v = int64(o.value());
        if (v < 0 || v > 255) {
          throw new CommandError("ERR Invalid FREQ value, must be >= 0 and <= 255");
        }
        freq = Number(v);
      } else {
        o.fail();
      }
    }
    const key = args[1];
    const db = c.db;
    // a write lookup: an expired key is reclaimed here and does not count as existing
    if (!replace && db.entry(key) !== undefined) throw new CommandError(ERR_BUSYKEY);
    const ttl = int64(args[2]);
    if (ttl < 0) throw new CommandError("ERR Invalid TTL value, must be >= 0");
    const payload = binaryToBytes(args[3]);
    if (!verifyDumpPayload(payload)) {
      throw new CommandError("ERR DUMP payload version or checksum are wrong");
    }
    const engine = c.engine;
    let value;
    try {
      value = readDumpPayload(payload, limitsFrom(engine.config));
    } catch (e) {
      if (e instanceof FormatError) throw new CommandError("ERR Bad data format");
      throw e;
    }
    const deleted = replace && db.delete(key);
    const now = engine.clock.now();
    let when: number | bigint = 0;
    if (ttl !== 0 && ttl !== 0n) {
      when = absttl ? ttl : typeof ttl === "bigint" ? ttl + BigInt(now) : ttl + now;
      if (typeof when === "number" && !Number.isSafeInteger(when)) when = BigInt(ttl) + BigInt(now);
    }
    if (when !== 0 && when <= now) {
      // already expired: nothing is created, and a replaced key is simply gone
      if (deleted) {
        engine.keyChanged(db, key);
        notify(c, NOTIFY_GENERIC, "del", key);
        engine.propagation.rewrite(["DEL", key]);
      }
      c.w.ok();
      return;
    }
    const e = db.set(key, value);
    if (when !== 0) db.setExpire(key, when);
    if (engine.lfuEnabled) {
      e.lru = freq >= 0 ? (lfuMinutes(now) << 8) | freq : engine.initialLru();
    } else if (idle >= 0) {
      let at = engine.lruClock() - idle;
      if (at < 0) at += 0xffffff;
      // the clock field is 24 bits wide; a huge idle time wraps as it does in Redis
      e.lru = at >= 0 ? at : Number(BigInt.asUintN(24, BigInt(at)));
    } else {
      e.lru = engine.initialLru();
    }
    engine.keyChanged(db, key);
    notify(c, NOTIFY_GENERIC, "restore", key);
    // a relative TTL is propagated as the absolute time it gave, with ABSTTL, as Redis does
    if (when !== 0 && !absttl && engine.propagation.active) {
      const rewritten = args.slice();
      rewritten[2] = String(when);
      rewritten.push("ABSTTL");
      engine.propagation.rewrite(rewritten);
    }
    c.w.ok();
  }
}
