// TF padding arithmetic: SAME keeps ceil(in/stride) outputs and puts the odd
// extra pad at the end; VALID and EXPLICIT follow the usual formula.
import { describe, expect, it } from "vitest";
import { explicitPadding, samePadding, validPadding } from "../../src/convert/padding.js";

describe("samePadding", () => {
  it.each([
    // input, kernel, stride, dilation → begin, end, out
    [512, 3, 2, 1, 0, 1, 256],
    [5, 3, 2, 1, 1, 1, 3],
    [7, 3, 2, 1, 1, 1, 4],
    [8, 5, 2, 1, 1, 2, 4],
    [128, 3, 1, 1, 1, 1, 128],
    [16, 1, 1, 1, 0, 0, 16],
    [10, 3, 1, 2, 2, 2, 10],
    [1, 3, 2, 1, 1, 1, 1],
  ])("in %i k%i s%i d%i → pads %i/%i, out %i", (input, kernel, stride, dilation, begin, end, out) => {
    expect(samePadding(input, kernel, stride, dilation)).toEqual({ begin, end, out });
  });
});

describe("validPadding and explicitPadding", () => {
  it("VALID shrinks by the kernel and divides by the stride", () => {
    expect(validPadding(16, 1, 1)).toEqual({ begin: 0, end: 0, out: 16 });
    expect(validPadding(7, 3, 2)).toEqual({ begin: 0, end: 0, out: 3 });
    expect(validPadding(10, 3, 1, 2)).toEqual({ begin: 0, end: 0, out: 6 });
  });

  it("EXPLICIT uses the given pads", () => {
    expect(explicitPadding(7, 3, 2, 1, 1, 0)).toEqual({ begin: 1, end: 0, out: 3 });
    expect(explicitPadding(6, 3, 1, 1, 2, 2)).toEqual({ begin: 2, end: 2, out: 8 });
  });
});
