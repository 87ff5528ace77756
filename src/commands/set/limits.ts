/**
 * set-max-intset-entries, read from the config once per server and kept current through a
 * CONFIG SET listener, so SADD does not parse config values on every call.
 */
import type { Engine } from "../../engine/engine.ts";

const cache = new WeakMap<Engine, { maxIntset: number }>();

export function maxIntsetEntries(engine: Engine): number {
  let holder = cache.get(engine);
  if (holder === undefined) {
    const current = { maxIntset: engine.config.int("set-max-intset-entries") };
    engine.config.onChange("set-max-intset-entries", () => {
      current.maxIntset = engine.config.int("set-max-intset-entries");
    });
    cache.set(engine, current);
    holder = current;
  }
  return holder.maxIntset;
}
