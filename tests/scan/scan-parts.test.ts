import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../src/config/schema.js";
import { isKerbsideError } from "../../src/errors.js";
import { adhocTarget } from "../../src/scan/adhoc-point.js";
import { scaleBox, toSourcePixels } from "../../src/scan/box-scale.js";
import { listFootage } from "../../src/scan/footage-files.js";
import { parseCliTime } from "../../src/time/cli-time.js";
import { keyframeIntervalFromCsv, keyframeProbeArgs } from "../../src/ffmpeg/keyframe-interval.js";
import { ScanProgressStore } from "../../src/scan/scan-progress.js";
import { scanKey, stableJson } from "../../src/scan/scan-key.js";
import { segmentInterval } from "../../src/scan/segment-interval.js";
import { planSegments } from "../../src/scan/warmup-plan.js";
import { openDatabase } from "../../src/store/database.js";
import { tempDir } from "./fixtures.js";

const fixture = tempDir("scan-parts");
afterAll(() => fixture.cleanup());

function thrown(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error("expected a throw");
}

describe("keyframe interval from packet flags", () => {
  it("takes the largest gap between keyframes", () => {
    const csv = ["0.000,0.000,K_", "0.040,0.040,__", "2.000,2.000,K_", "2.040,2.040,__", "6.000,6.000,K__", "7.000,7.000,K_"].join("\n");
    expect(keyframeIntervalFromCsv(csv)).toBe(4);
  });
  it("uses dts when pts is missing and is null with fewer than two keyframes", () => {
    expect(keyframeIntervalFromCsv("N/A,0.5,K_\nN/A,1.5,K_\n")).toBe(1);
    expect(keyframeIntervalFromCsv("0.000,0.000,K_\n1.0,1.0,__\n")).toBeNull();
    expect(keyframeIntervalFromCsv("")).toBeNull();
  });
  it("reads only the first seconds of the first video stream", () => {
    const args = keyframeProbeArgs("/f.mp4", 30);
    expect(args).toEqual(expect.arrayContaining(["-select_streams", "v:0", "-read_intervals", "%+30"]));
    expect(args.at(-1)).toBe("/f.mp4");
  });
});

describe("box scaling", () => {
  it("maps model-input boxes back to source pixels", () => {
    expect(scaleBox({ x1: 256, y1: 128, x2: 512, y2: 512 }, { width: 512, height: 512 }, { width: 768, height: 576 })).toEqual({ x1: 384, y1: 144, x2: 768, y2: 576 });
    const dets = [{ label: "car", classId: 2, score: 0.9, box: { x1: 0, y1: 0, x2: 10, y2: 10 } }];
    expect(toSourcePixels(dets, { width: 10, height: 10 }, { width: 20, height: 40 })[0]!.box).toEqual({ x1: 0, y1: 0, x2: 20, y2: 40 });
    expect(toSourcePixels(dets, { width: 10, height: 10 }, { width: 10, height: 10 })[0]!.box).toEqual(dets[0]!.box);
  });
});

describe("sampling interval per segment", () => {
  const deployment: Pick<Deployment, "sampling" | "schedules" | "timezone"> = {
    timezone: "Asia/Shanghai",
    schedules: { rush_hours: [{ start: "07:00", end: "09:00" }] },
    sampling: { everySec: 10 },
  };
  const junction = { id: "J1", category: "junction" as const, sampling: undefined, schedules: undefined };
  const at = (hhmm: string): number => Date.parse(`2026-12-08T${hhmm}:00+08:00`);
  it("uses the densest interval anywhere in the segment", () => {
    expect(segmentInterval(deployment, junction, at("06:50"), at("06:55"))).toBe(10);
    expect(segmentInterval(deployment, junction, at("06:57"), at("07:02"))).toBe(2);
    expect(segmentInterval(deployment, junction, at("08:00"), at("08:05"))).toBe(2);
    expect(segmentInterval(deployment, { ...junction, category: "main_road" }, at("08:00"), at("08:05"))).toBe(10);
  });
});

