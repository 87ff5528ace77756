/**
 * The startup logo: respire's own drawing, with redis-server 7.0's field lines beside it in
 * their form (`Redis 7.0.15 (00000000/0) 64 bit`, `Running in standalone mode`, `Port: 6379`,
 * `PID: 1234`), so that tools reading `PID: (\d+)` or `Port: (\d+)` from a starting server's
 * output find them. main.ts shows it where redis-server would: `always-show-logo yes`, or no
 * logfile and stdout a terminal.
 */
export interface LogoFields {
  respireVersion: string;
  redisVersion: string;
  runtimeVersion: string;
  mode: "standalone";
  port: number;
  pid: number;
}

const ART = [
  "                 .  o  O  o  .                  ",
  "            .  o             o  .               ",
  "         .      .-~~~~~~~~~-.      .            ",
  "       o      .'  ~~~~~~~~~  '.      o          ",
  "      .      /   ~~~~~~~~~~~   \\      .         ",
  "     O      |   ~~  respire ~~  |      O        ",
  "      .      \\   ~~~~~~~~~~~   /      .         ",
  "       o      '.  ~~~~~~~~~  .'      o          ",
  "         .      '-~~~~~~~~~-'      .            ",
  "            .  o             o  .               ",
  "                 '  o  O  o  '                  ",
];

/** The logo block, ending with an empty line, as redis-server writes its own. */
export function logo(f: LogoFields): string {
  const side: Record<number, string> = {
    1: `respire ${f.respireVersion} on Deno ${f.runtimeVersion}`,
    2: `Redis ${f.redisVersion} (00000000/0) 64 bit`,
    4: `Running in ${f.mode} mode`,
    5: `Port: ${f.port}`,
    6: `PID: ${f.pid}`,
  };
  const lines = ART.map((art, i) => side[i] === undefined ? art : `${art}  ${side[i]}`);
  return lines.join("\n") + "\n\n";
}
