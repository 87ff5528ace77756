// Registers the server commands.
import "./config.ts";
import "./debug.ts";
import "./info.ts";
import "./keyspace.ts";
import "./shutdown.ts";
import "./time.ts";
