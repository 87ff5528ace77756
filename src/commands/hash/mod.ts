// Registers the hash commands.
import "./hset.ts";
import "./hget.ts";
import "./hgetall.ts";
import "./hdel.ts";
import "./hincrby.ts";
import "./hrandfield.ts";
import "./hscan.ts";
