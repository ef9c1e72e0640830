/**
 * Rankings of points and time slots, the trend against the previous window,
 * and the mock inspection: repeatable for a seed, each clip's verdict agrees
 * with a direct look at the clip, and the expected count is Σ pAny.
 */
import { describe, expect, it } from "vitest";
import { mockInspection } from "../../src/audit/mock-inspection.js";
import { pointRisk } from "../../src/audit/point-risk.js";
import { preAudit } from "../../src/audit/pre-audit.js";
import { rankPoints, pointTrend } from "../../src/audit/ranking.js";
import { pointSlots } from "../../src/audit/time-slots.js";
import { clipSpec, type PointAuditData } from "../../src/audit/types.js";

const T0 = Date.parse("2026-12-07T00:00:00+08:00"); // a Monday
const min = (m: number): number => T0 + m * 60_000;
const at = (iso: string): number => Date.parse(`${iso}+08:00`);
const clip = clipSpec(10);
const point = (pointId: string, violations: [number, number][], gaps: [number, number][] = []): PointAuditData => ({
  pointId,
  violations: violations.map(([a, b], i) => ({ incidentId: `${pointId}-${i}`, fromMs: a, toMs: b })),
  gaps: gaps.map(([a, b]) => ({ fromMs: a, toMs: b, reason: "offline" as const })),
  unscanned: [],
});

describe("ranking and trend", () => {
  it("ranks points by pAny, highest first", () => {
    const window = { fromMs: min(0), toMs: min(100) };
    const data = [point("A", [[min(10), min(20)]]), point("B", [], [[min(0), min(50)]]), point("C", [])];
    const ranked = rankPoints(data.map((d) => pointRisk(d, window, clip)));
    // A: violation starts [0:01, 19:59] → 1198 s; B: no-footage starts [0, 50) → 3000 s; C: 0.
    expect(ranked.map((r) => r.id)).toEqual(["B", "A", "C"]);
    expect(ranked[0]!.pAny).toBeCloseTo(3000 / 5400, 12);
    expect(ranked[1]!.pAny).toBeCloseTo(1198 / 5400, 12);
  });

  it("compares with the previous window of the same length", () => {
    // Previous window [0, 100) has an incident [30, 40) → 1198 s of 5400; the current [100, 200) has [150, 155) → starts [140:01, 154:59] = 898 s.
    const data = point("J01", [[min(30), min(40)], [min(150), min(155)]]);
    const window = { fromMs: min(100), toMs: min(200) };
    const current = pointRisk(data, window, clip);
    const trend = pointTrend(data, current, window, clip);
    expect(trend.previous.pViolation).toBeCloseTo(1198 / 5400, 12);
    expect(current.pViolation).toBeCloseTo(898 / 5400, 12);
    expect(trend.delta.pViolation).toBeCloseTo((898 - 1198) / 5400, 12);
  });
});

describe("time slots", () => {
  it("finds the weekday evening slot an incident falls in, split at the band edge", () => {
    // A week from Monday 00:00; the incident is on Tuesday 17:55–18:20. Violation starts [17:45:01, 18:19:59]:
    // 899 s in the weekday 16:00–18:00 band, 1199 s in 18:00–20:00. Each weekday band holds 5 × 7200 s of starts.
    const window = { fromMs: at("2026-12-07T00:00:00"), toMs: at("2026-12-14T00:00:00") };
    const data = point("J03", [[at("2026-12-08T17:55:00"), at("2026-12-08T18:20:00")]]);
    const slots = pointSlots(data, window, clip, "Asia/Shanghai");
    const find = (label: string) => slots.find((s) => s.label === label);
    expect(find("J03, weekdays 16:00–18:00")!.pViolation).toBeCloseTo(899 / 36_000, 12);
    expect(find("J03, weekdays 18:00–20:00")!.pViolation).toBeCloseTo(1199 / 36_000, 12);
    expect(find("J03, weekends 18:00–20:00")!.pViolation).toBe(0);
    // The last weekend band ends 10 min early: starts stop at Sunday 23:50.
    expect(find("J03, weekends 22:00–24:00")!.startMinutes).toBe(2 * 120 - 10);
    expect(slots).toHaveLength(24);
    const top = preAudit([data], { window, clip, timeZone: "Asia/Shanghai", seed: 1 }).slots[0]!;
    expect(top.label).toBe("J03, weekdays 18:00–20:00");
    expect(top.labelZh).toBe("J03 工作日 18:00–20:00");
  });
});

describe("mock inspection", () => {
  const window = { fromMs: min(0), toMs: min(24 * 60) };
  const county = [
    point("J01", [[min(100), min(400)]]),
    point("J02", [[min(600), min(620)]], [[min(0), min(300)]]),
    point("M01", [], [[min(1000), min(1440)]]),
    point("N01", []),
  ];

  it("draws the same clips for the same seed and other clips for another", () => {
    const a = mockInspection(county, window, clip, 42);
    const b = mockInspection(county, window, clip, 42);
    const c = mockInspection(county, window, clip, 43);
    expect(b).toEqual(a);
    expect(c.clips.map((x) => x.fromMs)).not.toEqual(a.clips.map((x) => x.fromMs));
    expect(a.clips.map((x) => x.pointId)).toEqual(["J01", "J02", "M01", "N01"]);
  });

  it("expects Σ pAny problem clips with variance Σ p(1 − p), and each verdict matches the clip itself", () => {
    const risks = county.map((d) => pointRisk(d, window, clip).pAny);
    const expected = risks.reduce((a, b) => a + b, 0);
    const variance = risks.reduce((a, p) => a + p * (1 - p), 0);
    let total = 0;
    const draws = 3000;
    for (let seed = 1; seed <= draws; seed++) {
      const mock = mockInspection(county, window, clip, seed);
      expect(mock.expectedProblems).toBeCloseTo(expected, 12);
      expect(mock.variance).toBeCloseTo(variance, 12);
      for (const [k, c] of mock.clips.entries()) {
        const data = county[k]!;
        const overlap = (i: { fromMs: number; toMs: number }) => Math.min(i.toMs, c.toMs) - Math.max(i.fromMs, c.fromMs);
        expect(c.violation).toBe(data.violations.some((v) => overlap(v) >= 1000));
        expect(c.noFootage).toBe(data.gaps.some((g) => overlap(g) > 0));
        expect(c.problem).toBe(c.violation || c.noFootage);
        if (c.violation) expect(c.incidentIds.length).toBeGreaterThan(0);
      }
      total += mock.problemCount;
    }
    // The mean over 3000 draws is within 4 standard errors of Σ pAny.
    expect(Math.abs(total / draws - expected)).toBeLessThan(4 * Math.sqrt(variance / draws));
  });
});
