// Registers the connection commands.
import "./ping.ts";
