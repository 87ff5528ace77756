/**
 * set-max-intset-entries, read from the config once per server and kept current through a
 * CONFIG SET listener, so SADD does not parse config values on every call.
 */
import type { Server } from "../../server/server.ts";

const cache = new WeakMap<Server, { maxIntset: number }>();

export function maxIntsetEntries(server: Server): number {
  let holder = cache.get(server);
  if (holder === undefined) {
    const current = { maxIntset: server.config.setMaxIntsetEntries };
    server.config.onChange("set-max-intset-entries", () => {
      current.maxIntset = server.config.setMaxIntsetEntries;
    });
    cache.set(server, current);
    holder = current;
  }
  return holder.maxIntset;
}
