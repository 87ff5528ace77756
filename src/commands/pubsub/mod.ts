// Registers the Pub/Sub commands.
import "./pubsub.ts";
