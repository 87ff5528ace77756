// Registers the string commands.
import "./append.ts";
import "./get.ts";
import "./getdel.ts";
import "./getex.ts";
import "./getrange.ts";
import "./getset.ts";
import "./incr.ts";
import "./incrbyfloat.ts";
import "./lcs.ts";
import "./mget.ts";
import "./mset.ts";
import "./set.ts";
import "./setrange.ts";
import "./strlen.ts";
