/**
 * Dwell carried over a restart, through the real service on real footage: a
 * point replays the sample clip live (the white van parked in a no-parking
 * zone all along). The first run raises the incident live; the service is
 * stopped mid-episode and a new one started on the same storage. The new
 * run continues the same incident within a few frames — not a whole dwell
 * later, as a tracker counting from zero would — with its original start
 * and threshold (the archive scan of the first run's last segment may
 * refine them earlier, never later), still open, and the restart's blind
 * time kept as unseen.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDeployment } from "../../src/config/load.js";
import type { Deployment } from "../../src/config/schema.js";
import type { Incident } from "../../src/incidents/types.js";
import { KerbsideService } from "../../src/service/kerbside-service.js";
import { memoryLogger, tempDir, waitFor } from "../footage/helpers.js";
import { encodeH264, VAN_ZONE } from "../service/fixtures.js";

// Long enough that the new run's start-up (model load, first frames) is clearly shorter than a dwell counted again.
const DWELL_SEC = 40;
const EVERY_SEC = 2;
const tmp = tempDir("live-restart");
let deployment: Deployment;

beforeAll(() => {
  const clip = encodeH264(path.join(tmp.dir, "camera.mp4"), 30);
  deployment = parseDeployment({
    storageDir: path.join(tmp.dir, "data"), timezone: "Asia/Shanghai", detector: { threads: 1 },
    units: [{ id: "traffic_police", name: "交警大队" }],
    rules: { illegal_parking: { classes: ["car", "truck", "bus"], zones: ["no_parking"], minDwellSec: DWELL_SEC, unit: "traffic_police" } },
    sampling: { everySec: EVERY_SEC },
    points: [{
      id: "L01", name: "测试点位", category: "main_road", units: ["traffic_police"],
      // No segment closes during the test: what continues the incident after the restart is live detection alone.
      source: { kind: "file", path: clip, live: true, loop: true, segmentSec: 600 },
      zones: [{ id: "van", name: "楼前禁停区", kind: "no_parking", polygon: JSON.parse(VAN_ZONE) as [number, number][] }],
    }],
  }, path.join(tmp.dir, "kerbside.yaml"));
});
afterAll(() => tmp.cleanup());

function startService() {
  const memory = memoryLogger();
  const frames: number[] = [];
  // Every live frame sampled (detected or not): the capture time of the new run's first one.
  const latestFrames = { put: (_pointId: string, f: { timeMs: number }) => void frames.push(f.timeMs) };
  const service = new KerbsideService({ deployment, log: memory.log, sweepMs: 0, retentionSchedule: false, latestFrames, tuning: { stopTimeoutMs: 4000 } });
  const created: Incident[] = [];
  const updated: Incident[] = [];
  service.bus.on("incident.created", (i) => void created.push(i));
  service.bus.on("incident.updated", (i) => void updated.push(i));
  service.start();
  return { service, created, updated, frames, lines: memory.lines };
}

describe("live detection across a restart", () => {
  it("continues the open incident at once, with its original start and dwell, instead of counting the dwell again", async () => {
    const first = startService();
    let before: Incident;
    try {
      const opened = await waitFor(() => first.created[0], 150_000, "the live incident of the first run");
      // One more live sighting after the threshold: the van is still there when the service stops.
      await waitFor(() => first.updated.find((i) => i.id === opened.id && i.lastSeenMs > opened.thresholdMs), 60_000, "a later live sighting");
    } finally {
      await first.service.close();
    }
    const restartMs = Date.now();
    const second = startService();
    try {
      before = second.service.incidents.list({ pointId: "L01" })[0]!;
      expect(before.endMs).toBeNull();
      const continued = await waitFor(() => second.updated.find((i) => i.lastSeenMs >= restartMs), 150_000, "the incident continued live after the restart");
      const firstFrameMs = Math.min(...second.frames);
      // Frame times, not wall clock: counted from zero, the first continuation could come no sooner than a whole dwell after the first frame.
      expect(continued.lastSeenMs - firstFrameMs).toBeLessThan(DWELL_SEC * 1000);
      // The start stays (the archive scan of the first run's last segment may only refine it earlier, whichever comes first).
      expect(continued).toMatchObject({ id: before.id, endMs: null });
      expect(continued.startMs).toBeLessThanOrEqual(before.startMs);
      expect(continued.thresholdMs).toBeLessThanOrEqual(before.thresholdMs);
      expect(second.lines.some((l) => l.includes("live dwell resumed"))).toBe(true);
      // It goes on being followed: a later sighting, still open, still the one incident.
      const later = await waitFor(() => second.updated.find((i) => i.lastSeenMs >= continued.lastSeenMs + EVERY_SEC * 1000), 60_000, "a later sighting");
      expect(later).toMatchObject({ id: before.id, endMs: null });
      expect(later.startMs).toBeLessThanOrEqual(before.startMs);
      expect(second.created).toEqual([]);
      const all = second.service.incidents.list({ pointId: "L01" });
      expect(all.map((i) => i.id)).toEqual([before.id]);
      // The restart's blind time is no violation time, unless recorded footage scanned since covers it
      // (the first run's last segment can end later than its last live frame; either path may come first).
      const blind = { fromMs: restartMs, toMs: firstFrameMs };
      const recorded = second.service.footage.store.list({ pointId: "L01" }).some((s) => s.startMs < blind.toMs && s.endMs > blind.fromMs);
      if (!recorded) expect(all[0]!.unseenSec).toBeGreaterThan(0);
      expect(all[0]!.unseenSec).toBeGreaterThanOrEqual(0);
    } finally {
      await second.service.close();
    }
  }, 400_000);
});
