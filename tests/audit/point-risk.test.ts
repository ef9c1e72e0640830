/**
 * The pre-audit arithmetic on constructed incidents and coverage. Every
 * expected value is worked out by hand in the comments: a 10-minute clip
 * starts uniformly in R = [from, to − 10 min]; the window is 100 min, so
 * |R| = 90 min = 5400 s.
 */
import { describe, expect, it } from "vitest";
import { heatmap } from "../../src/audit/heatmap.js";
import { pointRisk } from "../../src/audit/point-risk.js";
import { clipSpec, type PointAuditData } from "../../src/audit/types.js";
import { isKerbsideError } from "../../src/errors.js";
import type { Gap } from "../../src/footage/types.js";

/** Monday 2026-12-07 00:00 in Asia/Shanghai. */
const T0 = Date.parse("2026-12-07T00:00:00+08:00");
const min = (m: number): number => T0 + m * 60_000;
const window = { fromMs: min(0), toMs: min(100) };
const clip = clipSpec(10);

const scenario: PointAuditData = {
  pointId: "J03",
  violations: [
    { incidentId: "A", fromMs: min(30), toMs: min(40) },
    { incidentId: "B", fromMs: min(35), toMs: min(50) }, // overlaps A: one stretch [30, 50)
    { incidentId: "C", fromMs: min(85), toMs: min(200) }, // open, "now" = 200 min, past the window's end
    { incidentId: "D", fromMs: min(-20), toMs: min(5) }, // crosses the window's start
  ],
  gaps: [
    { fromMs: min(0), toMs: min(3), reason: "offline" }, // at the start edge
    { fromMs: min(50), toMs: min(52), reason: "missing" }, // shorter than a clip
    { fromMs: min(95), toMs: min(100), reason: "unreadable" }, // at the end edge
  ] satisfies Gap[],
  unscanned: [{ fromMs: min(60), toMs: min(61) }],
};

describe("pointRisk", () => {
  it("computes pViolation, pNoFootage, pUnscanned and pAny exactly", () => {
    const risk = pointRisk(scenario, window, clip);
    // Violation starts (seconds from T0), overlap ≥ 1 s ⇔ s ∈ [a + 1 − 600, b − 1]:
    //   D [-1200, 300)  → [-1799, 299] ∩ R = [0, 299]        299 s
    //   A∪B [1800, 3000) → [1201, 2999]                       1798 s
    //   C [5100, 12000) → [4501, 11999] ∩ R = [4501, 5400]    899 s
    expect(risk.pViolation).toBeCloseTo((299 + 1798 + 899) / 5400, 12);
    // No-footage starts, any overlap ⇔ s ∈ (a − 600, b):
    //   [0, 180) → (-600, 180) ∩ R: 180 s; [3000, 3120) → (2400, 3120): 720 s (longer than the gap itself);
    //   [5700, 6000) → (5100, 6000) ∩ R = (5100, 5400]: 300 s
    expect(risk.pNoFootage).toBeCloseTo((180 + 720 + 300) / 5400, 12);
    // Unscanned [3600, 3660) → (3000, 3660): 660 s
    expect(risk.pUnscanned).toBeCloseTo(660 / 5400, 12);
    // Union of violation and no-footage starts: [0, 299] ∪ [1201, 3120) ∪ [4501, 5400] = 299 + 1919 + 899
    expect(risk.pAny).toBeCloseTo(3117 / 5400, 12);
    // Minutes inside the window: violation 5 + 20 + 15, gaps 3 + 2 + 5, unscanned 1.
    expect(risk.violationMinutes).toBeCloseTo(40, 9);
    expect(risk.gapMinutes).toBeCloseTo(10, 9);
    expect(risk.unscannedMinutes).toBeCloseTo(1, 9);
    expect(risk.id).toBe("J03");
  });

  it("needs at least 1 s of overlap: a half-second incident and a clip touching an incident's last half second do not count", () => {
    const blip: PointAuditData = { pointId: "X", violations: [{ incidentId: "b", fromMs: min(20), toMs: min(20) + 500 }], gaps: [], unscanned: [] };
    expect(pointRisk(blip, window, clip).pViolation).toBe(0);
    // An incident [89:59.5, 100) ends the window: starts [89:59.5+1 s−10 min, 99:59] ∩ R = [80:00.5, 90:00] → 599.5 s.
    const late: PointAuditData = { pointId: "Y", violations: [{ incidentId: "l", fromMs: min(90) - 500, toMs: min(100) }], gaps: [], unscanned: [] };
    expect(pointRisk(late, window, clip).pViolation).toBeCloseTo(599.5 / 5400, 12);
  });

  it("a clip longer than the whole gap-free stretch: everything is a problem", () => {
    // Gaps [0, 45) and [50, 100): every 10-minute clip touches one. pNoFootage = 1, pAny = 1.
    const data: PointAuditData = {
      pointId: "Z",
      violations: [],
      gaps: [
        { fromMs: min(0), toMs: min(45), reason: "offline" },
        { fromMs: min(50), toMs: min(100), reason: "missing" },
      ],
      unscanned: [],
    };
    const risk = pointRisk(data, window, clip);
    expect(risk.pNoFootage).toBe(1);
    expect(risk.pAny).toBe(1);
    expect(risk.pViolation).toBe(0);
  });

  it("refuses a window that is not longer than the clip, with a coded error", () => {
    let caught: unknown;
    try {
      pointRisk(scenario, { fromMs: min(0), toMs: min(10) }, clip);
    } catch (error) {
      caught = error;
    }
    expect(isKerbsideError(caught, "KERB_ERR_AUDIT")).toBe(true);
  });
});

