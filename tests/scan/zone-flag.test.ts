import { describe, expect, it } from "vitest";
import { parseZoneFlag } from "../../src/scan/zone-flag.js";
import { isKerbsideError } from "../../src/errors.js";

describe("--zone flag", () => {
  it("parses a kind and a normalised polygon", () => {
    expect(parseZoneFlag("no_parking:0.8,0.02 0.98,0.02 0.98,0.25 0.8,0.25", 0)).toEqual({
      id: "no_parking-1",
      kind: "no_parking",
      polygon: [[0.8, 0.02], [0.98, 0.02], [0.98, 0.25], [0.8, 0.25]],
    });
    expect(parseZoneFlag("  sidewalk:  0,0   1,0 1,1 ", 2).id).toBe("sidewalk-3");
  });

  const bad: [string, RegExp][] = [
    ["0,0 1,0 1,1", /missing KIND/],
    ["parking:0,0 1,0 1,1", /unknown zone kind "parking"/],
    ["no_parking:0,0 1,0", /at least 3 points, got 2/],
    ["no_parking:0,0 1;0 1,1", /"1;0" is not an x,y pair/],
    ["no_parking:0,0 a,0 1,1", /"a,0" is not numeric/],
    ["no_parking:0,0 700,0 1,1", /outside 0–1/],
  ];
  for (const [flag, why] of bad) {
    it(`rejects ${flag} naming the flag`, () => {
      let caught: unknown;
      try {
        parseZoneFlag(flag, 0);
      } catch (error) {
        caught = error;
      }
      expect(isKerbsideError(caught, "KERB_ERR_ZONE")).toBe(true);
      expect((caught as Error).message).toContain(`--zone "${flag}"`);
      expect((caught as Error).message).toMatch(why);
    });
  }
});
