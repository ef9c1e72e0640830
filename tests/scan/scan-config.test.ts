/**
 * Scanning a configured point: its archive folder is indexed, segments are
 * scanned in order with the tracker carried across the boundary, progress is
 * recorded per segment, and a scan stopped mid-way resumes without
 * duplicating anything.
 */
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDeployment } from "../../src/config/load.js";
import { databasePath } from "../../src/config/paths.js";
import type { Detector } from "../../src/detect/types.js";
import { createWorkerDetector } from "../../src/detect/worker-detector.js";
import { SqliteSegmentStore } from "../../src/footage/segment-store.js";
import { SqliteIncidentStore } from "../../src/incidents/sqlite-incident-store.js";
import { logger } from "../../src/log.js";
import { pointFootage } from "../../src/scan/point-footage.js";
import { ScanJob } from "../../src/scan/scan-job.js";
import { ScanProgressStore } from "../../src/scan/scan-progress.js";
import { openDatabase } from "../../src/store/database.js";
import { VTEST_DURATION_SEC, loopVtest, tempDir } from "./fixtures.js";

const run = promisify(execFile);
const fixture = tempDir("scan-config");
const SEGMENT_SEC = 2 * VTEST_DURATION_SEC; // 159 s = 2 min 39 s
let configFile = "";
let detector: Detector;

const config = (storageDir: string, archive: string): string => `
timezone: Asia/Shanghai
storageDir: ${storageDir}
units:
  - { id: traffic_police, name: 交警大队 }
points:
  - id: P01
    name: 校园停车区
    category: main_road
    units: [traffic_police]
    source: { kind: archive, dir: ${archive} }
    zones:
      - { id: van, name: 楼前禁停区, kind: no_parking, polygon: [[0.80, 0.03], [0.95, 0.03], [0.95, 0.24], [0.80, 0.24]] }
    rules:
      illegal_parking: { minDwellSec: 60 }
    sampling: { everySec: 10 }
`;

beforeAll(async () => {
  const archive = path.join(fixture.dir, "archive");
  mkdirSync(archive);
  loopVtest(archive, 2, "P01_20261208T080000.avi");
  loopVtest(archive, 2, "P01_20261208T080239.avi"); // starts where the first ends
  configFile = path.join(fixture.dir, "kerbside.yaml");
  writeFileSync(configFile, config("./data", "./archive"));
  detector = await createWorkerDetector({ threads: 1 });
});
afterAll(async () => {
  await detector?.close();
  fixture.cleanup();
});

