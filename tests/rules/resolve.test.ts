import { describe, expect, it } from "vitest";
import { isKerbsideError } from "../../src/errors.js";
import { isRuleActive, minDwellSecAt, resolvePointRules, resolveSamplingInterval } from "../../src/rules/resolve.js";
import type { ResolvedRule } from "../../src/rules/types.js";
import { deployment, point, shanghai } from "./fixtures.js";

const TZ = "Asia/Shanghai";
const byKind = (rules: ResolvedRule[]) => Object.fromEntries(rules.map((r) => [r.kind, r]));

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("resolvePointRules: defaults", () => {
  const p = point();
  const rules = byKind(resolvePointRules(deployment({}, [p]), p));

  it("enables all four rules with the built-in classes, zones and dwell", () => {
    expect(rules.illegal_parking).toMatchObject({
      enabled: true,
      classes: ["car", "bus", "truck", "motorcycle"],
      zones: ["no_parking"],
      minDwellSec: 300,
      dwellDuring: [],
      activeDuring: null,
    });
    expect(rules.sidewalk_parking).toMatchObject({ zones: ["sidewalk", "blind_lane"], minDwellSec: 300 });
    expect(rules.nonmotor_parking).toMatchObject({ classes: ["bicycle", "motorcycle"], zones: ["blind_lane", "sidewalk"], minDwellSec: 600 });
    expect(rules.stall_encroachment).toMatchObject({ zones: ["sidewalk", "roadway"], minDwellSec: 300 });
    expect(rules.stall_encroachment!.classes).toEqual(
      expect.arrayContaining(["umbrella", "dining table", "chair", "bench", "potted plant", "suitcase"]),
    );
  });

  it("sends illegal parking to the traffic police and the rest to urban enforcement", () => {
    expect(rules.illegal_parking!.unit).toBe("jiaojing-1");
    expect(rules.sidewalk_parking!.unit).toBe("chengguan-1");
    expect(rules.nonmotor_parking!.unit).toBe("chengguan-1");
    expect(rules.stall_encroachment!.unit).toBe("chengguan-1");
  });

  it("recognises units by their Chinese or English names, and falls back to the point's first unit", () => {
    const units = [
      { id: "u7", name: "城市管理综合执法局" },
      { id: "u9", name: "市公安局交通警察支队", name_en: "Traffic Police Detachment" },
    ];
    const p2 = point({ units: ["u7", "u9"] });
    const r = byKind(resolvePointRules(deployment({ units }, [p2]), p2));
    expect([r.illegal_parking!.unit, r.sidewalk_parking!.unit]).toEqual(["u9", "u7"]);
    const p3 = point({ units: ["street-office"] });
    const r3 = byKind(resolvePointRules(deployment({ units: [{ id: "street-office", name: "街道办" }] }, [p3]), p3));
    expect([r3.illegal_parking!.unit, r3.stall_encroachment!.unit]).toEqual(["street-office", "street-office"]);
  });

  it("uses explicit stall classes only when the model has them", () => {
    const coco = byKind(resolvePointRules(deployment({}, [p]), p, { labels: ["person", "car", "umbrella", "chair"] }));
    expect(coco.stall_encroachment!.classes).not.toContain("vendor_cart");
    expect(coco.stall_encroachment!.soloClasses).toEqual([]);
    const custom = byKind(resolvePointRules(deployment({}, [p]), p, { labels: ["person", "vendor_cart", "umbrella"] }));
    expect(custom.stall_encroachment!.classes).toContain("vendor_cart");
    expect(custom.stall_encroachment!.soloClasses).toEqual(["vendor_cart"]);
  });
});

