import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadDeployment, loadDeploymentLenient, parseDeployment } from "../../src/config/load.js";
import { POINT_CATEGORIES } from "../../src/config/schema.js";
import { isKerbsideError } from "../../src/errors.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "kerbside-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function writeConfig(doc: unknown): string {
  const file = path.join(dir, `deployment-${++counter}.yaml`);
  writeFileSync(file, typeof doc === "string" ? doc : stringify(doc));
  return file;
}

const unit = { id: "traffic_police", name: "县公安局交警大队" };
function point(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name: `点位 ${id}`,
    category: "junction",
    units: ["traffic_police"],
    source: { kind: "rtsp", url: `rtsp://admin:pw@192.0.2.1/${id}` },
    ...extra,
  };
}

function configError(file: string): string {
  try {
    loadDeployment(file);
  } catch (error) {
    expect(isKerbsideError(error, "KERB_ERR_CONFIG")).toBe(true);
    return (error as Error).message;
  }
  throw new Error("expected loadDeployment to fail");
}

describe("loadDeployment: defaults and overrides", () => {
  it("fills the documented defaults", () => {
    const file = writeConfig({ units: [unit], points: [point("J01")] });
    const d = loadDeployment(file);
    expect(d.timezone).toBe("Asia/Shanghai");
    expect(d.retentionDays).toBe(30);
    expect(d.storageDir).toBe(path.join(dir, "data"));
    expect(d.file).toBe(file);
    expect(d.points[0]?.zones).toEqual([]);
    expect(d.points[0]?.enabled).toBe(true);
    expect(d.detector.threads).toBe(2);
  });

  it("keeps overrides and resolves relative paths against the config folder", () => {
    const file = writeConfig({
      timezone: "Europe/Berlin",
      retentionDays: 7,
      storageDir: "store",
      units: [unit],
      points: [
        point("F1", { source: { kind: "file", path: "clips/a.mp4", live: true } }),
        point("A1", { source: { kind: "archive", dir: "/srv/exports" } }),
        point("A2", { source: { kind: "archive", dir: "../exports" } }),
      ],
    });
    const d = loadDeployment(file);
    expect(d.timezone).toBe("Europe/Berlin");
    expect(d.retentionDays).toBe(7);
    expect(d.storageDir).toBe(path.join(dir, "store"));
    expect(d.points.map((p) => p.source)).toEqual([
      { kind: "file", path: path.join(dir, "clips/a.mp4"), live: true },
      { kind: "archive", dir: "/srv/exports" },
      { kind: "archive", dir: path.join(path.dirname(dir), "exports") },
    ]);
  });
});