describe("scanning a configured point", () => {
  it("indexes the archive and resumes a stopped scan without duplicating the incident", async () => {
    const deployment = loadDeployment(configFile);
    const point = deployment.points[0]!;
    const db = openDatabase(databasePath(deployment));
    const incidents = new SqliteIncidentStore(db);
    const progress = new ScanProgressStore(db);
    try {
      const footage = await pointFootage(deployment, point, new SqliteSegmentStore(db), {}, logger);
      expect(footage.segments.map((s) => path.basename(s.path))).toEqual(["P01_20261208T080000.avi", "P01_20261208T080239.avi"]);
      expect(footage.segments[1]!.startMs - footage.segments[0]!.endMs!).toBe(0);
      const jobOptions = { deployment, point, segments: footage.segments, detector, store: incidents, progress, evidence: { rootDir: deployment.storageDir, relativePaths: true }, scoreThreshold: deployment.detector.scoreThreshold };

      // A scan stopped as soon as the second segment starts ("crash").
      const first = new ScanJob({ ...jobOptions, onProgress: (e) => void (e.segmentIndex === 1 && first.close()) });
      const partial = await first.run();
      expect(partial.scanned).toEqual([footage.segments[0]!.path]);
      expect(progress.list("P01").map((p) => [path.basename(p.path), p.status])).toEqual([["P01_20261208T080000.avi", "done"]]);
      const afterCrash = incidents.list({ pointId: "P01" });
      expect(afterCrash).toHaveLength(1);
      // at most the first frame of the second segment was seen before the stop
      expect(afterCrash[0]!.lastSeenMs - afterCrash[0]!.startMs).toBeLessThanOrEqual(SEGMENT_SEC * 1000);

      // Resume: the finished segment is re-read only to warm the tracker, the second one is scanned.
      const resumed = await new ScanJob(jobOptions).run();
      expect(resumed.scanned).toEqual([footage.segments[1]!.path]);
      expect(resumed.skipped).toEqual([footage.segments[0]!.path]);
      const all = incidents.list({ pointId: "P01" });
      expect(all).toHaveLength(1);
      expect(all[0]!.id).toBe(afterCrash[0]!.id);
      expect(all[0]!.durationSec).toBeGreaterThan(2 * SEGMENT_SEC * 0.9);
      expect(all[0]!.unit).toBe("traffic_police");
      for (const e of all[0]!.evidence) expect(e.path.startsWith(path.join("evidence", "P01", all[0]!.id))).toBe(true);
      expect(progress.list("P01").map((p) => p.status)).toEqual(["done", "done"]);
    } finally {
      db.close();
    }
  });

  it("leaves an incident open at the end of footage still being recorded (openAtEnd), and closes it when told the footage ended", async () => {
    const deployment = { ...loadDeployment(configFile), storageDir: path.join(fixture.dir, "live") };
    const point = { ...deployment.points[0]!, id: "P02" };
    const db = openDatabase(path.join(deployment.storageDir, "kerbside.db"));
    const incidents = new SqliteIncidentStore(db);
    try {
      const footage = await pointFootage(deployment, deployment.points[0]!, new SqliteSegmentStore(db), {}, logger);
      const base = { deployment, point, segments: footage.segments.slice(0, 1), detector, store: incidents, progress: new ScanProgressStore(db), evidence: null };
      await new ScanJob({ ...base, openAtEnd: true }).run();
      const [open] = incidents.list({ pointId: "P02" });
      expect(open!.endMs).toBeNull();
      await new ScanJob({ ...base, segments: footage.segments }).run();
      const all = incidents.list({ pointId: "P02" });
      expect(all).toHaveLength(1);
      expect(all[0]!.id).toBe(open!.id);
      expect(all[0]!.endMs).toBe(all[0]!.lastSeenMs);
      expect(all[0]!.durationSec).toBeGreaterThan(2 * SEGMENT_SEC * 0.9);
    } finally {
      db.close();
    }
  });

  it("fails the scan when the detector dies, leaving no ffmpeg behind (the segment prepared ahead included)", async () => {
    const deployment = { ...loadDeployment(configFile), storageDir: path.join(fixture.dir, "dies") };
    const point = deployment.points[0]!;
    const db = openDatabase(path.join(deployment.storageDir, "kerbside.db"));
    const dying = await createWorkerDetector({ threads: 1 });
    try {
      const footage = await pointFootage(deployment, point, new SqliteSegmentStore(db), {}, logger);
      const job = new ScanJob({
        deployment, point, segments: footage.segments, detector: dying, store: new SqliteIncidentStore(db), progress: new ScanProgressStore(db), evidence: null,
        onProgress: (e) => void (e.frames === 2 && dying.close()),
      });
      await expect(job.run()).rejects.toThrow(/detector/i);
      const { stdout } = await run("ps", ["-eo", "args"]);
      expect(stdout.split("\n").filter((line) => line.includes("ffmpeg") && line.includes(fixture.dir))).toEqual([]);
      expect(new ScanProgressStore(db).list("P01")).toEqual([]);
    } finally {
      await dying.close();
      db.close();
    }
  });

  it("kerbside scan --config --point finds the same single incident and skips finished segments", async () => {
    const { stdout } = await run("npx", ["tsx", "src/cli/main.ts", "scan", "--config", configFile, "--point", "P01", "--from", "2026-12-08T08:00:00", "--json"], { timeout: 110_000 });
    const doc = JSON.parse(stdout) as { incidents: { id: string; evidence: string[]; durationSec: number }[]; frames: number; segments: { scanned: number; skipped: number } };
    expect(doc.segments).toMatchObject({ scanned: 0, skipped: 2 });
    expect(doc.frames).toBe(0);
    expect(doc.incidents).toHaveLength(1);
    expect(doc.incidents[0]!.durationSec).toBeGreaterThan(2 * SEGMENT_SEC * 0.9);
    for (const file of doc.incidents[0]!.evidence) expect(path.isAbsolute(file)).toBe(true);
  });

  it("rejects an unknown point", async () => {
    const result = await run("npx", ["tsx", "src/cli/main.ts", "scan", "--config", configFile, "--point", "NOPE"]).catch((e: { code: number; stderr: string }) => e);
    expect((result as { code: number }).code).not.toBe(0);
    expect((result as { stderr: string }).stderr).toContain("KERB_ERR_POINT_UNKNOWN");
  });
});
