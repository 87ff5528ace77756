// Registers the list commands.
import "./push.ts";
import "./pop.ts";
import "./read.ts";
import "./modify.ts";
import "./move.ts";
import "./blocking.ts";
