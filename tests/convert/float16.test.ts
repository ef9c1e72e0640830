// Half-precision decoding used for float16-quantised TF.js weights.
import { describe, expect, it } from "vitest";
import { decodeFloat16, halfToFloat } from "../../src/convert/float16.js";

describe("halfToFloat", () => {
  it.each([
    [0x0000, 0],
    [0x3c00, 1],
    [0xc000, -2],
    [0x3555, 0.333251953125],
    [0x2e66, 0.0999755859375],
    [0x7bff, 65504],
    [0x0400, 2 ** -14],
    [0x0001, 2 ** -24],
    [0x03ff, 1023 * 2 ** -24],
    [0x7c00, Infinity],
    [0xfc00, -Infinity],
  ])("0x%s → %s", (bits, value) => {
    expect(halfToFloat(bits)).toBe(value);
  });

  it("keeps the sign of zero and decodes NaN", () => {
    expect(Object.is(halfToFloat(0x8000), -0)).toBe(true);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });
});

describe("decodeFloat16", () => {
  it("reads little-endian halfs from an offset, including an unaligned one", () => {
    const bytes = new Uint8Array([0xff, 0x00, 0x3c, 0x00, 0xc0, 0x55, 0x35]);
    expect(Array.from(decodeFloat16(bytes, 1, 3))).toEqual([1, -2, Math.fround(0.333251953125)]);
    const view = bytes.subarray(3);
    expect(Array.from(decodeFloat16(view, 0, 2))).toEqual([-2, Math.fround(0.333251953125)]);
  });
});