describe("loadDeployment: invalid input", () => {
  it("names the file, the field path with the point id, and what was expected", () => {
    const file = writeConfig({ units: [unit], points: [point("J01"), point("J02"), point("J03"), point("J04", { source: { kind: "rtsp", url: "http://x" } })] });
    const message = configError(file);
    expect(message).toContain(`${file}: points[3] (id J04).source.url: expected an rtsp:// or rtsps:// URL`);
  });

  it("reports several bad points together, each with its own errors", () => {
    const file = writeConfig({
      retentionDays: 0,
      units: [unit],
      points: [
        point("J01", { category: "highway" }),
        point("J02"),
        point("J03", { zones: [{ id: "z", kind: "no_parking", polygon: [[0, 0], [1.5, 0]] }] }),
        point("J04", { colour: "red" }),
        { name: "no id" },
      ],
    });
    const lines = configError(file).split("\n").slice(1);
    expect(lines).toContain(`${file}: retentionDays: expected number to be >=1`);
    expect(lines.some((l) => l.startsWith(`${file}: points[0] (id J01).category: expected one of`))).toBe(true);
    expect(lines).toContain(`${file}: points[2] (id J03).zones[0].polygon[1][0]: expected number to be <=1`);
    expect(lines).toContain(`${file}: points[2] (id J03).zones[0].polygon: a zone polygon needs at least 3 points`);
    expect(lines.some((l) => l.startsWith(`${file}: points[3] (id J04).colour: unknown field`))).toBe(true);
    expect(lines).toContain(`${file}: points[4].id: required field is missing (expected string)`);
    expect(lines.some((l) => l.includes("points[1]"))).toBe(false);
  });

  it("rejects an unknown source kind and an unknown top-level field", () => {
    const file = writeConfig({ units: [unit], retention: 30, points: [point("J01", { source: { kind: "ftp" } })] });
    const message = configError(file);
    expect(message).toContain(`${file}: retention: unknown field`);
    expect(message).toMatch(/points\[0\] \(id J01\)\.source\.kind: expected 'rtsp' \| 'http'/);
  });

  it("checks cross-references: units, schedules, duplicate ids, time zone", () => {
    const zone = { id: "z1", kind: "stall_allowed", polygon: [[0, 0], [1, 0], [1, 1]], activeDuring: "temple_fair" };
    const file = writeConfig({
      timezone: "Mars/Olympus",
      units: [unit],
      schedules: { rush_hours: [{ start: "07:00", end: "09:00" }] },
      rules: { illegal_parking: { unit: "police", activeDuring: "rush_hours" } },
      sampling: { during: [{ schedule: "lunch", everySec: 5 }] },
      points: [
        point("J01", { units: ["traffic_police", "city_admin"], zones: [zone, { ...zone, activeDuring: undefined }] }),
        point("J01", { rules: { stall_encroachment: { dwellDuring: [{ schedule: "market", minDwellSec: 60 }] } } }),
        point("N01", { schedules: { temple_fair: [{ start: "18:00", end: "23:30" }] }, zones: [zone] }),
      ],
    });
    const message = configError(file);
    expect(message).toContain(`${file}: timezone: unknown IANA time zone "Mars/Olympus"`);
    expect(message).toContain(`${file}: rules.illegal_parking.unit: unknown unit "police" (known: traffic_police)`);
    expect(message).toContain(`${file}: sampling.during[0].schedule: unknown schedule "lunch" (known: rush_hours, night_market)`);
    expect(message).toContain(`${file}: points[0] (id J01).units[1]: unknown unit "city_admin"`);
    expect(message).toContain(`${file}: points[0] (id J01).zones[0].activeDuring: unknown schedule "temple_fair"`);
    expect(message).toContain(`${file}: points[0] (id J01).zones[1].id: duplicate zone id "z1" in this point`);
    expect(message).toContain(`${file}: points[1] (id J01).id: duplicate point id "J01"`);
    expect(message).toContain(`${file}: points[1] (id J01).rules.stall_encroachment.dwellDuring[0].schedule: unknown schedule "market"`);
    expect(message).not.toContain("points[2]");
  });

  it("checks playback URL templates", () => {
    const playback = (urlTemplate: string) => ({ source: { kind: "playback", urlTemplate } });
    const file = writeConfig({
      units: [unit],
      points: [
        point("P1", playback("rtsp://nvr/x?s={start:YYYYMMDDTHHmmss}Z&e={end:YYYYMMDDTHHmmss}Z")),
        point("P2", playback("rtsp://nvr/x?s={start}")),
        point("P3", playback("ftp://nvr/x?s={start}&e={end}")),
        point("P4", playback("rtsp://nvr/x?s={start}&e={end}&ch={channel}")),
      ],
    });
    const message = configError(file);
    expect(message).not.toContain("points[0]");
    expect(message).toContain(`${file}: points[1] (id P2).source.urlTemplate: playback URL template needs both {start:FORMAT} and {end:FORMAT}`);
    expect(message).toContain(`${file}: points[2] (id P3).source.urlTemplate: expected an rtsp:// or http(s):// URL template`);
    expect(message).toContain(`${file}: points[3] (id P4).source.urlTemplate: unknown placeholder {channel}`);
  });

  it("checks archive file-name patterns are valid regular expressions", () => {
    const archive = (pattern: string) => ({ source: { kind: "archive", dir: "exports", pattern } });
    const file = writeConfig({ units: [unit], points: [point("A1", archive("^A1_.*\\.mp4$")), point("A2", archive("^A2_(.*\\.mp4$"))] });
    const message = configError(file);
    expect(message).not.toContain("points[0]");
    expect(message).toMatch(new RegExp(`${file}: points\\[1\\] \\(id A2\\)\\.source\\.pattern: not a valid regular expression: .*Unterminated group`));
  });

  it("refuses two points indexing the same files (one archive folder without telling patterns, one file)", () => {
    const archive = (dir: string, pattern?: string) => ({ source: { kind: "archive", dir, ...(pattern ? { pattern } : {}) } });
    const file = writeConfig({
      units: [unit],
      points: [
        point("A1", archive("exports")),
        point("A2", archive("./exports/")),
        point("A3", archive("nvr", "^A3_")),
        point("A4", archive("nvr", "^A4_")),
        point("F1", { source: { kind: "file", path: "clip.mp4" } }),
        point("F2", { source: { kind: "file", path: "clip.mp4", live: true } }),
        point("F3", { source: { kind: "file", path: "./clip.mp4" } }),
      ],
    });
    const lines = configError(file).split("\n").slice(1);
    expect(lines).toEqual([
      `${file}: points[1] (id A2).source.dir: the same files as point A1: a file belongs to one point (give each point its own folder or pattern)`,
      `${file}: points[6] (id F3).source.path: the same files as point F1: a file belongs to one point (give each point its own folder or pattern)`,
    ]);
  });

  it("takes ${NAME} in camera URLs from the environment", () => {
    const raw = {
      units: [unit],
      points: [
        point("J01", { source: { kind: "rtsp", url: "rtsp://admin:${J01_PASS}@192.0.2.1/x?a=$${literal}" } }),
        point("J02", { source: { kind: "playback", urlTemplate: "rtsp://admin:${NVR_PASS}@192.0.2.2/t?s={start}&e={end}" } }),
        point("J03", { source: { kind: "http", url: "http://u:${MISSING_PASS}@192.0.2.3/live.ts" } }),
      ],
    };
    const env = { J01_PASS: "s3cret", NVR_PASS: "nvr" };
    expect(() => parseDeployment(raw, "/etc/kerbside.yaml", env)).toThrow(
      "/etc/kerbside.yaml: points[2] (id J03).source.url: environment variable MISSING_PASS is not set",
    );
    const d = parseDeployment({ ...raw, points: raw.points.slice(0, 2) }, "/etc/kerbside.yaml", env);
    expect(d.points.map((p) => p.source)).toEqual([
      { kind: "rtsp", url: "rtsp://admin:s3cret@192.0.2.1/x?a=${literal}" },
      { kind: "playback", urlTemplate: "rtsp://admin:nvr@192.0.2.2/t?s={start}&e={end}" },
    ]);
  });

  it("checks zone geometry the way the rule engine will", () => {
    const bowtie = { id: "bow", kind: "no_parking", polygon: [[0, 0], [1, 1], [1, 0], [0, 1]] };
    const file = writeConfig({ units: [unit], points: [point("J01"), point("J02", { zones: [bowtie] })] });
    expect(configError(file)).toContain(`${file}: points[1] (id J02).zones[0].polygon: polygon edges cross each other`);
  });

  it("reports unreadable files and broken YAML with the file name", () => {
    const missing = path.join(dir, "nope.yaml");
    expect(configError(missing)).toContain(`${missing}: cannot read the config file`);
    const broken = writeConfig("points:\n  - id: [unclosed\n");
    expect(configError(broken)).toMatch(new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: line \\d+`));
    const empty = writeConfig({ units: [unit], points: [] });
    expect(configError(empty)).toContain(`${empty}: points: a deployment needs at least one point`);
  });
});

describe("shipped configs", () => {
  it("config/example.yaml: 39 points across the four categories", () => {
    const d = loadDeployment("config/example.yaml");
    expect(d.points).toHaveLength(39);
    const counts = Object.fromEntries(POINT_CATEGORIES.map((c) => [c, d.points.filter((p) => p.category === c).length]));
    expect(counts).toEqual({ junction: 12, main_road: 12, commercial_street: 9, night_market: 6 });
    expect(new Set(d.points.map((p) => p.source.kind))).toEqual(new Set(["rtsp", "playback", "archive"]));
    expect(d.units.map((u) => u.name)).toEqual(["县公安局交警大队", "县城市管理综合执法局", "县住房和城乡建设局"]);
    const market = d.points.find((p) => p.category === "night_market");
    expect(market?.zones.find((z) => z.kind === "stall_allowed")?.activeDuring).toBe("night_market");
    expect(d.schedules.night_market).toEqual([{ start: "18:00", end: "23:30" }]);
  });

  it("config/demo.yaml: runs on the sample footage", () => {
    const d = loadDeployment("config/demo.yaml");
    expect(d.storageDir).toBe(path.resolve("data/demo"));
    const source = d.points[0]?.source;
    expect(source).toMatchObject({ kind: "file", path: path.resolve("samples/vtest.avi"), live: true });
    const van = d.points[0]?.zones.find((z) => z.kind === "no_parking");
    const xs = van?.polygon.map(([x]) => x) ?? [];
    const ys = van?.polygon.map(([, y]) => y) ?? [];
    expect(Math.min(...xs)).toBeLessThanOrEqual(652 / 768);
    expect(Math.max(...xs)).toBeGreaterThanOrEqual(722 / 768);
    expect(Math.min(...ys)).toBeLessThanOrEqual(45 / 576);
    expect(Math.max(...ys)).toBeGreaterThanOrEqual(100 / 576);
  });
});

describe("loadDeploymentLenient: a bad point never stops the others", () => {
  const units = [unit, { id: "urban", name: "县城市管理综合执法局" }];

  it("leaves out each bad point with its own problems and keeps the good ones", () => {
    const file = writeConfig({
      units,
      points: [
        point("J01"),
        point("J02", { source: { kind: "rtsp", url: "http://192.0.2.2/oops" } }),
        point("J03", { units: ["no_such_unit"] }),
        point("J04"),
      ],
    });
    const { deployment, rejected } = loadDeploymentLenient(file);
    expect(deployment.points.map((p) => p.id)).toEqual(["J01", "J04"]);
    expect(rejected.map((r) => [r.index, r.id])).toEqual([[1, "J02"], [2, "J03"]]);
    expect(rejected[0]?.message).toContain(`${file}: points[1] (id J02).source.url`);
    expect(rejected[0]?.message).not.toContain("J03");
    expect(rejected[1]?.message).toContain(`${file}: points[2] (id J03).units`);
    expect(rejected[1]?.message).toContain("no_such_unit");
    // The strict loader refuses the same file, listing both.
    const strict = configError(file);
    expect(strict).toContain("(id J02)");
    expect(strict).toContain("(id J03)");
  });

  it("still refuses problems outside the points, and a file with no valid point", () => {
    const badZone = writeConfig({ timezone: "Mars/Olympus", units, points: [point("J01")] });
    expect(() => loadDeploymentLenient(badZone)).toThrow(/timezone/);
    const allBad = writeConfig({ units, points: [point("J01", { category: "alley" })] });
    expect(() => loadDeploymentLenient(allBad)).toThrow(/points\[0\] \(id J01\)\.category/);
  });
});
