/**
 * The hash listpack limits, read from the config once per server and kept current through
 * CONFIG SET listeners, so HSET does not parse config values on every call.
 */
import type { Server } from "../../server/server.ts";
import type { HashLimits } from "../../store/hash.ts";

const cache = new WeakMap<Server, HashLimits>();

export function hashLimits(server: Server): HashLimits {
  let limits = cache.get(server);
  if (limits !== undefined) return limits;
  const config = server.config;
  const current: HashLimits = {
    maxListpackEntries: config.hashMaxListpackEntries,
    maxListpackValue: config.hashMaxListpackValue,
  };
  config.onChange("hash-max-listpack-entries", () => {
    current.maxListpackEntries = config.hashMaxListpackEntries;
  });
  config.onChange("hash-max-listpack-value", () => {
    current.maxListpackValue = config.hashMaxListpackValue;
  });
  cache.set(server, current);
  limits = current;
  return limits;
}
