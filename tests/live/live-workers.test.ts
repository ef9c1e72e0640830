/**
 * Live detection on a detector of two workers, through the real service:
 * two points replay the sample footage live at 2 s on a detector that is the
 * real model plus 1.5 s per frame, twice. One worker could not keep up (two
 * points at 2 s ask for 1 frame/s; live/live-degradation shows the stretch);
 * two workers serving side by side can, so neither point is degraded, both
 * get their frames at 2 s, and frames are on both workers at once.
 */
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDeployment } from "../../src/config/load.js";
import { startDetectorPool } from "../../src/detect/detector-pool.js";
import type { Detector } from "../../src/detect/types.js";
import { createWorkerDetector } from "../../src/detect/worker-detector.js";
import { SqliteLiveHealthStore } from "../../src/live/live-health-store.js";
import type { LiveHealth } from "../../src/live/types.js";
import { KerbsideService } from "../../src/service/kerbside-service.js";
import { openDatabase } from "../../src/store/database.js";
import { memoryLogger, tempDir, waitFor } from "../footage/helpers.js";
import { encodeH264, VAN_ZONE } from "../service/fixtures.js";

const tmp = tempDir("live-workers");
afterAll(() => tmp.cleanup());

/** When each request was on which worker. */
const spans: { worker: number; fromMs: number; toMs: number }[] = [];

async function slowWorker(worker: number): Promise<Detector> {
  const real = await createWorkerDetector({ threads: 1 });
  return {
    card: real.card,
    async detect(frame, options) {
      const fromMs = performance.now();
      const found = await real.detect(frame, options);
      await new Promise((r) => setTimeout(r, 1500));
      spans.push({ worker, fromMs, toMs: performance.now() });
      return found;
    },
    close: () => real.close(),
  };
}

function healthOf(file: string, pointId: string): LiveHealth | undefined {
  const db = openDatabase(file);
  try {
    return new SqliteLiveHealthStore(db).get(pointId);
  } finally {
    db.close();
  }
}

describe("live detection on two detector workers", () => {
  it("keeps both points at their interval where one worker would degrade them, with frames on both workers at once", async () => {
    const clip = encodeH264(path.join(tmp.dir, "camera.mp4"), 30);
    const zones = [{ id: "van", kind: "no_parking", polygon: JSON.parse(VAN_ZONE) as [number, number][] }];
    const source = { kind: "file", path: clip, live: true, loop: true, segmentSec: 300 };
    const deployment = parseDeployment({
      storageDir: path.join(tmp.dir, "data"), timezone: "Asia/Shanghai", detector: { threads: 1, workers: 2 },
      units: [{ id: "traffic_police", name: "交警大队" }],
      rules: { illegal_parking: { classes: ["car", "truck", "bus"], zones: ["no_parking"], minDwellSec: 20, unit: "traffic_police" } },
      sampling: { everySec: 2 },
      points: [
        { id: "J01", name: "人民路路口", category: "junction", units: ["traffic_police"], source, zones },
        { id: "M01", name: "解放路", category: "main_road", units: ["traffic_police"], source, zones },
      ],
    }, path.join(tmp.dir, "kerbside.yaml"));
    let n = 0;
    const service = new KerbsideService({
      deployment, log: memoryLogger().log, sweepMs: 0, retentionSchedule: false, liveDetection: true,
      createDetector: () => startDetectorPool(2, () => slowWorker(n++)),
      tuning: { stopTimeoutMs: 4000 },
    });
    service.start();
    try {
      // Past the first plans (every 5 s) with a measured service time: both points detected many times, neither degraded.
      const settled = await waitFor(() => {
        const both = ["J01", "M01"].map((id) => healthOf(service.databaseFile, id));
        return both.every((h) => h && h.detected >= 12) ? both : undefined;
      }, 150_000, "both points detected a dozen times");
      for (const h of settled) expect(h).toMatchObject({ state: "detecting", degraded: false, nominalSec: 2, everySec: 2 });
      const overlapping = spans.some((a) => spans.some((b) => a.worker !== b.worker && a.fromMs < b.toMs && b.fromMs < a.toMs));
      expect(overlapping).toBe(true);
      expect(new Set(spans.map((s) => s.worker))).toEqual(new Set([0, 1]));
    } finally {
      await service.close();
    }
  }, 240_000);
});
