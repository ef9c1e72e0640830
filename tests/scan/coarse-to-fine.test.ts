/**
 * Coarse-to-fine backfill and the packet-dropping sampler against today's full
 * scan, on real footage: vtest.avi looped (H.264, 1 s GOP) with the parked
 * van hidden behind a grey box for the first 90 s and the last 90 s, so an
 * illegal_parking incident starts and ends mid-footage. All three scans must
 * report the same incidents (count, rule, start and end within one 10 s fine
 * interval); coarse-to-fine must do it with fewer detector frames.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Detector } from "../../src/detect/types.js";
import { createWorkerDetector } from "../../src/detect/worker-detector.js";
import { adhocTarget } from "../../src/scan/adhoc-point.js";
import { fineWindows, mergeFrames, overlapsAnyZone } from "../../src/scan/coarse-to-fine.js";
import { runScan, type RunScanOptions, type ScanReport } from "../../src/scan/run-scan.js";
import { VTEST, tempDir } from "./fixtures.js";

const START_MS = Date.parse("2026-12-08T08:00:00+08:00");
const VAN_ZONE = "no_parking:0.80,0.03 0.95,0.03 0.95,0.24 0.80,0.24";
const fixture = tempDir("coarse-to-fine");
let footage = "";
let detector: Detector;

beforeAll(async () => {
  footage = path.join(fixture.dir, "van-arrives-and-leaves.mp4");
  // The van (x 652–722, y 45–100 of 768x576) is covered until 90 s and from 250 s.
  execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-stream_loop", "4", "-i", VTEST, "-t", "340",
    "-vf", "drawbox=x=600:y=20:w=168:h=120:color=gray:t=fill:enable='lt(t,90)+gte(t,250)'",
    "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-keyint_min", "10", "-sc_threshold", "0", "-pix_fmt", "yuv420p", footage]);
  detector = await createWorkerDetector({ threads: 1 });
}, 300_000);
afterAll(async () => {
  await detector?.close();
  fixture.cleanup();
});

async function scan(name: string, extra: Partial<RunScanOptions>, backfill?: { coarseSec: number }): Promise<ScanReport> {
  const { deployment, point } = adhocTarget({ zones: [VAN_ZONE], rules: ["illegal_parking"], minDwellSec: 60, everySec: 10, timeZone: "Asia/Shanghai", name });
  return runScan({
    deployment: backfill ? { ...deployment, sampling: { ...deployment.sampling, backfill } } : deployment,
    point, detector, segments: [{ path: footage, startMs: START_MS }],
    databaseFile: path.join(fixture.dir, `${name}.db`), evidence: null, ...extra,
  });
}

const seconds = (iso: string | null): number => (iso === null ? Number.NaN : (Date.parse(iso) - START_MS) / 1000);

describe("coarse-to-fine backfill and the packet-dropping sampler", () => {
  it("find today's full-scan incidents, start and end within one fine interval", async () => {
    const full = await scan("full", { sampler: { packetDropping: false } });
    const fast = await scan("fast", {});
    const coarse = await scan("coarse", {}, { coarseSec: 60 });
    expect(full.incidents).toHaveLength(1);
    const [reference] = full.incidents;
    expect(reference!.rule).toBe("illegal_parking");
    expect(seconds(reference!.start)).toBeGreaterThanOrEqual(80);
    expect(seconds(reference!.start)).toBeLessThanOrEqual(100);
    expect(seconds(reference!.end)).toBeGreaterThanOrEqual(230);
    expect(seconds(reference!.end)).toBeLessThanOrEqual(250);
    for (const report of [fast, coarse]) {
      expect(report.incidents.map((i) => i.rule)).toEqual(full.incidents.map((i) => i.rule));
      expect(Math.abs(seconds(report.incidents[0]!.start) - seconds(reference!.start))).toBeLessThanOrEqual(10);
      expect(Math.abs(seconds(report.incidents[0]!.end) - seconds(reference!.end))).toBeLessThanOrEqual(10);
    }
    expect(fast.frames).toBe(full.frames);
    expect(coarse.frames).toBeLessThan(full.frames);
  }, 600_000);
});

describe("coarse-to-fine windows", () => {
  const coarse = (marks: string): { ptsSec: number; candidate: boolean }[] => [...marks].map((m, i) => ({ ptsSec: i * 60, candidate: m === "x" }));

  it("spans the coarse frame before to the one after each candidate, merged, clipped to the footage", () => {
    expect(fineWindows(coarse("..xx..x"), 400, 10)).toEqual([{ fromSec: 60, toSec: 240 }, { fromSec: 300, toSec: 400 }]);
    expect(fineWindows(coarse("x....."), 330, 10)).toEqual([{ fromSec: 0, toSec: 60 }]);
    expect(fineWindows(coarse("......"), 330, 10)).toEqual([]);
  });

  it("starts windows on the fine grid even when coarse frames fall off it (irregular keyframes)", () => {
    expect(fineWindows([{ ptsSec: 0.4, candidate: false }, { ptsSec: 61.2, candidate: true }, { ptsSec: 120.4, candidate: false }], 200, 10))
      .toEqual([{ fromSec: 0, toSec: 130 }]);
  });

  it("keeps coarse frames outside the windows and fine frames inside, in time order", () => {
    const c = [0, 60, 120, 180].map((ptsSec) => ({ ptsSec, src: "c" }));
    const f = [60, 70, 80, 90, 100, 110].map((ptsSec) => ({ ptsSec, src: "f" }));
    const merged = mergeFrames(c, f, [{ fromSec: 60, toSec: 120 }]);
    expect(merged.map((m) => `${m.src}${m.ptsSec}`)).toEqual(["c0", "f60", "f70", "f80", "f90", "f100", "f110", "c120", "c180"]);
  });

  it("counts a box overlapping a zone's bounding rectangle as a candidate", () => {
    const zones = [{ polygon: [[0.8, 0.03], [0.95, 0.03], [0.95, 0.24], [0.8, 0.24]] as [number, number][] }];
    const det = (x1: number, x2: number) => ({ label: "car", classId: 2, score: 0.9, box: { x1, y1: 40, x2, y2: 100 } });
    expect(overlapsAnyZone(zones, det(652, 722), { width: 768, height: 576 })).toBe(true);
    expect(overlapsAnyZone(zones, det(100, 200), { width: 768, height: 576 })).toBe(false);
  });
});
