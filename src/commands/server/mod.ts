// Registers the server commands.
import "./command.ts";
import "./config.ts";
import "./debug.ts";
import "./info.ts";
import "./keyspace.ts";
import "./shutdown.ts";
import "./time.ts";
import "./persistence.ts";
