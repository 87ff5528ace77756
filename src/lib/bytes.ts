/**
 * Keys and values travel through respire as "binary strings": JS strings in which every
 * char code is one byte (0..255). They hash well as Map keys, compare byte-wise with `<`, and
 * are compact in V8 (one byte per char). `TextDecoder("latin1")` is not used because the
 * WHATWG "latin1" label is really windows-1252 and remaps 0x80..0x9F.
 */

const CHUNK = 8192;
/** Reused argument list for String.fromCharCode.apply (no per-call typed-array view). */
const scratch: number[] = [];

/** Decodes bytes [start, end) of `buf` into a binary string. */
export function bytesToBinary(buf: Uint8Array, start: number, end: number): string {
  const len = end - start;
  if (len < 13) {
    // below V8's cons-string threshold, += builds a flat string directly
    let s = "";
    for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]);
    return s;
  }
  if (len <= CHUNK) {
    // one flat string in one call; a += loop here would build a cons-string chain that every
    // Map lookup of the key has to flatten first
    scratch.length = len;
    for (let i = 0; i < len; i++) scratch[i] = buf[start + i];
    return String.fromCharCode.apply(null, scratch);
  }
  const parts: string[] = [];
  for (let i = start; i < end; i += CHUNK) {
    const stop = Math.min(end, i + CHUNK);
    parts.push(String.fromCharCode.apply(null, buf.subarray(i, stop) as unknown as number[]));
  }
  return parts.join("");
}

/** Encodes a binary string back into bytes. */
export function binaryToBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** Converts ordinary (UTF-16) text into its UTF-8 bytes, as a binary string. */
export function textToBinary(text: string): string {
  // deno-lint-ignore no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  const bytes = utf8Encoder.encode(text);
  return bytesToBinary(bytes, 0, bytes.length);
}

/** Reads a binary string holding UTF-8 bytes as text (for logs and file paths). */
export function binaryToText(s: string): string {
  // deno-lint-ignore no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  return utf8Decoder.decode(binaryToBytes(s));
}

/** Byte-wise comparison of binary strings, as memcmp then length (Redis's sdscmp). */
export function compareBinary(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The part of a binary string C's string functions (%s, strcmp, strtoul) see: up to the first NUL. */
export function cString(s: string): string {
  const nul = s.indexOf("\0");
  return nul < 0 ? s : s.slice(0, nul);
}
