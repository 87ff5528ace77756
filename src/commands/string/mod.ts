// Registers the string commands.
import "./get.ts";
import "./set.ts";
