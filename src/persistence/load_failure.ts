/** A data file that cannot be loaded: startup stops with this message. */
export class LoadFailure extends Error {}
