/**
 * Overlapping footage (two exports covering the same minutes, or a live
 * recording next to an NVR backfill) must not stop a scan: frames already
 * seen are not fed to the tracker twice, and the parked van is still one
 * incident.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Detector } from "../../src/detect/types.js";
import { createWorkerDetector } from "../../src/detect/worker-detector.js";
import { IncidentBus } from "../../src/incidents/bus.js";
import { adhocTarget } from "../../src/scan/adhoc-point.js";
import { runScan } from "../../src/scan/run-scan.js";
import { VTEST, tempDir } from "./fixtures.js";

const START_MS = Date.parse("2026-12-08T08:00:00+08:00");
const VAN_ZONE = "no_parking:0.80,0.03 0.95,0.03 0.95,0.24 0.80,0.24";
const fixture = tempDir("scan-overlap");
let detector: Detector;
let clip = "";
let copy = "";

beforeAll(async () => {
  clip = path.join(fixture.dir, "vtest-40s.avi");
  execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-i", VTEST, "-t", "40", "-c", "copy", clip]);
  copy = path.join(fixture.dir, "vtest-40s-copy.avi");
  execFileSync("cp", [clip, copy]);
  detector = await createWorkerDetector({ threads: 1 });
});
afterAll(async () => {
  await detector?.close();
  fixture.cleanup();
});

describe("scanning overlapping footage", () => {
  it("scans both segments, skips the frames it already saw, and keeps one incident for the van", async () => {
    const { deployment, point } = adhocTarget({
      everySec: 5, timeZone: "Asia/Shanghai", name: "overlap", id: "overlap",
      zones: [VAN_ZONE], rules: ["illegal_parking"], minDwellSec: 20,
    });
    const report = await runScan({
      deployment, point, detector, bus: new IncidentBus(),
      // The second copy starts 20 s into the first: 20 s of footage overlap.
      segments: [
        { path: clip, startMs: START_MS },
        { path: copy, startMs: START_MS + 20_000 },
      ],
      databaseFile: path.join(fixture.dir, "scan.db"),
      evidence: null,
    });
    expect(report.segments.scanned).toBe(2);
    expect(report.segments.unreadable).toEqual([]);
    expect(report.incidents).toHaveLength(1);
    const incident = report.incidents[0]!;
    expect(incident.rule).toBe("illegal_parking");
    // The van stands through the whole 60 s both files cover together.
    expect(incident.durationSec).toBeGreaterThan(50);
  });
});

