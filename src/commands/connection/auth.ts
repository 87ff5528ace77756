/**
 * AUTH and HELLO. Until ACL users exist, the only user is "default": it accepts any password
 * while requirepass is empty (Redis's nopass), and exactly requirepass otherwise.
 */
import { cString } from "../../lib/bytes.ts";
import type { Client } from "../../engine/client.ts";
import { REDIS_VERSION } from "../../version.ts";
import { parseInt64 } from "../../lib/numbers.ts";
import { OptionScanner } from "../args.ts";
import { CommandError, ERR_SYNTAX } from "../errors.ts";
import { command } from "../registry.ts";
import { setClientName } from "./client.ts";

const ERR_WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";

/** Checks the credentials; on success the connection is authenticated as that user. */
function authenticate(c: Client, username: string, password: string): boolean {
  if (username !== "default") return false;
  const requirepass = c.engine.config.requirepass;
  if (requirepass !== "" && password !== requirepass) return false;
  c.authenticated = true;
  c.user = username;
  return true;
}

export class AuthCommands {
  @command({
    name: "auth",
    arity: -2,
    flags: ["noscript", "loading", "stale", "fast", "no_auth", "sentinel", "allow_busy"],
    acl: ["connection"],
    group: "connection",
    since: "1.0.0",
    summary: "Authenticates the connection with a password, or a username and password.",
    complexity: "O(N) where N is the number of passwords defined for the user",
    history: [["6.0.0", "The username argument, for ACL users."]],
    args: [
      { name: "username", type: "string", since: "6.0.0", flags: ["optional"] },
      { name: "password", type: "string" },
    ],
  })
  static auth(c: Client, args: string[]): void {
    if (args.length > 3) throw new CommandError(ERR_SYNTAX);
    if (args.length === 2 && c.engine.config.requirepass === "") {
      throw new CommandError(
        "ERR AUTH <password> called without any password configured for the default user. " +
          "Are you sure your configuration is correct?",
      );
    }
    const ok = args.length === 2
      ? authenticate(c, "default", args[1])
      : authenticate(c, args[1], args[2]);
    if (!ok) throw new CommandError(ERR_WRONGPASS);
    c.w.ok();
  }

  @command({
    name: "hello",
    arity: -1,
    flags: ["noscript", "loading", "stale", "fast", "no_auth", "sentinel", "allow_busy"],
    acl: ["connection"],
    group: "connection",
    since: "6.0.0",
    summary:
      "Opens a session: picks the protocol version, optionally authenticates and names the " +
      "connection, and describes the server.",
    complexity: "O(1)",
    history: [[
      "6.2.0",
      "`protover` is optional; without arguments the reply describes the current connection.",
    ]],
    args: [{
      name: "arguments",
      type: "block",
      flags: ["optional"],
      args: [
        { name: "protover", type: "integer" },
        {
          name: "username_password",
          type: "block",
          token: "AUTH",
          flags: ["optional"],
          args: [
            { name: "username", type: "string" },
            { name: "password", type: "string" },
          ],
        },
        { name: "clientname", type: "string", token: "SETNAME", flags: ["optional"] },
      ],
    }],
  })
  static hello(c: Client, args: string[]): void {
    let protocol: 2 | 3 | 0 = 0;
    if (args.length >= 2) {
      const v = parseInt64(args[1]);
      if (v === null) {
        throw new CommandError("ERR Protocol version is not an integer or out of range");
      }
      if (v !== 2 && v !== 3) throw new CommandError("NOPROTO unsupported protocol version");
      protocol = v;
    }
    // Redis 7.0 acts on each option as it reads it: an error part way leaves the earlier
    // AUTH or SETNAME in effect
    const o = new OptionScanner(args, 2);
    while (!o.done) {
      if (o.take("AUTH", 2)) {
        if (!authenticate(c, o.value(), o.value())) throw new CommandError(ERR_WRONGPASS);
      } else if (o.take("SETNAME", 1)) {
        setClientName(c, o.value());
      } else {
        throw new CommandError(`ERR Syntax error in HELLO option '${cString(o.current)}'`);
      }
    }
    if (!c.authenticated) {
      throw new CommandError(
        "NOAUTH HELLO must be called with the client already authenticated, otherwise the " +
          "HELLO AUTH <user> <pass> option can be used to authenticate the client and select " +
          "the RESP protocol version at the same time",
      );
    }
    if (protocol !== 0) c.resp = protocol;
    const w = c.w;
    w.map(7);
    w.bulk("server");
    w.bulk("redis");
    w.bulk("version");
    w.bulk(REDIS_VERSION);
    w.bulk("proto");
    w.int(c.resp);
    w.bulk("id");
    w.int(c.id);
    w.bulk("mode");
    w.bulk("standalone");
    w.bulk("role");
    w.bulk("master");
    w.bulk("modules");
    w.array(0);
  }
}
