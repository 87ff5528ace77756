// Registers the server commands.
