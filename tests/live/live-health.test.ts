// Live health as `kerbside footage status` shows it: persisted per point in
// a fresh SQLite file, read back, listed beside camera health and formatted.
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDeployment } from "../../src/config/load.js";
import { SqliteHealthStore } from "../../src/footage/health-store.js";
import { SqliteSegmentStore } from "../../src/footage/segment-store.js";
import { footageStatus, formatStatus } from "../../src/footage/status.js";
import { SqliteLiveHealthStore } from "../../src/live/live-health-store.js";
import type { LiveHealth } from "../../src/live/types.js";
import { openDatabase } from "../../src/store/database.js";
import { tempDir } from "../footage/helpers.js";

const tmp = tempDir("live-health");
afterAll(() => tmp.cleanup());

describe("live health in footage status", () => {
  it("is saved, read back and shown as the detect line with lag, intervals and degradation", () => {
    const deployment = parseDeployment({
      storageDir: tmp.dir, units: [{ id: "u", name: "交警" }],
      points: [
        { id: "J01", name: "路口", category: "junction", units: ["u"], source: { kind: "rtsp", url: "rtsp://admin:secret@10.0.0.1/main", detectUrl: "rtsp://admin:secret@10.0.0.1/sub" } },
        { id: "A01", name: "导出", category: "main_road", units: ["u"], source: { kind: "archive", dir: tmp.dir } },
      ],
    }, path.join(tmp.dir, "k.yaml"));
    const db = openDatabase(path.join(tmp.dir, "kerbside.db"));
    try {
      const live = new SqliteLiveHealthStore(db);
      const now = Date.parse("2026-12-08T09:00:05Z");
      const health: LiveHealth = {
        pointId: "J01", state: "detecting", lastDetectedMs: now - 1400, lagMs: 1400, nominalSec: 2, everySec: 4, degraded: true,
        detected: 120, dropped: 3, reconnects: 1, lastError: null, updatedMs: now,
      };
      live.save(health);
      expect(live.get("J01")).toEqual(health);
      live.save({ ...health, state: "waiting", lastError: "stream ended" });
      expect(live.get("J01")?.state).toBe("waiting");
      live.save(health);

      const statuses = footageStatus(deployment, new SqliteSegmentStore(db), new SqliteHealthStore(db), now, { live });
      expect(statuses.find((s) => s.pointId === "J01")?.detection).toEqual(health);
      expect(statuses.find((s) => s.pointId === "A01")?.detection).toBeNull();
      const text = formatStatus(statuses, "Asia/Shanghai");
      expect(text).toContain("detect:   detecting, lag 1.4 s, every 4 s (degraded from 2 s), 120 frames, 3 dropped, reported 2026-12-08 17:00:05");
      expect(text).toContain("detect rtsp://***:***@10.0.0.1/sub");
      expect(text).not.toContain("secret");
    } finally {
      db.close();
    }
  });
});
