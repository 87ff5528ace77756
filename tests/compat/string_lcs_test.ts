import { compat } from "../helpers/compat.ts";

Deno.test("compat: LCS with LEN, IDX, MINMATCHLEN and WITHMATCHLEN", () =>
  compat(async (t) => {
    await t.same("LCS", "a", "b");
    await t.same("LCS", "a", "b", "LEN");
    await t.same("LCS", "a", "b", "IDX");
    await t.same("MSET", "key1", "ohmytext", "key2", "mynewtext");
    await t.same("LCS", "key1", "key2");
    await t.same("LCS", "key1", "key2", "LEN");
    await t.same("LCS", "key1", "key2", "IDX");
    await t.same("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4");
    await t.same("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN");
    await t.same("LCS", "key1", "key2", "IDX", "WITHMATCHLEN");
    await t.same("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "-5", "withmatchlen");
    await t.same("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "100");
    await t.same("LCS", "key1", "key2", "MINMATCHLEN", "2");
    await t.same("LCS", "key1", "key2", "WITHMATCHLEN");
    await t.same("LCS", "key1", "key2", "LEN", "WITHMATCHLEN");
    await t.same("LCS", "key1", "key2", "LEN", "LEN");
    await t.same("LCS", "key1", "key2", "IDX", "IDX", "MINMATCHLEN", "1", "MINMATCHLEN", "3");
    await t.same("LCS", "key1", "missing");
    await t.same("LCS", "missing", "key1", "IDX");
    await t.same("LCS", "key1", "key1");
    await t.same("LCS", "key1", "key1", "IDX", "WITHMATCHLEN");
    // errors
    await t.same("LCS", "key1", "key2", "IDX", "LEN");
    await t.same("LCS", "key1", "key2", "LEN", "IDX");
    await t.same("LCS", "key1", "key2", "MINMATCHLEN");
    await t.same("LCS", "key1", "key2", "MINMATCHLEN", "x");
    await t.same("LCS", "key1", "key2", "MINMATCHLEN", "x", "IDX", "LEN");
    await t.same("LCS", "key1", "key2", "IDX", "LEN", "bogus");
    await t.same("LCS", "key1", "key2", "bogus");
    await t.same("LCS", "key1", "key2", "IDX\x00x");
    await t.same("LCS", "key1");
    await t.same("LCS");
    await t.same("HSET", "h", "f", "v");
    await t.same("LCS", "h", "key1");
    await t.same("LCS", "key1", "h", "bogus");
    // several equally long answers: the walk's tie-breaking decides which one
    const pairs = [
      ["abcbdab", "bdcaba"],
      ["aaaa", "aa"],
      ["abab", "baba"],
      ["xyz", "abc"],
      ["abcdefghij", "ecdgi"],
      ["the quick brown fox", "a quick brown dog jumps"],
      ["\x00\x01\x02\xff\xfe", "\xff\x00\x02\x01\xfe"],
      ["GTTCCTAATA", "CGATAATTGAGA"],
      ["a", "a"],
      ["", "abc"],
    ];
    for (const [x, y] of pairs) {
      await t.same("MSET", "x", x, "y", y);
      await t.same("LCS", "x", "y");
      await t.same("LCS", "y", "x");
      await t.same("LCS", "x", "y", "LEN");
      await t.same("LCS", "x", "y", "IDX", "WITHMATCHLEN");
      await t.same("LCS", "y", "x", "IDX", "MINMATCHLEN", "2");
    }
    const allBytes = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join("");
    const reversed = allBytes.split("").reverse().join("");
    await t.same("MSET", "x", allBytes + "tail", "y", reversed.slice(100) + allBytes.slice(50, 90));
    await t.same("LCS", "x", "y");
    await t.same("LCS", "x", "y", "IDX", "WITHMATCHLEN");
  }));

Deno.test("compat: LCS on random strings", () =>
  compat(async (t) => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const randomText = (len: number, alphabet: string) => {
      let s = "";
      for (let i = 0; i < len; i++) s += alphabet[next() % alphabet.length];
      return s;
    };
    for (let round = 0; round < 25; round++) {
      const alphabet = round % 2 === 0 ? "ab" : "acgt";
      const x = randomText(next() % 60, alphabet);
      const y = randomText(next() % 60, alphabet);
      await t.same("MSET", "x", x, "y", y);
      await t.same("LCS", "x", "y");
      await t.same("LCS", "x", "y", "IDX", "MINMATCHLEN", String(next() % 4), "WITHMATCHLEN");
    }
  }));
