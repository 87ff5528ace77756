/** The command-name cache: equal bytes give one shared instance, and never a wrong string. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { bytesToBinary } from "../../src/lib/bytes.ts";
import { cachedName } from "../../src/resp/name_cache.ts";

Deno.test("name cache: the same bytes give the same instance", () => {
  const a = new TextEncoder().encode("xxGETyy");
  const b = new TextEncoder().encode("GET");
  const first = cachedName(a, 2, 5);
  assert.equal(first, "GET");
  assert.ok(Object.is(first, cachedName(b, 0, 3)));
});

Deno.test("name cache: any bytes decode exactly, whatever shares their slot", () => {
  fc.assert(
    fc.property(
      fc.array(fc.uint8Array({ minLength: 0, maxLength: 32 }), { minLength: 1, maxLength: 600 }),
      (names) => {
        // 600 names over 256 slots: collisions replace slots and must never leak across
        for (const bytes of names) {
          assert.equal(cachedName(bytes, 0, bytes.length), bytesToBinary(bytes, 0, bytes.length));
        }
      },
    ),
    { numRuns: 50 },
  );
});
