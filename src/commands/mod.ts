/** Importing a family registers its commands (see registry.ts). */
import "./connection/mod.ts";
import "./generic/mod.ts";
import "./string/mod.ts";
import "./server/mod.ts";
import "./list/mod.ts";
import "./hash/mod.ts";
import "./set/mod.ts";
import "./zset/mod.ts";
import "./transaction/mod.ts";
import "./pubsub/mod.ts";
