/**
 * Config matrix: every problem of a file is listed in one round, whatever
 * else is wrong with the same point or the top level, and times are real
 * times (24:00 is the only hour-24 value).
 */
import { describe, expect, it } from "vitest";
import { parseDeployment } from "../../src/config/load.js";
import { isKerbsideError } from "../../src/errors.js";

const FILE = "/etc/kerbside/county.yaml";
const unit = { id: "traffic_police", name: "县公安局交警大队" };
const square = [[0.1, 0.1], [0.4, 0.1], [0.4, 0.4], [0.1, 0.4]];
const bowtie = [[0, 0], [1, 1], [1, 0], [0, 1]];
const flat = [[0.1, 0.1], [0.5, 0.1], [0.9, 0.1]];

function point(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, name: `点位 ${id}`, category: "junction", units: ["traffic_police"], source: { kind: "rtsp", url: "rtsp://192.0.2.1/x" }, ...extra };
}

/** The problem lines of a config error (without the header). */
function problems(doc: Record<string, unknown>): string[] {
  try {
    parseDeployment(doc, FILE, {});
  } catch (error) {
    expect(isKerbsideError(error, "KERB_ERR_CONFIG")).toBe(true);
    return (error as Error).message.split("\n").slice(1).map((line) => line.replace(`${FILE}: `, ""));
  }
  throw new Error("expected the config to be refused");
}

describe("config: every problem in one round", () => {
  it("a point with a schema error still has its unknown unit and bad zone reported", () => {
    const lines = problems({
      units: [unit],
      points: [point("J01", { category: "highway", units: ["police"], zones: [{ id: "z", kind: "no_parking", polygon: bowtie }] })],
    });
    expect(lines.some((l) => l.startsWith("points[0] (id J01).category: expected one of"))).toBe(true);
    expect(lines).toContain('points[0] (id J01).units[0]: unknown unit "police" (known: traffic_police)');
    expect(lines.some((l) => l.startsWith("points[0] (id J01).zones[0].polygon: polygon edges cross each other"))).toBe(true);
  });

  it("an unknown unit does not hide the zone geometry, and every bad zone is listed", () => {
    const lines = problems({
      units: [unit],
      points: [
        point("J01", {
          units: ["police"],
          zones: [
            { id: "ok", kind: "no_parking", polygon: square },
            { id: "bow", kind: "no_parking", polygon: bowtie },
            { id: "flat", kind: "sidewalk", polygon: flat },
          ],
        }),
      ],
    });
    expect(lines).toEqual([
      'points[0] (id J01).units[0]: unknown unit "police" (known: traffic_police)',
      "points[0] (id J01).zones[1].polygon: polygon edges cross each other; list the vertices in order around the zone",
      "points[0] (id J01).zones[2].polygon: polygon has (almost) no area; check the vertex order and values",
    ]);
  });

  it("a zone with a schema error still has its geometry and schedule checked", () => {
    const lines = problems({
      units: [unit],
      points: [point("J01", { zones: [{ id: "z", kind: "parking_lot", polygon: bowtie, activeDuring: "fair" }] })],
    });
    expect(lines.some((l) => l.startsWith("points[0] (id J01).zones[0].kind: expected one of"))).toBe(true);
    expect(lines.some((l) => l.startsWith("points[0] (id J01).zones[0].polygon: polygon edges cross each other"))).toBe(true);
    expect(lines.some((l) => l.startsWith('points[0] (id J01).zones[0].activeDuring: unknown schedule "fair"'))).toBe(true);
  });

  it("a rule with a schema error still has its unknown unit and schedule reported", () => {
    const lines = problems({
      units: [unit],
      points: [point("J01", { rules: { illegal_parking: { minDwellSec: -5, unit: "police", activeDuring: "fair" } } })],
    });
    expect(lines.some((l) => l.startsWith("points[0] (id J01).rules.illegal_parking.minDwellSec:"))).toBe(true);
    expect(lines).toContain('points[0] (id J01).rules.illegal_parking.unit: unknown unit "police" (known: traffic_police)');
    expect(lines.some((l) => l.startsWith('points[0] (id J01).rules.illegal_parking.activeDuring: unknown schedule "fair"'))).toBe(true);
  });

  it("a top-level schema error does not hide the time zone, top-level rules or any point's cross-references", () => {
    const lines = problems({
      retentionDays: 0,
      timezone: "Mars/Olympus",
      units: [unit],
      rules: { sidewalk_parking: { unit: "urban" } },
      points: [point("J01", { units: ["police"] })],
    });
    expect(lines).toContain("retentionDays: expected number to be >=1");
    expect(lines).toContain('timezone: unknown IANA time zone "Mars/Olympus" (e.g. Asia/Shanghai)');
    expect(lines).toContain('rules.sidewalk_parking.unit: unknown unit "urban" (known: traffic_police)');
    expect(lines).toContain('points[0] (id J01).units[0]: unknown unit "police" (known: traffic_police)');
  });

  it("a unit with a schema error still defines its id; an unreadable unit list checks no unit names", () => {
    const lines = problems({ units: [{ id: "urban" }, unit], points: [point("J01", { units: ["urban", "police"] })] });
    expect(lines.some((l) => l.startsWith("units[0].name: required field is missing"))).toBe(true);
    expect(lines).toContain('points[0] (id J01).units[1]: unknown unit "police" (known: urban, traffic_police)');
    expect(lines.some((l) => l.includes('unknown unit "urban"'))).toBe(false);
    const noList = problems({ units: "traffic_police", points: [point("J01", { units: ["police"] })] });
    expect(noList.some((l) => l.startsWith("units:"))).toBe(true);
    expect(noList.some((l) => l.includes("unknown unit"))).toBe(false);
  });

  it("a point's own schedules count as known even when one of their windows is invalid", () => {
    const lines = problems({
      units: [unit],
      points: [
        point("N01", {
          schedules: { fair: [{ start: "18:00", end: "24:59" }] },
          zones: [{ id: "m", kind: "stall_allowed", polygon: square, activeDuring: "fair" }],
        }),
      ],
    });
    expect(lines).toEqual(["points[0] (id N01).schedules.fair[0].end: expected a local time HH:MM (00:00–23:59, or 24:00 for midnight at the end of the day)"]);
  });
});

