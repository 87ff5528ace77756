/**
 * The differential harness: the same commands go to real redis-server 7.0 and to respire,
 * and the raw reply bytes must be equal.
 *
 *   Deno.test("strings", () => compat(async (t) => {
 *     await t.same("SET", "k", "v");
 *     await t.same("GET", "k");
 *   }));
 */
import assert from "node:assert/strict";
import { decodeReply, type Reply, showReply } from "../../src/resp/reply_decoder.ts";
import { RawClient } from "./raw_client.ts";
import { startRedis, startRespire } from "./servers.ts";

export class Pair {
  constructor(readonly redis: RawClient, readonly respire: RawClient) {}

  /** Sends one command to both servers; returns both raw replies. */
  async both(...args: string[]): Promise<[string, string]> {
    const [a, b] = await Promise.all([this.redis.call(...args), this.respire.call(...args)]);
    return [a, b];
  }

  /** Asserts both servers reply with the same bytes. Returns the reply. */
  async same(...args: string[]): Promise<string> {
    const [redis, respire] = await this.both(...args);
    assert.equal(
      respire,
      redis,
      `reply differs for ${fmt(args)}\n  redis:   ${JSON.stringify(redis)}\n  respire: ${
        JSON.stringify(respire)
      }`,
    );
    return redis;
  }

  /** Same reply up to the order of aggregate elements (for replies Redis does not order). */
  async sameUnordered(...args: string[]): Promise<void> {
    const [redis, respire] = await this.both(...args);
    const a = canonical(parse(redis));
    const b = canonical(parse(respire));
    assert.equal(
      b,
      a,
      `reply differs (ignoring order) for ${fmt(args)}\n  redis:   ${a}\n  respire: ${b}`,
    );
  }

  /** Same reply type and aggregate sizes (for random replies). */
  async sameShape(...args: string[]): Promise<void> {
    const [redis, respire] = await this.both(...args);
    const a = shape(parse(redis));
    const b = shape(parse(respire));
    assert.equal(
      b,
      a,
      `reply shape differs for ${fmt(args)}\n  redis:   ${redis}\n  respire: ${respire}`,
    );
  }

  /** Switches both connections to RESP3 (and checks HELLO's reply shape matches). */
  async resp3(): Promise<void> {
    await this.sameShape("HELLO", "3");
  }
}

function fmt(args: string[]): string {
  return args.map((a) => JSON.stringify(a)).join(" ");
}

function parse(raw: string): Reply {
  const bytes = Uint8Array.from(raw, (c) => c.charCodeAt(0));
  const r = decodeReply(bytes);
  if (r === null) throw new Error(`incomplete reply ${raw}`);
  return r[0];
}

function canonical(r: Reply): string {
  if ("items" in r) {
    if (r.type === "map" || r.type === "attribute") {
      const pairs: string[] = [];
      for (let i = 0; i < r.items.length; i += 2) {
        pairs.push(canonical(r.items[i]) + "=>" + canonical(r.items[i + 1]));
      }
      return `${r.type}{${pairs.sort().join(",")}}`;
    }
    return `${r.type}[${r.items.map(canonical).sort().join(",")}]`;
  }
  return showReply(r);
}

function shape(r: Reply): string {
  if ("items" in r) return `${r.type}(${r.items.length})`;
  return r.type;
}

export interface CompatOptions {
  /** Extra redis.conf settings for both servers. */
  config?: Record<string, string>;
  /** Run the body in RESP2 and again in RESP3 (fresh data each time). */
  bothProtocols?: boolean;
}

/**
 * Starts redis-server and respire, connects a raw client to each, runs the body (twice with
 * bothProtocols: RESP2 then RESP3), and stops both servers whatever happens.
 */
export async function compat(
  body: (t: Pair) => Promise<void>,
  options: CompatOptions = {},
): Promise<void> {
  const cfg = options.config ?? {};
  const redisArgs = Object.entries(cfg).flatMap(([k, v]) => [`--${k}`, v]);
  const redis = await startRedis(redisArgs);
  let respire;
  try {
    respire = await startRespire({ config: { "enable-debug-command": "yes", ...cfg } });
  } catch (e) {
    await redis.close();
    throw e;
  }
  try {
    for (const proto of options.bothProtocols === false ? [2] : [2, 3]) {
      const a = await RawClient.connect(redis.port);
      const b = await RawClient.connect(respire.port);
      try {
        const pair = new Pair(a, b);
        await pair.both("FLUSHALL");
        if (proto === 3) await pair.resp3();
        await body(pair);
      } catch (e) {
        if (e instanceof Error) e.message = `[RESP${proto}] ${e.message}`;
        throw e;
      } finally {
        a.close();
        b.close();
      }
    }
  } finally {
    await respire.close();
    await redis.close();
  }
}

/**
 * Like compat, for scenarios with several connections: starts both servers once and runs the
 * body per protocol (RESP2, then RESP3) with `open`, which connects one more pair already
 * switched to that protocol. Every pair is closed after each run.
 */
export async function compatConnections(
  body: (open: () => Promise<Pair>, proto: 2 | 3) => Promise<void>,
  options: { respireConfig?: Record<string, string> } = {},
): Promise<void> {
  await using redis = await startRedis();
  await using respire = await startRespire({ config: options.respireConfig });
  for (const proto of [2, 3] as const) {
    const pairs: Pair[] = [];
    const open = async () => {
      const p = new Pair(
        await RawClient.connect(redis.port),
        await RawClient.connect(respire.port),
      );
      pairs.push(p);
      if (proto === 3) await p.resp3();
      return p;
    };
    try {
      await (await open()).both("FLUSHALL");
      await body(open, proto);
    } catch (e) {
      if (e instanceof Error) e.message = `[RESP${proto}] ${e.message}`;
      throw e;
    } finally {
      for (const p of pairs) {
        p.redis.close();
        p.respire.close();
      }
    }
  }
}
