/**
 * Client-side caching commands: CLIENT TRACKING, CLIENT CACHING, CLIENT GETREDIR and
 * CLIENT TRACKINGINFO. The tables and the invalidation messages live in engine/tracking.ts.
 */
import { cString } from "../../lib/bytes.ts";
import type { Client } from "../../engine/client.ts";
import { ClientTracking } from "../../engine/tracking.ts";
import { isOption, OptionScanner } from "../args.ts";
import { CommandError, ERR_SYNTAX } from "../errors.ts";
import { command } from "../registry.ts";

// RESET turns tracking off

/** A prefix as Redis's %s prints it in an error: up to a NUL, line breaks as spaces. */
function shown(prefix: string): string {
  return cString(prefix).replace(/[\r\n]/g, " ");
}

/** Either prefix starts with the other. */
function overlap(a: string, b: string): boolean {
  return a.length <= b.length ? b.startsWith(a) : a.startsWith(b);
}

/** New BCAST prefixes may overlap neither the client's current ones nor each other. */
function checkPrefixes(c: Client, prefixes: string[]): void {
  const existing = c.tracking?.prefixes ?? [];
  for (let i = 0; i < prefixes.length; i++) {
    const p = prefixes[i];
    for (const old of existing) {
      if (overlap(old, p)) {
        throw new CommandError(
          `ERR Prefix '${shown(p)}' overlaps with an existing prefix '${shown(old)}'. ` +
            "Prefixes for a single client must not overlap.",
        );
      }
    }
    for (let j = i + 1; j < prefixes.length; j++) {
      if (overlap(p, prefixes[j])) {
        throw new CommandError(
          `ERR Prefix '${shown(p)}' overlaps with another provided prefix '${
            shown(prefixes[j])
          }'. Prefixes for a single client must not overlap.`,
        );
      }
    }
  }
}

const MODE_SWITCH = "and then re-enabling it with a different mode.";

/** CLIENT TRACKING ON's consistency checks, in Redis's order. */
function checkOn(c: Client, options: ClientTracking, prefixes: string[]): void {
  if (!options.bcast && prefixes.length > 0) {
    throw new CommandError("ERR PREFIX option requires BCAST mode to be enabled");
  }
  const current = c.tracking;
  if (current !== null && current.bcast !== options.bcast) {
    throw new CommandError(
      `ERR You can't switch BCAST mode on/off before disabling tracking for this client, ${MODE_SWITCH}`,
    );
  }
  if (options.bcast && (options.optin || options.optout)) {
    throw new CommandError("ERR OPTIN and OPTOUT are not compatible with BCAST");
  }
  if (options.optin && options.optout) {
    throw new CommandError("ERR You can't specify both OPTIN mode and OPTOUT mode");
  }
  if (
    current !== null && ((options.optin && current.optout) || (options.optout && current.optin))
  ) {
    throw new CommandError(
      `ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, ${MODE_SWITCH}`,
    );
  }
  if (options.bcast) checkPrefixes(c, prefixes);
}

