import { describe, expect, it } from "vitest";
import { parseStartTimeFromName } from "../../src/footage/file-time.js";
import { compactStamp, wallClockToUtcMs, zoneOffsetMs } from "../../src/time/time-zone.js";

const SH = "Asia/Shanghai";

describe("parseStartTimeFromName", () => {
  it.each([
    ["J01_20261208T080000.mp4", "2026-12-08T00:00:00.000Z"],
    ["/nvr/export/J01_20261208T080000.mp4", "2026-12-08T00:00:00.000Z"],
    ["ch01_20261208080000.dav", "2026-12-08T00:00:00.000Z"],
    ["2026-12-08_08-00-00.mp4", "2026-12-08T00:00:00.000Z"],
    ["20261208_080000.mkv", "2026-12-08T00:00:00.000Z"],
    ["2026_12_08_08_30_15.mp4", "2026-12-08T00:30:15.000Z"],
    ["cam 2026-12-08T08:00:00.mp4", "2026-12-08T00:00:00.000Z"],
  ])("reads %s as Shanghai wall-clock", (name, iso) => {
    expect(parseStartTimeFromName(name, SH)?.toISOString()).toBe(iso);
  });

  it("honours an explicit Z or offset", () => {
    expect(parseStartTimeFromName("J01_20261208T080000Z.mp4", SH)?.toISOString()).toBe("2026-12-08T08:00:00.000Z");
    expect(parseStartTimeFromName("J01_20261208T080000+0530.mp4", SH)?.toISOString()).toBe("2026-12-08T02:30:00.000Z");
    expect(parseStartTimeFromName("J01_20261208T080000-05:00.mp4", SH)?.toISOString()).toBe("2026-12-08T13:00:00.000Z");
  });

  it("takes the first stamp of a start–end range name", () => {
    expect(parseStartTimeFromName("J01_20261208T080000-20261208T090000.mp4", SH)?.toISOString()).toBe(
      "2026-12-08T00:00:00.000Z",
    );
  });

  it("interprets the wall clock in the given zone, DST included", () => {
    expect(parseStartTimeFromName("x_20260701T120000.mp4", "Europe/Berlin")?.toISOString()).toBe("2026-07-01T10:00:00.000Z");
    expect(parseStartTimeFromName("x_20261201T120000.mp4", "Europe/Berlin")?.toISOString()).toBe("2026-12-01T11:00:00.000Z");
    expect(parseStartTimeFromName("x_20261201T120000.mp4", "UTC")?.toISOString()).toBe("2026-12-01T12:00:00.000Z");
  });

  it("at DST changes, east and west of Greenwich alike: a repeated hour is its first occurrence, a skipped one moves forward", () => {
    const parse = (name: string, zone: string) => parseStartTimeFromName(name, zone)?.toISOString();
    // Fall back: 01:30 New York happens at 05:30Z (EDT) and 06:30Z (EST); 02:30 Berlin at 00:30Z (CEST) and 01:30Z (CET).
    expect(parse("x_20261101T013000.mp4", "America/New_York")).toBe("2026-11-01T05:30:00.000Z");
    expect(parse("x_20261025T023000.mp4", "Europe/Berlin")).toBe("2026-10-25T00:30:00.000Z");
    // Spring forward: 02:30 does not exist; read as 03:30 local, after the 01:30 file, never on top of it.
    expect(parse("x_20260308T023000.mp4", "America/New_York")).toBe("2026-03-08T07:30:00.000Z");
    expect(parse("x_20260329T023000.mp4", "Europe/Berlin")).toBe("2026-03-29T01:30:00.000Z");
    // Lord Howe moves by half an hour.
    expect(parse("x_20260405T013000.mp4", "Australia/Lord_Howe")).toBe("2026-04-04T14:30:00.000Z");
    expect(parse("x_20261004T021500.mp4", "Australia/Lord_Howe")).toBe("2026-10-03T15:45:00.000Z");
  });

  it.each(["vtest.avi", "J01_20261308T080000.mp4", "J01_20260230T080000.mp4", "J01_20261208T250000.mp4", "123456789012345.mp4"])(
    "returns null for %s",
    (name) => {
      expect(parseStartTimeFromName(name, SH)).toBeNull();
    },
  );
});

describe("time-zone helpers", () => {
  it("round-trips wall clock and UTC", () => {
    const ms = Date.parse("2026-12-08T00:00:00Z");
    expect(zoneOffsetMs(ms, SH)).toBe(8 * 3_600_000);
    expect(compactStamp(ms, SH)).toBe("20261208T080000");
    expect(wallClockToUtcMs({ year: 2026, month: 12, day: 8, hour: 8, minute: 0, second: 0 }, SH)).toBe(ms);
    expect(compactStamp(Date.parse("2026-03-29T01:30:00Z"), "Europe/Berlin")).toBe("20260329T033000");
  });
});
