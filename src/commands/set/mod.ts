// Registers the set commands.
