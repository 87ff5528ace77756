// Registers the connection commands. client.ts registers the CLIENT container, so it comes
// before any file that adds other CLIENT subcommands.
import "./ping.ts";
import "./client.ts";
import "./auth.ts";
import "./session.ts";
import "./client_pause.ts";
import "./client_unblock.ts";
import "./client_tracking.ts";
