/**
 * The config boundary: where text from outside (config files, the command line, the
 * environment) becomes the byte strings the configuration holds, and where a configured path
 * becomes text again for the file APIs. (Lines are split by lib/split_args.ts.)
 */
import { binaryToText, textToBinary } from "../lib/bytes.ts";

/**
 * Text from outside the server (a config file, argv, an environment variable) as the byte
 * string the configuration holds: its UTF-8 bytes, one char per byte, as commands see their
 * arguments. Call it once, where the text enters.
 */
export function configBytes(text: string): string {
  return textToBinary(text);
}

/**
 * A configured file or directory name (dir, dbfilename, logfile, unixsocket, ...) as the text
 * that file APIs take: the bytes read as UTF-8. Call it where the file is opened.
 */
export function configPath(bytes: string): string {
  return binaryToText(bytes);
}