describe("config: schedule names", () => {
  it("the built-in schedules (rush_hours, night_market) are known without being defined", () => {
    const deployment = parseDeployment(
      {
        units: [unit],
        sampling: { during: [{ schedule: "rush_hours", everySec: 5 }] },
        workflow: { rules: { stall_encroachment: { auto: [{ action: "file", during: "night_market" }] } } },
        points: [point("J01", { rules: { illegal_parking: { activeDuring: "rush_hours" } }, zones: [{ id: "m", kind: "stall_allowed", polygon: square, activeDuring: "night_market" }] })],
      },
      FILE,
      {},
    );
    expect(deployment.points[0]?.rules?.illegal_parking?.activeDuring).toBe("rush_hours");
    expect(deployment.workflow.rules.stall_encroachment?.auto?.[0]?.during).toBe("night_market");
  });

  it("an unknown workflow auto.during is listed with the other problems, naming the field and the value", () => {
    const lines = problems({
      retentionDays: 0,
      units: [unit],
      schedules: { lunch: [{ start: "11:30", end: "13:30" }] },
      workflow: {
        verifyClearSec: 1,
        rules: {
          illegal_parking: { auto: [{ action: "dispatch", during: "lunch" }, { action: "file", during: "rush_hour" }] },
          stall_encroachment: { auto: [{ action: "dispatch", categories: ["highway"], during: "fair" }] },
        },
      },
      points: [point("J01", { units: ["police"] })],
    });
    expect(lines).toContain("retentionDays: expected number to be >=1");
    expect(lines.some((l) => l.startsWith("workflow.verifyClearSec: expected number to be >=10"))).toBe(true);
    expect(lines.some((l) => l.startsWith("workflow.rules.stall_encroachment.auto[0].categories[0]: expected one of"))).toBe(true);
    expect(lines).toContain('workflow.rules.illegal_parking.auto[1].during: unknown schedule "rush_hour" (known: lunch, rush_hours, night_market)');
    expect(lines).toContain('workflow.rules.stall_encroachment.auto[0].during: unknown schedule "fair" (known: lunch, rush_hours, night_market)');
    expect(lines).toContain('points[0] (id J01).units[0]: unknown unit "police" (known: traffic_police)');
    expect(lines.some((l) => l.includes('"lunch"'))).toBe(false);
  });

  it("a schedule only one point defines is no workflow schedule: the message says where it is and what to do", () => {
    const lines = problems({
      units: [unit],
      workflow: { rules: { stall_encroachment: { auto: [{ action: "dispatch", during: "fair" }] } } },
      points: [point("N01", { schedules: { fair: [{ start: "18:00", end: "23:00" }] } }), point("J01")],
    });
    expect(lines).toEqual([
      'workflow.rules.stall_encroachment.auto[0].during: unknown schedule "fair" (known: rush_hours, night_market); defined only at point N01: a workflow step applies at every point, so define it under the top-level schedules',
    ]);
  });
});

describe("config: local times", () => {
  const withWindow = (start: string, end: string) => ({ units: [unit], schedules: { s: [{ start, end }] }, points: [point("J01")] });

  it.each([
    ["00:00", "24:00"],
    ["07:00", "09:30"],
    ["22:00", "23:59"],
    ["23:59", "00:00"],
  ])("accepts %s–%s", (start, end) => {
    expect(parseDeployment(withWindow(start, end), FILE, {}).schedules.s).toEqual([{ start, end }]);
  });

  it.each(["24:59", "24:01", "25:00", "7:00", "23:60", "12:5", "noon"])("refuses %s, naming the field", (time) => {
    expect(problems(withWindow("07:00", time))).toEqual([
      "schedules.s[0].end: expected a local time HH:MM (00:00–23:59, or 24:00 for midnight at the end of the day)",
    ]);
  });

  it("the working calendar takes the same times and only dates that exist", () => {
    const doc = {
      units: [unit], points: [point("J01")],
      workflow: { calendar: { hours: [{ start: "08:30", end: "24:59" }], holidays: ["2026-02-30"], workdays: ["2026-13-01"] } },
    };
    expect(problems(doc)).toEqual([
      "workflow.calendar.hours[0].end: expected a local time HH:MM (00:00–23:59, or 24:00 for midnight at the end of the day)",
      "workflow.calendar.holidays[0]: expected a date that exists (YYYY-MM-DD)",
      "workflow.calendar.workdays[0]: expected a date that exists (YYYY-MM-DD)",
    ]);
    const fine = { ...doc, workflow: { calendar: { hours: [{ start: "20:00", end: "24:00" }], holidays: ["2028-02-29"] } } };
    expect(parseDeployment(fine, FILE, {}).workflow.calendar).toMatchObject({ hours: [{ start: "20:00", end: "24:00" }], holidays: ["2028-02-29"] });
  });
});
