// Registers the sorted set commands.
import "./zadd.ts";
import "./read.ts";
import "./zrange.ts";
import "./zrem.ts";
import "./zpop.ts";
import "./zrandmember.ts";
import "./setops.ts";
import "./zscan.ts";
import "./bzpop.ts";
