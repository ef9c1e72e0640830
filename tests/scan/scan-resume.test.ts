/**
 * Resuming after a crash when the object left meanwhile: a scan that died
 * after recording an (open) incident must not leave it open forever once the
 * resumed scan reaches the end of the footage without seeing the object long
 * enough to re-open it.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Detector } from "../../src/detect/types.js";
import { createWorkerDetector } from "../../src/detect/worker-detector.js";
import { SqliteIncidentStore } from "../../src/incidents/sqlite-incident-store.js";
import { adhocTarget } from "../../src/scan/adhoc-point.js";
import { runScan } from "../../src/scan/run-scan.js";
import { ScanJob } from "../../src/scan/scan-job.js";
import { ScanProgressStore } from "../../src/scan/scan-progress.js";
import { openDatabase } from "../../src/store/database.js";
import { VTEST, tempDir } from "./fixtures.js";

const START_MS = Date.parse("2026-12-08T08:00:00+08:00");
const VAN_ZONE = "no_parking:0.80,0.03 0.95,0.03 0.95,0.24 0.80,0.24";
const fixture = tempDir("scan-resume");
let detector: Detector;
const files = { a: "", b: "", c: "" };

const X264 = ["-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-an"];

function ffmpeg(args: string[]): void {
  execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", ...args]);
}

beforeAll(async () => {
  files.a = path.join(fixture.dir, "a.avi");
  files.b = path.join(fixture.dir, "b.mp4");
  files.c = path.join(fixture.dir, "c-van-gone.mp4");
  ffmpeg(["-i", VTEST, "-t", "40", "-c", "copy", files.a]);
  ffmpeg(["-ss", "40", "-i", VTEST, "-t", "40", ...X264, files.b]);
  // Mirrored: the van now stands top-left, outside the no-parking zone.
  ffmpeg(["-i", VTEST, "-t", "30", "-vf", "hflip", ...X264, files.c]);
  detector = await createWorkerDetector({ threads: 1 });
});
afterAll(async () => {
  await detector?.close();
  fixture.cleanup();
});

describe("resuming a crashed scan", () => {
  it("closes the incident the crash left open when the resumed scan no longer sees the object", async () => {
    const { deployment, point } = adhocTarget({
      everySec: 5, timeZone: "Asia/Shanghai", name: "resume", id: "resume",
      zones: [VAN_ZONE], rules: ["illegal_parking"], minDwellSec: 50,
    });
    const segments = [
      { path: files.a, startMs: START_MS },
      { path: files.b, startMs: START_MS + 40_000 },
      { path: files.c, startMs: START_MS + 80_000 },
    ];
    const databaseFile = path.join(fixture.dir, "scan.db");
    const db = openDatabase(databaseFile);
    const store = new SqliteIncidentStore(db);
    try {
      // The process dies while scanning the third segment: a and b are done,
      // the van's incident (threshold crossed in b) was recorded open.
      const crashing = new ScanJob({
        deployment, point, segments, detector, store, progress: new ScanProgressStore(db), evidence: null,
        onProgress: (e) => {
          if (e.segmentIndex === 2) throw new Error("simulated crash");
        },
      });
      await expect(crashing.run()).rejects.toThrow(/simulated crash/);
      const [left] = store.list({ pointId: "resume" });
      expect(left!.endMs).toBeNull();
    } finally {
      db.close();
    }

    // Resumed from b on (a has gone, say, or --from starts there): b is re-read to
    // warm up (40 s of van < the 50 s dwell), c no longer has the van in the zone.
    const out = path.join(fixture.dir, "resume-out");
    const report = await runScan({ deployment, point, segments: segments.slice(1), detector, databaseFile, evidence: { rootDir: out, relativePaths: false } });
    expect(report.segments.scanned).toBe(1);
    expect(report.incidents).toHaveLength(1);
    const incident = report.incidents[0]!;
    expect(incident.end).not.toBeNull();
    const endMs = Date.parse(incident.end!);
    expect(endMs).toBeLessThanOrEqual(START_MS + 80_000);
    expect(incident.durationSec).toBeGreaterThan(60);
    // Its last sighting lies in b, which the resumed scan read: the last-seen snapshot is taken.
    expect(incident.evidence.map((file) => path.basename(file))).toEqual([`snapshot_last-${endMs}.jpg`]);
    expect(existsSync(incident.evidence[0]!)).toBe(true);
  });

  it("scans a segment again when its incident's evidence could not be written, and collects it then", async () => {
    const { deployment, point } = adhocTarget({
      everySec: 5, timeZone: "Asia/Shanghai", name: "retry", id: "retry",
      zones: [VAN_ZONE], rules: ["illegal_parking"], minDwellSec: 20,
    });
    const out = path.join(fixture.dir, "retry-out");
    mkdirSync(out);
    writeFileSync(path.join(out, "evidence"), "a file where the evidence folder should be");
    const options = { deployment, point, detector, segments: [{ path: files.a, startMs: START_MS }], databaseFile: path.join(out, "scan.db"), evidence: { rootDir: out, relativePaths: false } };

    const failed = await runScan(options);
    expect(failed.evidenceFailures).toBeGreaterThan(0);
    expect(failed.incidents).toHaveLength(1);
    expect(failed.incidents[0]!.evidence).toEqual([]);

    rmSync(path.join(out, "evidence"));
    const retried = await runScan(options);
    expect(retried.evidenceFailures).toBe(0);
    expect(retried.incidents).toHaveLength(1);
    expect(retried.incidents[0]!.id).toBe(failed.incidents[0]!.id);
    const kinds = retried.incidents[0]!.evidence.map((file) => path.basename(file).replace(/-\d+\.jpg$/, ""));
    expect(kinds.sort()).toEqual(["clip-preview.mp4", "clip.mkv", "crop.jpg", "snapshot_first", "snapshot_last", "snapshot_threshold"]);
    for (const file of retried.incidents[0]!.evidence) expect(existsSync(file)).toBe(true);

    // Once collected, the segment is done: a third run reads nothing.
    const third = await runScan(options);
    expect(third.frames).toBe(0);
    expect(third.segments.skipped).toBe(1);
  });

  it("re-reads enough finished footage before the crash point for a dwell longer than one segment", async () => {
    const { deployment, point } = adhocTarget({
      everySec: 5, timeZone: "Asia/Shanghai", name: "history", id: "history",
      zones: [VAN_ZONE], rules: ["illegal_parking"], minDwellSec: 90,
    });
    const c = path.join(fixture.dir, "c-van-still-there.mp4");
    copyFileSync(files.b, c);
    const segments = [
      { path: files.a, startMs: START_MS },
      { path: files.b, startMs: START_MS + 40_000 },
      { path: c, startMs: START_MS + 80_000 },
    ];
    const databaseFile = path.join(fixture.dir, "history.db");
    const db = openDatabase(databaseFile);
    try {
      // Dies as the third segment starts: the van has stood 80 s of its 90 s dwell, no incident yet.
      const crashing = new ScanJob({
        deployment, point, segments, detector, store: new SqliteIncidentStore(db), progress: new ScanProgressStore(db), evidence: null,
        onProgress: (e) => {
          if (e.segmentIndex === 2) throw new Error("simulated crash");
        },
      });
      await expect(crashing.run()).rejects.toThrow(/simulated crash/);
    } finally {
      db.close();
    }
    const report = await runScan({ deployment, point, segments, detector, databaseFile, evidence: null });
    expect(report.segments.scanned).toBe(1);
    expect(report.incidents).toHaveLength(1);
    const incident = report.incidents[0]!;
    expect(Date.parse(incident.start)).toBeLessThan(START_MS + 15_000);
    expect(incident.durationSec).toBeGreaterThan(100);
  });
});

describe("scanning the same file again", () => {
  it("scans it again when its start time was corrected, and reports the incident at the new time", async () => {
    const { deployment, point } = adhocTarget({
      everySec: 10, timeZone: "Asia/Shanghai", name: "restart", id: "restart",
      zones: [VAN_ZONE], rules: ["illegal_parking"], minDwellSec: 20,
    });
    const base = { deployment, point, detector, databaseFile: path.join(fixture.dir, "restart.db"), evidence: null };
    const wrong = await runScan({ ...base, segments: [{ path: files.a, startMs: START_MS }] });
    expect(wrong.incidents).toHaveLength(1);
    const dayLater = START_MS + 86_400_000;
    const corrected = await runScan({ ...base, segments: [{ path: files.a, startMs: dayLater }] });
    expect(corrected.segments.scanned).toBe(1);
    expect(corrected.frames).toBeGreaterThan(0);
    expect(corrected.incidents).toHaveLength(1);
    expect(Date.parse(corrected.incidents[0]!.start)).toBeGreaterThanOrEqual(dayLater);
  });
});

