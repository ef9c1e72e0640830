import { describe, expect, it } from "vitest";
import { isKerbsideError } from "../../src/errors.js";
import { DEFAULT_SCHEDULES, isInWindow, isInWindows, localMinuteOfDay, resolveSchedules } from "../../src/rules/schedule.js";
import { deployment, point, shanghai } from "./fixtures.js";

const rush = DEFAULT_SCHEDULES.rush_hours!;

describe("schedule windows", () => {
  it("reads local time in Asia/Shanghai (UTC+8, no DST) and in UTC", () => {
    const instant = Date.parse("2026-11-23T00:30:00Z");
    expect(localMinuteOfDay(instant, "Asia/Shanghai")).toBe(8 * 60 + 30);
    expect(localMinuteOfDay(instant, "UTC")).toBe(30);
    expect(isInWindows(rush, instant, "Asia/Shanghai")).toBe(true);
    expect(isInWindows(rush, instant, "UTC")).toBe(false);
    // Shanghai has no DST: 08:30 local is 00:30Z in summer too.
    expect(isInWindows(rush, Date.parse("2026-07-01T00:30:00Z"), "Asia/Shanghai")).toBe(true);
  });

  it("treats start as inclusive and end as exclusive", () => {
    expect(isInWindows(rush, shanghai("2026-11-23", "07:00"), "Asia/Shanghai")).toBe(true);
    expect(isInWindows(rush, shanghai("2026-11-23", "08:59"), "Asia/Shanghai")).toBe(true);
    expect(isInWindows(rush, shanghai("2026-11-23", "09:00"), "Asia/Shanghai")).toBe(false);
    expect(isInWindows(rush, shanghai("2026-11-23", "18:30"), "Asia/Shanghai")).toBe(true);
    expect(isInWindows(rush, shanghai("2026-11-23", "12:00"), "Asia/Shanghai")).toBe(false);
  });

  it("wraps windows past midnight and accepts 24:00 as end of day", () => {
    const late = { start: "22:00", end: "02:00" };
    expect(isInWindow(late, 23 * 60)).toBe(true);
    expect(isInWindow(late, 60)).toBe(true);
    expect(isInWindow(late, 2 * 60)).toBe(false);
    expect(isInWindow(late, 12 * 60)).toBe(false);
    expect(isInWindows([{ start: "18:00", end: "24:00" }], shanghai("2026-11-23", "23:59"), "Asia/Shanghai")).toBe(true);
    expect(isInWindows([{ start: "00:00", end: "24:00" }], shanghai("2026-11-23", "00:00"), "Asia/Shanghai")).toBe(true);
    expect(isInWindow({ start: "10:00", end: "10:00" }, 10 * 60)).toBe(false);
  });

  it("handles a DST zone through the platform's time-zone data", () => {
    // New York: 08:00 local is 12:00Z in summer (EDT) and 13:00Z in winter (EST).
    expect(isInWindows([{ start: "08:00", end: "08:30" }], Date.parse("2026-07-01T12:10:00Z"), "America/New_York")).toBe(true);
    expect(isInWindows([{ start: "08:00", end: "08:30" }], Date.parse("2026-12-01T12:10:00Z"), "America/New_York")).toBe(false);
  });

  it("rejects an unknown time zone with a config error", () => {
    let error: unknown;
    try {
      isInWindows(rush, 0, "Mars/Olympus_Mons");
    } catch (e) {
      error = e;
    }
    expect(isKerbsideError(error, "KERB_ERR_CONFIG")).toBe(true);
  });

  it("resolves schedules: built-in defaults ← deployment ← point", () => {
    const d = deployment({ schedules: { rush_hours: [{ start: "07:30", end: "09:30" }] } });
    const p = point({ schedules: { night_market: [{ start: "17:00", end: "02:00" }] } });
    const s = resolveSchedules(d, p);
    expect(s.rush_hours).toEqual([{ start: "07:30", end: "09:30" }]);
    expect(s.night_market).toEqual([{ start: "17:00", end: "02:00" }]);
    expect(resolveSchedules(deployment(), point()).night_market).toEqual([{ start: "18:00", end: "23:30" }]);
  });
});
