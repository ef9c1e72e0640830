// The footage maintainer across restarts: what a process that died mid-way
// left in the index must not mislabel the footage that follows.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDeployment } from "../../src/config/load.js";
import { FootageService } from "../../src/footage/footage-service.js";
import { SqliteHealthStore } from "../../src/footage/health-store.js";
import { SqliteSegmentStore } from "../../src/footage/segment-store.js";
import { openDatabase } from "../../src/store/database.js";
import { memoryLogger, SAMPLE, tempDir, waitFor } from "./helpers.js";

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

describe("FootageService with a point that cannot start", () => {
  it("reports that point (named, offline with the reason) and starts the others", async () => {
    const storageDir = path.join(tmp.dir, "broken");
    mkdirSync(path.join(storageDir, "footage"), { recursive: true });
    // Something else took the name of B1's footage folder: its recorder cannot create it.
    writeFileSync(path.join(storageDir, "footage", "B1"), "not a folder");
    mkdirSync(path.join(tmp.dir, "exports-b2"));
    const deployment = parseDeployment(
      {
        storageDir,
        units: [{ id: "u", name: "u" }],
        points: [
          { id: "B1", name: "b1", category: "junction", units: ["u"], source: { kind: "file", path: SAMPLE, live: true, segmentSec: 2 } },
          { id: "B2", name: "b2", category: "junction", units: ["u"], source: { kind: "archive", dir: "exports-b2" } },
        ],
      },
      path.join(tmp.dir, "d.yaml"),
    );
    const db = openDatabase(":memory:");
    const { log, lines } = memoryLogger();
    const footage = new FootageService({ deployment, db, log, retentionSchedule: false, tuning: { archivePollMs: 100 } });
    try {
      footage.start();
      await waitFor(() => footage.health("B2")?.state === "online", 5000, "the other point to start");
      expect(footage.healthStore.get("B1")).toMatchObject({ state: "offline", lastError: expect.stringMatching(/ENOTDIR|not a directory/i) });
      expect(lines.some((l) => l.includes('"point":"B1"') && l.includes("cannot start"))).toBe(true);
    } finally {
      await footage.close();
      db.close();
    }
  });
});
