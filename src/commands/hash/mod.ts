// Registers the hash commands.
