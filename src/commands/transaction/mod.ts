// Registers the transaction commands.
import "./transaction.ts";
