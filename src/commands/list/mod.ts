// Registers the list commands.
