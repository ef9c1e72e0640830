/**
 * "Live detection on the main node always comes first", through the real
 * service: one point replays the sample footage live at 2 s while the main
 * node's one detector is busy with backfill — an archive point's footage
 * being scanned, plus a pre-audit's worth of frames queued on the backfill
 * lane (the lane the board's pre-audit runner scans with). Every live frame
 * waits at most behind the one backfill frame already on the detector: no
 * backfill frame starts while a live frame waits, and live frames wait far
 * less than backfill frames do.
 */
import { copyFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDeployment } from "../../src/config/load.js";
import type { ServedRequest } from "../../src/detect/priority-detector.js";
import type { Detection, RgbFrame } from "../../src/detect/types.js";
import { KerbsideService } from "../../src/service/kerbside-service.js";
import { vtestFrame } from "../detect/fixtures/frames.js";
import { memoryLogger, tempDir, waitFor } from "../footage/helpers.js";
import { archiveName, cutClip, encodeH264, mkdir, VAN_ZONE } from "../service/fixtures.js";

const tmp = tempDir("live-first");
afterAll(() => tmp.cleanup());

let clip = "";
beforeAll(() => {
  clip = encodeH264(path.join(tmp.dir, "camera.mp4"), 30);
});

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

describe("live first on the main node's detector", () => {
  it("serves live frames ahead of queued backfill work: never behind more than the one backfill frame in flight", async () => {
    const dataDir = path.join(tmp.dir, "data");
    const archive = mkdir(path.join(tmp.dir, "archive"));
    const zones = [{ id: "van", kind: "no_parking", polygon: JSON.parse(VAN_ZONE) as [number, number][] }];
    const deployment = parseDeployment({
      storageDir: dataDir, timezone: "Asia/Shanghai", detector: { threads: 1 },
      units: [{ id: "traffic_police", name: "交警大队" }],
      rules: { illegal_parking: { classes: ["car", "truck", "bus"], zones: ["no_parking"], minDwellSec: 20, unit: "traffic_police" } },
      sampling: { everySec: 2 },
      points: [
        { id: "J01", name: "路口", category: "junction", units: ["traffic_police"], source: { kind: "file", path: clip, live: true, loop: true, segmentSec: 600 }, zones },
        { id: "B01", name: "存档", category: "main_road", units: ["traffic_police"], source: { kind: "archive", dir: archive }, zones },
      ],
    }, path.join(tmp.dir, "kerbside.yaml"));
    const service = new KerbsideService({ deployment, log: memoryLogger().log, sweepMs: 0, retentionSchedule: false, tuning: { archivePollMs: 200 } });
    const served: ServedRequest[] = [];
    service.onDetectorServed((r) => void served.push(r));
    let flooding = true;
    const flood: Promise<Detection[]>[] = [];
    try {
      service.start();
      // Old footage to scan (30 s of vtest.avi), and a pre-audit's frames queued on the backfill lane.
      copyFileSync(cutClip(path.join(tmp.dir, "old.avi"), 30), path.join(archive, archiveName("B01", Date.now() - 6 * 3_600_000)));
      const backfill = await service.backfillDetector();
      const frame: RgbFrame = vtestFrame(20, backfill.card.input);
      const topUp = (): void => {
        while (flooding && flood.length - served.filter((r) => r.priority === "backfill").length < 6) flood.push(backfill.detect({ ...frame, data: frame.data.slice() }));
      };
      const timer = setInterval(topUp, 50);
      try {
        await waitFor(() => served.filter((r) => r.priority === "live" && r.wentAheadOf > 0).length >= 8, 180_000, "eight live frames served while backfill waited");
        await waitFor(() => service.scans.statsFor("B01").scanned.length > 0, 180_000, "the old footage scanned meanwhile");
      } finally {
        clearInterval(timer);
        flooding = false;
      }
      await Promise.allSettled(flood);
    } finally {
      await service.close();
    }
    const live = served.filter((r) => r.priority === "live");
    const backfill = served.filter((r) => r.priority === "backfill");
    expect(backfill.length).toBeGreaterThan(20);
    for (const r of live) {
      expect(r.overtakenBy, "backfill frames started while a live frame waited").toBe(0);
      expect(r.behindInFlight, "frames already on the detector when a live frame came").toBeLessThanOrEqual(1);
    }
    // It really went ahead of a queue: the backlog was there when live frames came.
    expect(Math.max(...live.map((r) => r.wentAheadOf))).toBeGreaterThanOrEqual(4);
    // A live frame waits for at most the frame in flight; a backfill frame for the queue ahead of it.
    const liveWait = Math.max(...live.map((r) => r.waitMs));
    const detectMax = Math.max(...served.map((r) => r.detectMs));
    expect(liveWait).toBeLessThanOrEqual(detectMax + 500);
    expect(liveWait).toBeLessThan(median(backfill.map((r) => r.waitMs)));
  }, 300_000);
});