describe("scan key", () => {
  const input = {
    deployment: { rules: {}, schedules: {}, sampling: {}, timezone: "Asia/Shanghai" },
    point: { id: "P", category: "main_road" as const, zones: [], rules: undefined, schedules: undefined, sampling: { everySec: 5 }, units: ["u"] },
    model: "m",
    scoreThreshold: 0.3,
  };
  it("is stable for equal settings and changes with anything that changes findings", () => {
    expect(scanKey(input)).toBe(scanKey({ ...input, point: { ...input.point } }));
    expect(scanKey(input)).not.toBe(scanKey({ ...input, point: { ...input.point, sampling: { everySec: 10 } } }));
    expect(scanKey(input)).not.toBe(scanKey({ ...input, model: "other" }));
    expect(scanKey(input)).not.toBe(scanKey({ ...input, scoreThreshold: 0.5 }));
    expect(stableJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe('{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}');
  });
});

describe("command-line times", () => {
  it("reads offsets as instants and bare times as wall-clock in the zone", () => {
    expect(parseCliTime("2026-12-08T08:00:00+08:00", "UTC", "--from")).toBe(Date.UTC(2026, 11, 8, 0));
    expect(parseCliTime("2026-12-08T00:00:00Z", "Asia/Shanghai", "--from")).toBe(Date.UTC(2026, 11, 8, 0));
    expect(parseCliTime("2026-12-08T08:00:00", "Asia/Shanghai", "--from")).toBe(Date.UTC(2026, 11, 8, 0));
    expect(parseCliTime("2026-12-08 08:00", "Asia/Shanghai", "--from")).toBe(Date.UTC(2026, 11, 8, 0));
    expect(parseCliTime("2026-12-08", "Asia/Shanghai", "--from")).toBe(Date.UTC(2026, 11, 7, 16));
    const error = thrown(() => parseCliTime("yesterday", "Asia/Shanghai", "--to"));
    expect(error.code).toBe("KERB_ERR_CONFIG");
    expect(error.message).toContain('--to "yesterday"');
  });

  it("refuses dates and times that do not exist instead of rolling them over", () => {
    for (const text of ["2026-13-08T08:00", "2026-02-30", "2026-12-08T25:00", "2026-12-08T08:60", "2026-02-30T08:00:00+08:00", "2026-12-08T24:30Z"]) {
      const error = thrown(() => parseCliTime(text, "Asia/Shanghai", "--from"));
      expect(error.code, text).toBe("KERB_ERR_CONFIG");
      expect(error.message).toContain(`--from "${text}"`);
    }
    expect(parseCliTime("2024-02-29T23:59:59", "UTC", "--to")).toBe(Date.UTC(2024, 1, 29, 23, 59, 59));
  });
});

describe("ad-hoc footage listing", () => {
  it("lists video files under a directory with start times from their names, reporting names without one", () => {
    const dir = path.join(fixture.dir, "export");
    mkdirSync(path.join(dir, "day2"), { recursive: true });
    for (const name of ["ch1_20261208T080500.mp4", "2026-12-08_08-00-00.avi", "day2/ch1_20261209080000.mkv", "notes.txt", "clip.mp4"]) {
      writeFileSync(path.join(dir, name), "x");
    }
    const list = listFootage(dir, { timeZone: "Asia/Shanghai" });
    expect(list.segments.map((s) => [path.relative(dir, s.path), new Date(s.startMs).toISOString()])).toEqual([
      ["2026-12-08_08-00-00.avi", "2026-12-08T00:00:00.000Z"],
      ["ch1_20261208T080500.mp4", "2026-12-08T00:05:00.000Z"],
      [path.join("day2", "ch1_20261209080000.mkv"), "2026-12-09T00:00:00.000Z"],
    ]);
    expect(list.unreadable.map((u) => path.relative(dir, u.path))).toEqual(["clip.mp4"]);
    expect(list.unreadable[0]!.error).toContain("KERB_ERR_FOOTAGE_NAME");
    expect(isKerbsideError(thrown(() => listFootage(dir, { timeZone: "UTC", start: new Date() })), "KERB_ERR_CONFIG")).toBe(true);
  });

  it("takes --start for a single file, else its name, else asks for --start", () => {
    const named = path.join(fixture.dir, "cam_20261208T080000.mp4");
    const bare = path.join(fixture.dir, "export.mp4");
    writeFileSync(named, "x");
    writeFileSync(bare, "x");
    expect(listFootage(named, { timeZone: "UTC" }).segments[0]!.startMs).toBe(Date.UTC(2026, 11, 8, 8));
    expect(listFootage(bare, { timeZone: "UTC", start: new Date(5000) }).segments[0]!.startMs).toBe(5000);
    expect(thrown(() => listFootage(bare, { timeZone: "UTC" })).code).toBe("KERB_ERR_FOOTAGE_NAME");
    expect(thrown(() => listFootage(path.join(fixture.dir, "missing.mp4"), { timeZone: "UTC" })).code).toBe("KERB_ERR_FOOTAGE_UNREADABLE");
  });
});

describe("ad-hoc point", () => {
  const base = { timeZone: "Asia/Shanghai", name: "clip.mp4" };
  it("runs only the rules asked for, with the dwell and interval given", () => {
    const { point, deployment } = adhocTarget({ ...base, zones: ["no_parking:0,0 1,0 1,1"], rules: ["illegal_parking"], minDwellSec: 45, everySec: 2 });
    expect(point.rules?.illegal_parking).toEqual({ minDwellSec: 45 });
    expect(point.rules?.sidewalk_parking).toEqual({ enabled: false });
    expect(point.rules?.stall_encroachment).toEqual({ enabled: false });
    expect(point.sampling).toEqual({ everySec: 2 });
    expect(point.zones[0]!.id).toBe("no_parking-1");
    expect(deployment.timezone).toBe("Asia/Shanghai");
  });
  it("refuses a rule with no zone of a kind it watches, unknown rules and missing flags", () => {
    expect(thrown(() => adhocTarget({ ...base, zones: ["sidewalk:0,0 1,0 1,1"], rules: ["illegal_parking"] })).message).toContain("watches no_parking");
    expect(thrown(() => adhocTarget({ ...base, zones: ["sidewalk:0,0 1,0 1,1"], rules: ["parking"] })).message).toContain("unknown rule");
    expect(thrown(() => adhocTarget({ ...base, zones: [], rules: ["illegal_parking"] })).code).toBe("KERB_ERR_ZONE");
    expect(thrown(() => adhocTarget({ ...base, zones: ["sidewalk:0,0 1,0 1,1"], rules: [] })).code).toBe("KERB_ERR_CONFIG");
  });
});

describe("scan progress store", () => {
  it("counts a segment as done only for the same scan key, and keeps the latest state", () => {
    const db = openDatabase(":memory:");
    const store = new ScanProgressStore(db);
    new ScanProgressStore(db); // migrating twice is harmless
    const row = { pointId: "P", path: "/a.mp4", scanKey: "k1", startMs: 0, endMs: 1000, frames: 0, error: "boom" };
    store.mark({ ...row, status: "failed" });
    expect(store.isDone("P", "/a.mp4", "k1")).toBe(false);
    store.mark({ ...row, status: "done", frames: 30, error: null });
    expect(store.isDone("P", "/a.mp4", "k1")).toBe(true);
    expect(store.isDone("P", "/a.mp4", "k2")).toBe(false);
    expect(store.isDone("Q", "/a.mp4", "k1")).toBe(false);
    expect(store.list("P")).toEqual([expect.objectContaining({ status: "done", frames: 30, error: null, startMs: 0, endMs: 1000 })]);
    db.close();
  });
});

describe("segment plan", () => {
  const minute = (i: number, endMs?: number) => ({ path: `s${i}`, startMs: i * 60_000, endMs: endMs ?? (i + 1) * 60_000 });
  it("re-reads finished segments before an unfinished one until the dwell history is covered, never across a gap", () => {
    const segments = [0, 1, 2, 3, 4, 5].map((i) => minute(i));
    const done = [true, true, true, true, false, true];
    expect(planSegments(segments, done, () => 150_000, 5000)).toEqual(["skip", "warmup", "warmup", "warmup", "scan", "skip"]);
    expect(planSegments(segments, done, () => 0, 5000)).toEqual(["skip", "skip", "skip", "warmup", "scan", "skip"]);
    const gap = [minute(0), minute(1, 90_000), minute(2), minute(3), minute(4)];
    expect(planSegments(gap, [true, true, true, true, false], () => 600_000, 5000)).toEqual(["skip", "skip", "warmup", "warmup", "scan"]);
    expect(planSegments(segments, done.map(() => true), () => 600_000, 5000)).toEqual(done.map(() => "skip"));
  });
});
