// Registers the set commands.
import "./sadd.ts";
import "./smembers.ts";
import "./spop.ts";
import "./smove.ts";
import "./sinter.ts";
import "./sunion.ts";
import "./sscan.ts";
