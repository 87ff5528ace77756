import assert from "node:assert/strict";
import { globMatch } from "../../src/store/glob.ts";

function yes(pattern: string, s: string, nocase = false): void {
  assert.equal(
    globMatch(pattern, s, nocase),
    true,
    `${JSON.stringify(pattern)} should match ${JSON.stringify(s)}`,
  );
}

function no(pattern: string, s: string, nocase = false): void {
  assert.equal(
    globMatch(pattern, s, nocase),
    false,
    `${JSON.stringify(pattern)} should not match ${JSON.stringify(s)}`,
  );
}

Deno.test("glob: literals, ? and *", () => {
  yes("abc", "abc");
  no("abc", "abd");
  no("abc", "ab");
  no("ab", "abc");
  yes("a?c", "abc");
  no("a?c", "ac");
  yes("*", "anything");
  yes("a*", "a");
  yes("a*c", "abbbc");
  yes("*c", "c");
  yes("a**c", "ac");
  yes("*a*b*", "xxaxxbxx");
  no("*a*b", "xxbxxa");
  yes("", "");
  no("", "a");
  // the loop never starts on an empty string, so only the empty pattern matches it
  no("*", "");
  no("**", "");
  no("?", "");
});

Deno.test("glob: character classes", () => {
  yes("h[ae]llo", "hallo");
  no("h[ae]llo", "hillo");
  yes("h[^e]llo", "hallo");
  no("h[^e]llo", "hello");
  yes("h[a-c]llo", "hbllo");
  yes("h[c-a]llo", "hbllo"); // reversed ranges are swapped
  no("h[a-c]llo", "hdllo");
  // a class ends at the first ], so "[]" is an empty class that matches nothing
  no("[]]", "]");
  no("[]", "x");
  yes("[\\]]", "]");
  yes("[a-]", "a");
  yes("[-b]", "-");
  // "--]" is the range - to ], so this class never closes and swallows the "b"
  no("a[--]b", "a-b");
  yes("a[--]b", "a-");
  yes("[\\^]x", "^x");
  // an unterminated class takes the rest of the pattern as its members
  yes("[abc", "b");
  yes("h[a", "ha");
  no("h[a", "hb");
  no("[", "x");
  no("[", "[");
});

Deno.test("glob: escapes", () => {
  yes("h\\*llo", "h*llo");
  no("h\\*llo", "hello");
  yes("h\\?llo", "h?llo");
  yes("\\a", "a");
  // a trailing backslash matches itself
  yes("a\\", "a\\");
  no("a\\", "a");
});

Deno.test("glob: bytes above 127 compare as signed C chars in ranges", () => {
  yes("\xff", "\xff");
  yes("[\x80-\xff]", "\x90");
  // a-\xff is the range -1..97 in signed chars: "b" is outside, \xff (-1) inside
  no("[a-\xff]", "b");
  yes("[a-\xff]", "\xff");
  yes("[a-\xff]", "0");
  no("[\xff-a]", "\x80");
});

Deno.test("glob: nocase", () => {
  yes("HELLO", "hello", true);
  yes("h[A-C]llo", "hbllo", true);
  yes("h[abc]llo", "hBllo", true);
  no("HELLO", "hello");
});

Deno.test("glob: pathological patterns finish quickly", () => {
  const s = "a".repeat(60);
  const start = performance.now();
  no("a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", s);
  assert.ok(performance.now() - start < 1000);
  // deep nesting stops at Redis's limit instead of overflowing the stack
  no("*".concat("a*".repeat(2000), "b"), "a".repeat(3000));
});