describe("heatmap", () => {
  it("puts violation, gap and unscanned minutes in local day × hour cells", () => {
    const map = heatmap(scenario, window, "Asia/Shanghai");
    expect(map.days).toEqual(["2026-12-07"]);
    const [day] = [map.violationMinutes[0]!];
    // Hour 00: D [0, 5) + A∪B [30, 50) = 25; hour 01: C [85, 100) within the window = 15.
    expect(day[0]).toBe(25);
    expect(day[1]).toBe(15);
    expect(day.slice(2).every((v) => v === 0)).toBe(true);
    // Gaps: hour 00: 3 + 2; hour 01: 5. Unscanned: hour 01: 1.
    expect(map.gapMinutes[0]!.slice(0, 3)).toEqual([5, 5, 0]);
    expect(map.unscannedMinutes[0]!.slice(0, 3)).toEqual([0, 1, 0]);
  });

  it("uses the deployment's zone: the same instants fall in other local hours in UTC", () => {
    const map = heatmap(scenario, window, "UTC");
    // T0 = 2026-12-06T16:00Z: hour 16 of 6 December holds 25 violation minutes, hour 17 holds 15.
    expect(map.days).toEqual(["2026-12-06"]);
    expect(map.violationMinutes[0]![16]).toBe(25);
    expect(map.violationMinutes[0]![17]).toBe(15);
  });

  it("a spring-forward day has an empty skipped hour", () => {
    // Europe/Berlin, 2026-03-29: 02:00 jumps to 03:00. A gap over the whole day counts 0 minutes at 02:00, 60 at 03:00.
    const from = Date.parse("2026-03-29T00:00:00+01:00");
    const to = Date.parse("2026-03-30T00:00:00+02:00");
    const data: PointAuditData = { pointId: "B", violations: [], gaps: [{ fromMs: from, toMs: to, reason: "missing" }], unscanned: [] };
    const map = heatmap(data, { fromMs: from, toMs: to }, "Europe/Berlin");
    expect(map.days).toEqual(["2026-03-29"]);
    expect(map.gapMinutes[0]![2]).toBe(0);
    expect(map.gapMinutes[0]![3]).toBe(60);
    expect(map.gapMinutes[0]!.reduce((a, b) => a + b, 0)).toBe(23 * 60);
  });
});
