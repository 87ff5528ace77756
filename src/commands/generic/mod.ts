// Registers the generic commands.
