/**
 * SUBSCRIBE / UNSUBSCRIBE / PSUBSCRIBE / PUNSUBSCRIBE / SSUBSCRIBE / SUNSUBSCRIBE, PUBLISH,
 * SPUBLISH and PUBSUB's introspection subcommands. The subscription index and delivery live
 * in engine/pubsub.ts; what a subscribed RESP2 client may still run is decided in dispatch.
 */
import type { Client } from "../../engine/client.ts";
import { CHANNELS, PATTERNS, SHARD_CHANNELS, type SubscriptionKind } from "../../engine/pubsub.ts";
import { replyDespiteSilence } from "../../engine/delivery.ts";
import { globMatch } from "../../store/glob.ts";
import { CommandError } from "../errors.ts";
import { type ArgSpec, command, commandContainer, type KeySpec } from "../registry.ts";

// RESET drops every subscription without confirmations

/**
 * A (un)subscription confirmation: [kind, name or null, count], a push in RESP3. Redis sends
 * it even to a client whose replies are switched off.
 */
function confirm(c: Client, kind: string, name: string | null, count: number): void {
  replyDespiteSilence(c, (w) => {
    w.push(3);
    w.bulk(kind);
    w.bulkOrNull(name);
    w.int(count);
  });
}

function subscribeAll(c: Client, kind: SubscriptionKind, args: string[]): void {
  const registry = c.engine.pubsub;
  for (let i = 1; i < args.length; i++) {
    registry.add(kind, c, args[i]);
    confirm(c, kind.subscribe, args[i], kind.count(c));
  }
}

function unsubscribeAll(c: Client, kind: SubscriptionKind, args: string[]): void {
  const registry = c.engine.pubsub;
  if (args.length > 1) {
    for (let i = 1; i < args.length; i++) {
      registry.remove(kind, c, args[i]);
      confirm(c, kind.unsubscribe, args[i], kind.count(c));
    }
    return;
  }
  const names = [...kind.mine(c)];
  // without arguments and without subscriptions there is still one confirmation
  if (names.length === 0) {
    confirm(c, kind.unsubscribe, null, kind.count(c));
    return;
  }
  for (const name of names) {
    registry.remove(kind, c, name);
    confirm(c, kind.unsubscribe, name, kind.count(c));
  }
}

/** The shard commands' key spec: the channels sit where keys would, but are not keys. */
const SHARD_SPEC_ALL: KeySpec[] = [{
  flags: ["not_key"],
  begin: { index: 1 },
  find: { range: [-1, 1, 0] },
}];

const CHANNEL_ARGS: ArgSpec[] = [{ name: "channel", type: "string", flags: ["multiple"] }];

export class PubSubCommands {
  @command({
    name: "subscribe",
    arity: -2,
    flags: ["pubsub", "noscript", "loading", "stale"],
    group: "pubsub",
    since: "2.0.0",
    summary: "Starts receiving the messages published to the given channels.",
    complexity: "O(N) where N is the number of channels to subscribe to.",
    args: CHANNEL_ARGS,
  })
  static subscribe(c: Client, args: string[]): void {
    subscribeAll(c, CHANNELS, args);
  }

  @command({
    name: "unsubscribe",
    arity: -1,
    flags: ["pubsub", "noscript", "loading", "stale"],
    group: "pubsub",
    since: "2.0.0",
    summary: "Stops receiving the messages of the given channels, or of every channel.",
    complexity: "O(N) where N is the number of clients already subscribed to a channel.",
    args: [{ name: "channel", type: "string", flags: ["optional", "multiple"] }],
  })
  static unsubscribe(c: Client, args: string[]): void {
    unsubscribeAll(c, CHANNELS, args);
  }

  @command({
    name: "psubscribe",
    arity: -2,
    flags: ["pubsub", "noscript", "loading", "stale"],
    group: "pubsub",
    since: "2.0.0",
    summary: "Starts receiving the messages published to channels matching the glob patterns.",
    complexity: "O(N) where N is the number of patterns the client is already subscribed to.",
    args: [{
      name: "pattern",
      type: "block",
      flags: ["multiple"],
      args: [{ name: "pattern", type: "pattern" }],
    }],
  })
  static psubscribe(c: Client, args: string[]): void {
    subscribeAll(c, PATTERNS, args);
  }

