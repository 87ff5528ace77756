/**
 * The hash listpack limits, read from the config once per server and kept current through
 * CONFIG SET listeners, so HSET does not parse config values on every call.
 */
import type { Engine } from "../../engine/engine.ts";
import type { HashLimits } from "../../store/hash.ts";

const cache = new WeakMap<Engine, HashLimits>();

export function hashLimits(engine: Engine): HashLimits {
  let limits = cache.get(engine);
  if (limits !== undefined) return limits;
  const config = engine.config;
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
  cache.set(engine, current);
  limits = current;
  return limits;
}
