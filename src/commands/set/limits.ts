/** set-max-intset-entries, from the config's typed field (kept current by the table). */
import type { Server } from "../../server/server.ts";

export function maxIntsetEntries(server: Server): number {
  return server.config.setMaxIntsetEntries;
}