export class ClientTrackingCommands {
  @command({
    name: "client|tracking",
    arity: -3,
    flags: ["noscript", "loading", "stale"],
    acl: ["connection"],
    group: "connection",
    since: "6.0.0",
    summary:
      "Turns server-assisted client-side caching on or off: the server tells the connection when keys it may have cached change.",
    complexity: "O(1). Some options may introduce additional complexity.",
    args: [
      {
        name: "status",
        type: "oneof",
        args: [
          { name: "on", type: "pure-token", token: "ON" },
          { name: "off", type: "pure-token", token: "OFF" },
        ],
      },
      { name: "client-id", type: "integer", token: "REDIRECT", flags: ["optional"] },
      {
        name: "prefix",
        type: "string",
        token: "PREFIX",
        flags: ["optional", "multiple", "multiple_token"],
      },
      { name: "bcast", type: "pure-token", token: "BCAST", flags: ["optional"] },
      { name: "optin", type: "pure-token", token: "OPTIN", flags: ["optional"] },
      { name: "optout", type: "pure-token", token: "OPTOUT", flags: ["optional"] },
      { name: "noloop", type: "pure-token", token: "NOLOOP", flags: ["optional"] },
    ],
  })
  static tracking(c: Client, args: string[]): void {
    const options = new ClientTracking();
    const prefixes: string[] = [];
    const o = new OptionScanner(args, 3);
    while (!o.done) {
      if (o.take("REDIRECT", 1)) {
        if (options.redirect !== 0) {
          throw new CommandError("ERR A client can only redirect to a single other client");
        }
        const id = o.int();
        // the target must exist now; it may still go away later (a broken redirect)
        if (!c.engine.clients.has(id)) {
          throw new CommandError("ERR The client ID you want redirect to does not exist");
        }
        options.redirect = id;
      } else if (o.take("BCAST")) {
        options.bcast = true;
      } else if (o.take("OPTIN")) {
        options.optin = true;
      } else if (o.take("OPTOUT")) {
        options.optout = true;
      } else if (o.take("NOLOOP")) {
        options.noloop = true;
      } else if (o.take("PREFIX", 1)) {
        prefixes.push(o.value());
      } else {
        o.fail();
      }
    }
    const tracking = c.engine.tracking;
    if (isOption(args[2], "ON")) {
      checkOn(c, options, prefixes);
      tracking.enable(c, options, prefixes);
    } else if (isOption(args[2], "OFF")) {
      tracking.disable(c);
    } else {
      throw new CommandError(ERR_SYNTAX);
    }
    c.w.ok();
  }

  @command({
    name: "client|caching",
    arity: 3,
    flags: ["noscript", "loading", "stale"],
    acl: ["connection"],
    group: "connection",
    since: "6.0.0",
    summary:
      "In OPTIN or OPTOUT tracking mode, says whether the keys of the next command are tracked.",
    complexity: "O(1)",
    args: [{
      name: "mode",
      type: "oneof",
      args: [
        { name: "yes", type: "pure-token", token: "YES" },
        { name: "no", type: "pure-token", token: "NO" },
      ],
    }],
  })
  static caching(c: Client, args: string[]): void {
    const t = c.tracking;
    if (t === null) {
      throw new CommandError(
        "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled",
      );
    }
    if (isOption(args[2], "YES")) {
      if (!t.optin) {
        throw new CommandError(
          "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.",
        );
      }
    } else if (isOption(args[2], "NO")) {
      if (!t.optout) {
        throw new CommandError(
          "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.",
        );
      }
    } else {
      throw new CommandError(ERR_SYNTAX);
    }
    // holds for the next command (all of a MULTI ... EXEC); see Tracking.afterCommand
    t.caching = true;
    c.w.ok();
  }

  @command({
    name: "client|getredir",
    arity: 2,
    flags: ["noscript", "loading", "stale"],
    acl: ["connection"],
    group: "connection",
    since: "6.0.0",
    summary:
      "Returns the ID of the connection receiving this one's tracking invalidations (0: itself, -1: not tracking).",
    complexity: "O(1)",
  })
  static getredir(c: Client): void {
    c.w.int(c.tracking === null ? -1 : c.tracking.redirect);
  }

  @command({
    name: "client|trackinginfo",
    arity: 2,
    flags: ["noscript", "loading", "stale"],
    acl: ["connection"],
    group: "connection",
    since: "6.2.0",
    summary: "Describes this connection's client-side caching state: flags, redirect, prefixes.",
    complexity: "O(1)",
  })
  static trackinginfo(c: Client): void {
    const t = c.tracking;
    const flags: string[] = [];
    if (t === null) {
      flags.push("off");
    } else {
      flags.push("on");
      if (t.bcast) flags.push("bcast");
      if (t.optin) {
        flags.push("optin");
        if (t.caching) flags.push("caching-yes");
      }
      if (t.optout) {
        flags.push("optout");
        if (t.caching) flags.push("caching-no");
      }
      if (t.noloop) flags.push("noloop");
      if (t.brokenRedirect) flags.push("broken_redirect");
    }
    const w = c.w;
    w.map(3);
    w.bulk("flags");
    w.set(flags.length);
    for (const f of flags) w.bulk(f);
    w.bulk("redirect");
    w.int(t === null ? -1 : t.redirect);
    w.bulk("prefixes");
    const prefixes = t?.prefixes ?? [];
    w.array(prefixes.length);
    for (const p of prefixes) w.bulk(p);
  }
}
