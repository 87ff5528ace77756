// Registers the zset commands.
