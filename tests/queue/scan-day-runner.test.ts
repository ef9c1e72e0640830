/**
 * On-demand pre-audit through the in-process queue with the real scan runner:
 * two days of an archive cut from the sample footage, scanned with the real
 * detector one job per point and day, progress published, and the audit's
 * unscanned time filling in. A second request for the same day finds its
 * segments done and scans nothing again.
 */
import path from "node:path";
import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAuditStores } from "../../src/audit/audit-stores.js";
import { auditDeployment } from "../../src/audit/deployment-audit.js";
import { loadDeployment } from "../../src/config/load.js";
import type { Deployment } from "../../src/config/schema.js";
import { indexOnce } from "../../src/footage/index-once.js";
import { SqliteSegmentStore } from "../../src/footage/segment-store.js";
import { logger } from "../../src/log.js";
import { LocalJobQueue } from "../../src/queue/local-job-queue.js";
import { createScanDayRunner } from "../../src/queue/scan-day-runner.js";
import type { QueueEvent } from "../../src/queue/types.js";
import { openDatabase } from "../../src/store/database.js";
import { loopVtest, tempDir } from "../scan/fixtures.js";

const fixture = tempDir("scan-day-runner");
let deployment: Deployment;

beforeAll(() => {
  const archive = path.join(fixture.dir, "archive");
  mkdirSync(archive);
  loopVtest(archive, 1, "J03_20261208T100000.avi");
  loopVtest(archive, 1, "J03_20261209T100000.avi");
  const file = path.join(fixture.dir, "county.yaml");
  writeFileSync(file, `
timezone: Asia/Shanghai
storageDir: ./data
units: [{ id: traffic_police, name: 县公安局交警大队 }]
sampling: { everySec: 5 }
rules: { illegal_parking: { classes: [car, truck, bus], zones: [no_parking], minDwellSec: 30, unit: traffic_police } }
points:
  - id: J03
    name: 人民路与解放路交叉口
    category: main_road
    units: [traffic_police]
    source: { kind: archive, dir: ./archive }
    zones: [{ id: kerb, kind: no_parking, polygon: [[0.80, 0.03], [1.00, 0.03], [1.00, 0.24], [0.80, 0.24]] }]
`);
  deployment = loadDeployment(file);
});
afterAll(() => fixture.cleanup());

describe("pre-audit jobs with the real scan", () => {
  it("scans each point-day, publishes progress, and the audit's unscanned time drops to zero", async () => {
    const window = { fromMs: Date.parse("2026-12-08T00:00:00+08:00"), toMs: Date.parse("2026-12-10T00:00:00+08:00") };
    const db = openDatabase(path.join(deployment.storageDir, "kerbside.db"));
    const runner = createScanDayRunner({ deployment });
    const queue = new LocalJobQueue({ db, runner: runner.run, progressIntervalMs: 0 });
    const events: QueueEvent[] = [];
    queue.subscribe((e) => events.push(e));
    try {
      const request = await queue.enqueue({ pointIds: ["J03"], from: "2026-12-08", to: "2026-12-09" });
      expect(request.jobs).toHaveLength(2);
      queue.start();
      await queue.idle();
      const done = (await queue.get(request.id))!;
      expect(done.jobs.map((j) => j.state)).toEqual(["done", "done"]);
      // 79.5 s of footage each day, a frame every 5 s.
      for (const job of done.jobs) expect(job.frames).toBeGreaterThanOrEqual(15);
      for (const job of done.jobs) expect(job.incidents).toBeGreaterThanOrEqual(1);
      const progress = events.filter((e) => e.kind === "progress");
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.every((e) => e.job.progress >= 0 && e.job.progress <= 1 && e.job.state === "running")).toBe(true);
      expect(Math.max(...progress.map((e) => e.job.progress))).toBeGreaterThan(0.5);

      const stores = openAuditStores(deployment);
      const audit = await auditDeployment(deployment, stores, { window, clipMin: 1 }, Date.now());
      stores.close();
      expect(audit.points[0]!.unscannedMinutes).toBe(0);
      expect(audit.points[0]!.violationMinutes).toBeGreaterThan(1);

      const again = await queue.enqueue({ pointIds: ["J03"], from: "2026-12-08", to: "2026-12-08" });
      await queue.idle();
      const repeat = (await queue.get(again.id))!;
      expect(repeat.jobs[0]!.state).toBe("done");
      expect(repeat.jobs[0]!.frames).toBe(0); // every segment was done already
    } finally {
      await queue.close();
      await runner.close();
      db.close();
    }
  });

  it("footage indexed but not yet scanned shows as unscanned in the audit", async () => {
    const window = { fromMs: Date.parse("2026-12-08T00:00:00+08:00"), toMs: Date.parse("2026-12-10T00:00:00+08:00") };
    const other = { ...deployment, storageDir: path.join(fixture.dir, "fresh") };
    const db = openDatabase(path.join(other.storageDir, "kerbside.db"));
    try {
      await indexOnce(other, new SqliteSegmentStore(db), logger, Date.now());
      const stores = openAuditStores(other);
      const audit = await auditDeployment(other, stores, { window, clipMin: 1 }, Date.now());
      stores.close();
      // Two files of ≈79.5 s each, none scanned.
      expect(audit.points[0]!.unscannedMinutes).toBeCloseTo((2 * 79.5) / 60, 1);
      expect(audit.points[0]!.pUnscanned).toBeGreaterThan(0);
      expect(audit.points[0]!.violationMinutes).toBe(0);
    } finally {
      db.close();
    }
  });
});
