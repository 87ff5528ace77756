// Registers the server commands.
import "./command.ts";
import "./config.ts";
import "./debug.ts";
import "./info.ts";
import "./keyspace.ts";
import "./shutdown.ts";
import "./time.ts";
import "./monitor.ts";
import "./slowlog.ts";
import "./latency.ts";
import "./persistence.ts";
