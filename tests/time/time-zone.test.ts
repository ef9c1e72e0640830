/**
 * The time module: which dates and times exist, local minutes for schedules,
 * and ISO output with the zone's offset, across zones east and west of
 * Greenwich and a DST change.
 */
import { describe, expect, it } from "vitest";
import { parseCliTime } from "../../src/time/cli-time.js";
import { isValidTimeZone, isoInZone, localMinuteOfDay, wallClockExists } from "../../src/time/time-zone.js";

const wall = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0) => ({ year, month, day, hour, minute, second });

describe("wallClockExists", () => {
  it.each([
    [wall(2026, 12, 8, 8, 0, 0)],
    [wall(2028, 2, 29)],
    [wall(2026, 1, 31, 23, 59, 59)],
  ])("accepts %j", (w) => expect(wallClockExists(w)).toBe(true));

  it.each([
    [wall(2026, 2, 29)],
    [wall(2026, 2, 30)],
    [wall(2026, 4, 31)],
    [wall(2026, 13, 1)],
    [wall(2026, 0, 1)],
    [wall(2026, 12, 0)],
    [wall(2026, 12, 8, 24, 0, 0)],
    [wall(2026, 12, 8, 23, 60, 0)],
    [wall(2026, 12, 8, 23, 0, 60)],
    [wall(2026, 12, 8, 7.5)],
  ])("refuses %j", (w) => expect(wallClockExists(w)).toBe(false));
});

describe("zones", () => {
  it("knows real IANA zones and refuses made-up ones", () => {
    expect(["Asia/Shanghai", "UTC", "America/New_York", "Europe/Berlin"].every(isValidTimeZone)).toBe(true);
    expect(["Mars/Olympus", "Asia/Beijing", ""].some(isValidTimeZone)).toBe(false);
  });

  it("gives the local minute of the day and ISO times with the zone's offset", () => {
    const instant = Date.UTC(2026, 11, 8, 0, 30, 30);
    expect(localMinuteOfDay(instant, "Asia/Shanghai")).toBe(8 * 60 + 30.5);
    expect(localMinuteOfDay(instant, "America/New_York")).toBe(19 * 60 + 30.5);
    expect(isoInZone(instant, "Asia/Shanghai")).toBe("2026-12-08T08:30:30.000+08:00");
    expect(isoInZone(instant, "America/New_York")).toBe("2026-12-07T19:30:30.000-05:00");
    expect(isoInZone(Date.UTC(2026, 6, 1, 12), "America/New_York")).toBe("2026-07-01T08:00:00.000-04:00");
  });

  it("command-line times: wall clock in the zone, explicit offsets kept, impossible dates refused by flag", () => {
    expect(parseCliTime("2026-12-08T08:00", "Asia/Shanghai", "--from")).toBe(Date.UTC(2026, 11, 8, 0));
    expect(parseCliTime("2026-12-08T08:00:00Z", "Asia/Shanghai", "--from")).toBe(Date.UTC(2026, 11, 8, 8));
    for (const bad of ["2026-02-30T08:00", "2026-12-08T24:00", "2026-12-08T23:60"]) {
      expect(() => parseCliTime(bad, "Asia/Shanghai", "--to")).toThrow(`--to "${bad}"`);
    }
  });
});
