import { describe, expect, it } from "vitest";
import { isKerbsideError } from "../../src/errors.js";
import { DEFAULT_SCHEDULES } from "../../src/rules/schedule.js";
import {
  compileZones,
  groundPoint,
  isSelfIntersecting,
  isZoneActive,
  pointInPolygon,
  polygonArea,
  zoneContainsBox,
  validatePointZones,
  zonesContaining,
} from "../../src/rules/zones.js";
import { deployment, point, shanghai } from "./fixtures.js";

const square: [number, number][] = [[0.8, 0], [1, 0], [1, 0.2], [0.8, 0.2]];

describe("zone geometry", () => {
  it("uses the bottom centre of the box as the ground point", () => {
    expect(groundPoint({ x1: 652, y1: 45, x2: 722, y2: 100 })).toEqual({ x: 687, y: 100 });
  });

  it("tests points against normalised polygons, concave ones included", () => {
    const ell: [number, number][] = [[0, 0], [1, 0], [1, 0.3], [0.3, 0.3], [0.3, 1], [0, 1]];
    expect(pointInPolygon(0.1, 0.9, ell)).toBe(true);
    expect(pointInPolygon(0.9, 0.1, ell)).toBe(true);
    expect(pointInPolygon(0.9, 0.9, ell)).toBe(false);
    expect(polygonArea(ell)).toBeCloseTo(0.3 + 0.7 * 0.3, 6);
  });

  it("puts the vtest van in a top-right zone by its ground point, not by its box", () => {
    const zone = { id: "kerb", kind: "no_parking" as const, polygon: square };
    const van = { x1: 652, y1: 45, x2: 722, y2: 100 }; // ground (687,100) → (0.895, 0.174)
    expect(zoneContainsBox(zone, van, 768, 576)).toBe(true);
    // Same box shifted down: the top is still in the zone, the ground point is not.
    expect(zoneContainsBox(zone, { ...van, y1: 100, y2: 140 }, 768, 576)).toBe(false);
    // Same normalised zone on a 1920x1080 frame scales with it.
    expect(zoneContainsBox(zone, { x1: 1630, y1: 84, x2: 1805, y2: 187 }, 1920, 1080)).toBe(true);
  });

  it("detects crossing edges", () => {
    expect(isSelfIntersecting([[0, 0], [1, 1], [1, 0], [0, 1]])).toBe(true);
    expect(isSelfIntersecting(square)).toBe(false);
  });
});

describe("compileZones", () => {
  const fail = (zones: unknown[]): unknown => {
    try {
      compileZones(point({ zones }), DEFAULT_SCHEDULES);
    } catch (error) {
      return error;
    }
    throw new Error("expected KERB_ERR_ZONE");
  };

  it("rejects degenerate, self-crossing and duplicate zones naming point and zone", () => {
    const flat = fail([{ id: "flat", kind: "sidewalk", polygon: [[0, 0], [0.5, 0.5], [1, 1]] }]);
    expect(isKerbsideError(flat, "KERB_ERR_ZONE")).toBe(true);
    expect((flat as Error).message).toMatch(/point P01, zone flat: .*no area/);
    const bow = fail([{ id: "bow", kind: "sidewalk", polygon: [[0, 0], [1, 1], [1, 0], [0, 1]] }]);
    expect((bow as Error).message).toMatch(/zone bow: .*cross/);
    const dup = fail([
      { id: "a", kind: "sidewalk", polygon: square },
      { id: "a", kind: "roadway", polygon: square },
    ]);
    expect((dup as Error).message).toMatch(/zone a: duplicate/);
    const sched = fail([{ id: "m", kind: "stall_allowed", polygon: square, activeDuring: "fair_days" }]);
    expect((sched as Error).message).toMatch(/zone m: .*unknown schedule "fair_days"/);
  });

  it("activates scheduled zones only in their windows and finds zones containing a box", () => {
    const zones = compileZones(
      point({
        zones: [
          { id: "walk", kind: "sidewalk", polygon: [[0, 0.5], [1, 0.5], [1, 1], [0, 1]] },
          { id: "market", kind: "stall_allowed", polygon: [[0, 0.5], [0.5, 0.5], [0.5, 1], [0, 1]], activeDuring: "night_market" },
        ],
      }),
      DEFAULT_SCHEDULES,
    );
    const box = { x1: 100, y1: 380, x2: 160, y2: 450 };
    const at = (hhmm: string) => ({ width: 768, height: 576, timeMs: shanghai("2026-11-23", hhmm), timeZone: "Asia/Shanghai" });
    expect(zonesContaining(zones, box, at("12:00")).map((z) => z.zone.id)).toEqual(["walk"]);
    expect(zonesContaining(zones, box, at("19:00")).map((z) => z.zone.id)).toEqual(["walk", "market"]);
    expect(isZoneActive(zones[1]!, shanghai("2026-11-23", "23:30"), "Asia/Shanghai")).toBe(false);
  });

  it("validates a point's zones against the deployment's and point's schedules", () => {
    const zones = [{ id: "m", kind: "stall_allowed", polygon: square, activeDuring: "fair_days" }];
    const withFair = point({ zones, schedules: { fair_days: [{ start: "08:00", end: "12:00" }] } });
    expect(() => validatePointZones(deployment({}, [withFair]), withFair)).not.toThrow();
    const without = point({ zones });
    expect(() => validatePointZones(deployment({}, [without]), without)).toThrow(/point P01, zone m/);
  });
});
