/** set-max-intset-entries, from the config's typed field (kept current by the table). */
import type { Engine } from "../../engine/engine.ts";

export function maxIntsetEntries(engine: Engine): number {
  return engine.config.setMaxIntsetEntries;
}
