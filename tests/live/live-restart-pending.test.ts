/**
 * A dwell still under way across a restart, through the real service on
 * real footage: the sample clip replays live with the white van parked in a
 * no-parking zone. The service is stopped while the van's dwell is still
 * below its threshold, and a new one started on the same storage. The new
 * run reports the van once the dwell counted from the FIRST run's sighting
 * reaches the threshold — sooner than a whole dwell after its first frame,
 * as a tracker counting from zero would — with that start, and the blind
 * time of the restart unseen.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deployment } from "../../src/config/schema.js";
import { SqlitePendingDwellStore } from "../../src/live/pending-dwell-store.js";
import type { PendingDwell } from "../../src/rules/episode-book.js";
import { openDatabase } from "../../src/store/database.js";
import { tempDir, waitFor } from "../footage/helpers.js";
import { restartDeployment, startRestartService } from "./restart-fixture.js";

// Long enough that a dwell counted from zero after the restart is clearly later than one carried over.
const DWELL_SEC = 60;
const EVERY_SEC = 2;
/** How much dwell the first run has built up when it stops. */
const CARRIED_SEC = 20;
const tmp = tempDir("live-restart-pending");
let deployment: Deployment;

beforeAll(() => {
  deployment = restartDeployment(tmp.dir, DWELL_SEC, EVERY_SEC);
});
afterAll(() => tmp.cleanup());

const startService = () => startRestartService(deployment);

/** The van's dwell as the running service last saved it (read through a second connection, as another process would). */
function savedDwell(file: string): PendingDwell | undefined {
  const db = openDatabase(file);
  try {
    return new SqlitePendingDwellStore(db).list("L01").find((d) => d.rule === "illegal_parking");
  } finally {
    db.close();
  }
}

describe("a dwell under way across a restart", () => {
  it("is carried on from the first run's sighting instead of counted from zero", async () => {
    const first = startService();
    let carried: PendingDwell;
    try {
      carried = await waitFor(() => {
        const d = savedDwell(first.service.databaseFile);
        return d && d.lastSeenMs - d.startMs >= CARRIED_SEC * 1000 ? d : undefined;
      }, 150_000, "the van's dwell under way in the first run");
      expect(first.created).toEqual([]);
    } finally {
      await first.service.close();
    }
    const restartMs = Date.now();
    const second = startService();
    try {
      const opened = await waitFor(() => second.created[0], 150_000, "the van reported after the restart");
      const firstFrameMs = Math.min(...second.frames);
      expect(second.lines.some((l) => l.includes("live dwell resumed from a dwell under way"))).toBe(true);
      // Counted from zero, the threshold could come no sooner than a whole dwell after the new run's first frame.
      expect(opened.thresholdMs - firstFrameMs).toBeLessThan(DWELL_SEC * 1000);
      expect(opened.startMs).toBeLessThanOrEqual(carried.startMs);
      expect(opened.thresholdMs - opened.startMs).toBeGreaterThanOrEqual(DWELL_SEC * 1000);
      expect(opened.endMs).toBeNull();
      expect(second.service.incidents.list({ pointId: "L01" })).toHaveLength(1);
      // The restart's blind time is no violation time, unless recorded footage scanned since covers it.
      const blind = { fromMs: restartMs, toMs: firstFrameMs };
      const recorded = second.service.footage.store.list({ pointId: "L01" }).some((s) => s.startMs < blind.toMs && s.endMs > blind.fromMs);
      if (!recorded) expect(opened.unseenSec).toBeGreaterThan(0);
    } finally {
      await second.service.close();
    }
  }, 400_000);
});
