// Registers the generic (keyspace) commands.
import "./copy.ts";
import "./del.ts";
import "./exists.ts";
import "./expire.ts";
import "./keys.ts";
import "./move.ts";
import "./object.ts";
import "./persist.ts";
import "./randomkey.ts";
import "./rename.ts";
import "./scan.ts";
import "./swapdb.ts";
import "./ttl.ts";
import "./sort.ts";
import "./dump_restore.ts";
