// The footage maintainer across restarts: what a process that died mid-way
// left in the index must not mislabel the footage that follows.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDeployment } from "../../src/config/load.js";
import { FootageService } from "../../src/footage/footage-service.js";
import { SqliteHealthStore } from "../../src/footage/health-store.js";
import { SqliteSegmentStore } from "../../src/footage/segment-store.js";
import { openDatabase } from "../../src/store/database.js";
import { memoryLogger, tempDir, waitFor } from "./helpers.js";

const tmp = tempDir("footage-service");
afterAll(() => tmp.cleanup());
const HOUR = 3_600_000;

describe("FootageService after a crash", () => {
  it("closes the outage a dead process left open, at that process's last health update", async () => {
    mkdirSync(path.join(tmp.dir, "exports"));
    const deployment = parseDeployment(
      {
        storageDir: path.join(tmp.dir, "data"),
        units: [{ id: "u", name: "u" }],
        points: [{ id: "C1", name: "c", category: "junction", units: ["u"], source: { kind: "archive", dir: "exports" } }],
      },
      path.join(tmp.dir, "d.yaml"),
    );
    const db = openDatabase(":memory:");
    const now = Date.now();
    // The previous process saw the camera go offline 3 h ago and died 2 h ago.
    new SqliteSegmentStore(db).openOutage("C1", now - 3 * HOUR, "stream ended");
    new SqliteHealthStore(db).save("C1", { state: "offline", sinceMs: now - 3 * HOUR, lastSegmentAt: null, reconnects: 4, lastError: "stream ended" }, now - 2 * HOUR);
    const footage = new FootageService({ deployment, db, log: memoryLogger().log, retentionSchedule: false, tuning: { archivePollMs: 100 } });
    try {
      footage.start();
      await waitFor(() => footage.health("C1")?.state === "online", 5000, "the source to come up");
      const outages = footage.store.outages("C1", now - 4 * HOUR, now + HOUR);
      expect(outages.map((o) => [o.fromMs, o.toMs])).toEqual([[now - 3 * HOUR, now - 2 * HOUR]]);
      expect(footage.store.coverage("C1", now - 4 * HOUR, now).gaps.map((g) => g.reason)).toEqual(["missing", "offline", "missing"]);
    } finally {
      await footage.close();
      db.close();
    }
  });
});
