/** respire's own version. */
export const RESPIRE_VERSION = "0.1.0";
/** The Redis version whose behaviour respire matches; clients gate features on it. */
export const REDIS_VERSION = "7.0.15";
