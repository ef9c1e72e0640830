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
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../src/config/schema.js";
import type { Incident } from "../../src/incidents/types.js";
import { tempDir, waitFor } from "../footage/helpers.js";
import { restartDeployment, startRestartService } from "./restart-fixture.js";

// Long enough that the new run's start-up (model load, first frames) is clearly shorter than a dwell counted again.
const DWELL_SEC = 40;
const EVERY_SEC = 2;
const tmp = tempDir("live-restart");
let deployment: Deployment;

beforeAll(() => {
  deployment = restartDeployment(tmp.dir, DWELL_SEC, EVERY_SEC);
});
afterAll(() => tmp.cleanup());

const startService = () => startRestartService(deployment);

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