  @command({
    name: "punsubscribe",
    arity: -1,
    flags: ["pubsub", "noscript", "loading", "stale"],
    group: "pubsub",
    since: "2.0.0",
    summary: "Stops receiving the messages of the given patterns, or of every pattern.",
    complexity:
      "O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).",
    args: [{ name: "pattern", type: "pattern", flags: ["optional", "multiple"] }],
  })
  static punsubscribe(c: Client, args: string[]): void {
    unsubscribeAll(c, PATTERNS, args);
  }

  @command({
    name: "ssubscribe",
    arity: -2,
    flags: ["pubsub", "noscript", "loading", "stale"],
    keys: [1, -1, 1],
    keySpecs: SHARD_SPEC_ALL,
    group: "pubsub",
    since: "7.0.0",
    summary: "Starts receiving the messages published to the given shard channels.",
    complexity: "O(N) where N is the number of shard channels to subscribe to.",
    args: [{ name: "shardchannel", type: "string", flags: ["multiple"] }],
  })
  static ssubscribe(c: Client, args: string[]): void {
    subscribeAll(c, SHARD_CHANNELS, args);
  }

  @command({
    name: "sunsubscribe",
    arity: -1,
    flags: ["pubsub", "noscript", "loading", "stale"],
    keys: [1, -1, 1],
    keySpecs: SHARD_SPEC_ALL,
    group: "pubsub",
    since: "7.0.0",
    summary: "Stops receiving the messages of the given shard channels, or of all of them.",
    complexity: "O(N) where N is the number of clients already subscribed to a shard channel.",
    args: [{ name: "shardchannel", type: "string", flags: ["optional", "multiple"] }],
  })
  static sunsubscribe(c: Client, args: string[]): void {
    unsubscribeAll(c, SHARD_CHANNELS, args);
  }

  @command({
    name: "publish",
    arity: 3,
    flags: ["pubsub", "loading", "stale", "fast", "may_replicate"],
    group: "pubsub",
    since: "2.0.0",
    summary: "Sends a message to a channel and replies with the number of clients that got it.",
    complexity:
      "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).",
    args: [
      { name: "channel", type: "string" },
      { name: "message", type: "string" },
    ],
  })
  static publish(c: Client, args: string[]): void {
    const receivers = c.engine.pubsub.publish(args[1], args[2]);
    c.w.int(receivers);
  }

  @command({
    name: "spublish",
    arity: 3,
    flags: ["pubsub", "loading", "stale", "fast", "may_replicate"],
    keys: [1, 1, 1],
    keySpecs: [{ flags: ["not_key"], begin: { index: 1 }, find: { range: [0, 1, 0] } }],
    group: "pubsub",
    since: "7.0.0",
    summary: "Sends a message to a shard channel and replies with the number of clients " +
      "that got it.",
    complexity: "O(N) where N is the number of clients subscribed to the receiving shard channel.",
    args: [
      { name: "shardchannel", type: "string" },
      { name: "message", type: "string" },
    ],
  })
  static spublish(c: Client, args: string[]): void {
    c.w.int(c.engine.pubsub.publishShard(args[1], args[2]));
  }
}

commandContainer({
  name: "pubsub",
  arity: -2,
  flags: [],
  group: "pubsub",
  since: "2.8.0",
  summary: "Groups the commands that report on Pub/Sub channels and subscribers.",
  complexity: "Depends on subcommand.",
});

const HELP = [
  "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
  "CHANNELS [<pattern>]",
  "    Return the currently active channels matching a <pattern> (default: '*').",
  "NUMPAT",
  "    Return number of subscriptions to patterns.",
  "NUMSUB [<channel> ...]",
  "    Return the number of subscribers for the specified channels, excluding",
  "    pattern subscriptions(default: no channels).",
  "SHARDCHANNELS [<pattern>]",
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  "SHARDNUMSUB [<shardchannel> ...]",
  "    Return the number of subscribers for the specified shard level channel(s)",
  "HELP",
  "    Prints this help.",
];

