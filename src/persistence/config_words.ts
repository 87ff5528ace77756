/**
 * Splits a line into words the way redis.conf lines (and AOF manifests) are split: spaces
 * separate words; "double quotes" allow \n \r \t \b \a \\ \" and \xHH escapes; 'single
 * quotes' allow only \'. A closing quote must end the word. Returns null on unbalanced
 * quotes or a quote followed by something else.
 */
export function parseConfigLine(line: string): string[] | null {
  const words: string[] = [];
  let i = 0;
  const n = line.length;
  const isSpace = (c: string) => c === " " || c === "\t" || c === "\n" || c === "\r";
  for (;;) {
    while (i < n && isSpace(line[i])) i++;
    if (i >= n) return words;
    let word = "";
    const quote = line[i] === '"' || line[i] === "'" ? line[i] : "";
    if (quote !== "") i++;
    for (;;) {
      if (i >= n) {
        if (quote !== "") return null;
        break;
      }
      const c = line[i];
      if (quote === "") {
        if (isSpace(c)) break;
        word += c;
        i++;
        continue;
      }
      if (c === quote) {
        i++;
        if (i < n && !isSpace(line[i])) return null;
        break;
      }
      if (c === "\\" && i + 1 < n) {
        const next = line[i + 1];
        if (quote === "'") {
          if (next === "'") {
            word += "'";
            i += 2;
            continue;
          }
          word += c;
          i++;
          continue;
        }
        if (next === "x" && i + 3 < n && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
          word += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
          i += 4;
          continue;
        }
        const map: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", a: "\x07" };
        word += map[next] ?? next;
        i += 2;
        continue;
      }
      word += c;
      i++;
    }
    words.push(word);
  }
}