describe("resolvePointRules: overrides", () => {
  it("applies deployment settings, then point settings, field by field", () => {
    const a = point({ id: "A", rules: { illegal_parking: { minDwellSec: 180 } } });
    const b = point({ id: "B", rules: { illegal_parking: { classes: ["car"] }, stall_encroachment: { enabled: false } } });
    const d = deployment({ rules: { illegal_parking: { minDwellSec: 600, unit: "chengguan-1" } } }, [a, b]);
    const ra = byKind(resolvePointRules(d, a));
    const rb = byKind(resolvePointRules(d, b));
    expect(ra.illegal_parking).toMatchObject({ minDwellSec: 180, unit: "chengguan-1", classes: ["car", "bus", "truck", "motorcycle"] });
    expect(rb.illegal_parking).toMatchObject({ minDwellSec: 600, classes: ["car"] });
    expect(rb.stall_encroachment!.enabled).toBe(false);
    expect(ra.stall_encroachment!.enabled).toBe(true);
  });

  it("shortens illegal-parking dwell to 2 minutes at junctions in rush hours", () => {
    const j = point({ id: "J", category: "junction" });
    const rule = byKind(resolvePointRules(deployment({}, [j]), j)).illegal_parking!;
    expect(minDwellSecAt(rule, shanghai("2026-11-23", "08:00"), TZ)).toBe(120);
    expect(minDwellSecAt(rule, shanghai("2026-11-23", "17:30"), TZ)).toBe(120);
    expect(minDwellSecAt(rule, shanghai("2026-11-23", "12:00"), TZ)).toBe(300);
    const m = point({ id: "M" });
    const mainRoad = byKind(resolvePointRules(deployment({}, [m]), m)).illegal_parking!;
    expect(minDwellSecAt(mainRoad, shanghai("2026-11-23", "08:00"), TZ)).toBe(300);
    const off = point({ id: "K", category: "junction", rules: { illegal_parking: { dwellDuring: [] } } });
    const noRush = byKind(resolvePointRules(deployment({}, [off]), off)).illegal_parking!;
    expect(minDwellSecAt(noRush, shanghai("2026-11-23", "08:00"), TZ)).toBe(300);
  });

  it("switches rules on and off with activeDuring / inactiveDuring schedules", () => {
    const n = point({
      id: "N",
      category: "night_market",
      schedules: { night_market: [{ start: "17:00", end: "01:00" }] },
      rules: { stall_encroachment: { inactiveDuring: "night_market" }, illegal_parking: { activeDuring: "rush_hours" } },
    });
    const r = byKind(resolvePointRules(deployment({}, [n]), n));
    expect(isRuleActive(r.stall_encroachment!, shanghai("2026-11-23", "12:00"), TZ)).toBe(true);
    expect(isRuleActive(r.stall_encroachment!, shanghai("2026-11-23", "00:30"), TZ)).toBe(false);
    expect(isRuleActive(r.illegal_parking!, shanghai("2026-11-23", "08:00"), TZ)).toBe(true);
    expect(isRuleActive(r.illegal_parking!, shanghai("2026-11-23", "10:00"), TZ)).toBe(false);
    expect(isRuleActive({ ...r.sidewalk_parking!, enabled: false }, shanghai("2026-11-23", "10:00"), TZ)).toBe(false);
  });

  it("names the point and field for unknown schedules and units", () => {
    const bad = point({ id: "X", rules: { nonmotor_parking: { activeDuring: "festival" } } });
    const e1 = thrown(() => resolvePointRules(deployment({}, [bad]), bad));
    expect(isKerbsideError(e1, "KERB_ERR_CONFIG")).toBe(true);
    expect((e1 as Error).message).toMatch(/point X: rules\.nonmotor_parking\.activeDuring names schedule "festival"/);
    const unit = point({ id: "Y", rules: { sidewalk_parking: { unit: "police-99" } } });
    const e2 = thrown(() => resolvePointRules(deployment({}, [unit]), unit));
    expect((e2 as Error).message).toMatch(/point Y: rules\.sidewalk_parking\.unit "police-99"/);
  });
});

describe("resolveSamplingInterval", () => {
  const noon = shanghai("2026-11-23", "12:00");
  const rush = shanghai("2026-11-23", "08:15");

  it("defaults to 10 s, and to 2 s at junctions in rush hours", () => {
    const m = point();
    const j = point({ id: "J", category: "junction" });
    const d = deployment({}, [m, j]);
    expect(resolveSamplingInterval(d, m, rush)).toBe(10);
    expect(resolveSamplingInterval(d, j, rush)).toBe(2);
    expect(resolveSamplingInterval(d, j, noon)).toBe(10);
  });

  it("takes point ← deployment ← default, with `during` entries winning while active", () => {
    const plain = point({ id: "A" });
    const own = point({ id: "B", sampling: { everySec: 3 } });
    const market = point({ id: "C", sampling: { during: [{ schedule: "night_market", everySec: 5 }] } });
    const d = deployment({ sampling: { everySec: 20, during: [{ schedule: "rush_hours", everySec: 4 }] } }, [plain, own, market]);
    expect(resolveSamplingInterval(d, plain, noon)).toBe(20);
    expect(resolveSamplingInterval(d, own, noon)).toBe(3);
    expect(resolveSamplingInterval(d, own, rush)).toBe(4);
    expect(resolveSamplingInterval(d, market, shanghai("2026-11-23", "20:00"))).toBe(5);
    expect(resolveSamplingInterval(d, market, rush)).toBe(4);
  });
});
