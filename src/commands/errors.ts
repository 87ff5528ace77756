/** A command failure whose message is the exact Redis error text, code included. */
export class CommandError extends Error {
  constructor(message: string) {
    super(message);
  }
}

export const ERR_SYNTAX = "ERR syntax error";
export const ERR_NOT_INTEGER = "ERR value is not an integer or out of range";
export const ERR_NOT_FLOAT = "ERR value is not a valid float";
export const ERR_WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
export const ERR_NO_SUCH_KEY = "ERR no such key";
export const ERR_DB_INDEX = "ERR DB index is out of range";
export const ERR_OVERFLOW = "ERR increment or decrement would overflow";
export const ERR_NOAUTH = "NOAUTH Authentication required.";
export const ERR_TIMEOUT_FLOAT = "ERR timeout is not a float or out of range";
export const ERR_TIMEOUT_NEGATIVE = "ERR timeout is negative";

export function wrongArity(fullName: string): CommandError {
  return new CommandError(`ERR wrong number of arguments for '${fullName}' command`);
}
