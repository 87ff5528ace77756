/**
 * The value types a key can hold. Strings are binary strings (see lib/bytes.ts); every other
 * type is an object carrying its Redis type name and current encoding.
 */
export type RedisType = "string" | "list" | "hash" | "set" | "zset" | "stream";

export interface CollectionValue {
  readonly type: Exclude<RedisType, "string">;
  /** Redis's OBJECT ENCODING name for the current representation. */
  encoding(): string;
  /** Number of elements; a collection with 0 elements never stays in the keyspace. */
  readonly size: number;
  /** A deep copy, for COPY. */
  clone(): CollectionValue;
}

export type Value = string | CollectionValue;

export function typeOf(v: Value): RedisType {
  return typeof v === "string" ? "string" : v.type;
}

export const WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