/** Channel lists take at most one pattern; Redis words the error as for an unknown form. */
function listPattern(args: string[], sub: string): string | null {
  if (args.length > 3) {
    throw new CommandError(
      `ERR unknown subcommand or wrong number of arguments for '${sub}'. Try PUBSUB HELP.`,
    );
  }
  return args.length === 3 ? args[2] : null;
}

function listChannels(c: Client, index: Map<string, Set<Client>>, pattern: string | null): void {
  const names: string[] = [];
  for (const name of index.keys()) {
    if (pattern === null || globMatch(pattern, name)) names.push(name);
  }
  c.w.bulkArray(names);
}

function countSubscribers(c: Client, index: Map<string, Set<Client>>, args: string[]): void {
  const w = c.w;
  // a flat array in RESP3 too, as Redis replies
  w.array((args.length - 2) * 2);
  for (let i = 2; i < args.length; i++) {
    w.bulk(args[i]);
    w.int(index.get(args[i])?.size ?? 0);
  }
}

export class PubSubIntrospection {
  @command({
    name: "pubsub|channels",
    arity: -2,
    flags: ["pubsub", "loading", "stale"],
    group: "pubsub",
    since: "2.8.0",
    summary: "Lists the channels that have subscribers, optionally only those matching a pattern.",
    complexity:
      "O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)",
    args: [{ name: "pattern", type: "pattern", flags: ["optional"] }],
  })
  static channels(c: Client, args: string[]): void {
    listChannels(c, c.engine.pubsub.channels, listPattern(args, args[1]));
  }

  @command({
    name: "pubsub|numsub",
    arity: -2,
    flags: ["pubsub", "loading", "stale"],
    group: "pubsub",
    since: "2.8.0",
    summary: "Counts the clients subscribed to each given channel (pattern subscribers aside).",
    complexity: "O(N) for the NUMSUB subcommand, where N is the number of requested channels",
    args: [{ name: "channel", type: "string", flags: ["optional", "multiple"] }],
  })
  static numsub(c: Client, args: string[]): void {
    countSubscribers(c, c.engine.pubsub.channels, args);
  }

  @command({
    name: "pubsub|numpat",
    arity: 2,
    flags: ["pubsub", "loading", "stale"],
    group: "pubsub",
    since: "2.8.0",
    summary: "Counts the distinct patterns that clients are subscribed to.",
    complexity: "O(1)",
  })
  static numpat(c: Client): void {
    c.w.int(c.engine.pubsub.patterns.size);
  }

  @command({
    name: "pubsub|shardchannels",
    arity: -2,
    flags: ["pubsub", "loading", "stale"],
    group: "pubsub",
    since: "7.0.0",
    summary: "Lists the shard channels that have subscribers, optionally only those matching " +
      "a pattern.",
    complexity:
      "O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).",
    args: [{ name: "pattern", type: "pattern", flags: ["optional"] }],
  })
  static shardchannels(c: Client, args: string[]): void {
    listChannels(c, c.engine.pubsub.shardChannels, listPattern(args, args[1]));
  }

  @command({
    name: "pubsub|shardnumsub",
    arity: -2,
    flags: ["pubsub", "loading", "stale"],
    group: "pubsub",
    since: "7.0.0",
    summary: "Counts the clients subscribed to each given shard channel.",
    complexity:
      "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels",
    args: [{ name: "shardchannel", type: "string", flags: ["optional", "multiple"] }],
  })
  static shardnumsub(c: Client, args: string[]): void {
    countSubscribers(c, c.engine.pubsub.shardChannels, args);
  }

  @command({
    name: "pubsub|help",
    arity: 2,
    flags: ["loading", "stale"],
    group: "pubsub",
    since: "6.2.0",
    summary: "Lists the PUBSUB subcommands.",
    complexity: "O(1)",
  })
  static help(c: Client): void {
    c.w.simpleLines(HELP);
  }
}
