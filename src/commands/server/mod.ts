// Registers the server commands.
import "./keyspace.ts";
import "./time.ts";
import "./command.ts";
