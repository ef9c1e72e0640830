// Retention under a controlled clock: real files in a temp storage dir.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyRetention, scheduleRetention } from "../../src/footage/retention.js";
import { segmentPath } from "../../src/footage/layout.js";
import { SqliteSegmentStore } from "../../src/footage/segment-store.js";
import type { Segment } from "../../src/footage/types.js";
import { openDatabase } from "../../src/store/database.js";
import { memoryLogger, tempDir } from "./helpers.js";

const DAY = 86_400_000;
const NOW = Date.parse("2026-12-31T04:00:00Z");
const TZ = "Asia/Shanghai";

describe("applyRetention", () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: SqliteSegmentStore;

  beforeEach(() => {
    tmp = tempDir("retention");
    store = new SqliteSegmentStore(openDatabase(":memory:"), true);
  });
  afterEach(() => {
    store.close();
    tmp.cleanup();
  });

  function recorded(pointId: string, startMs: number): Segment {
    const file = segmentPath(tmp.dir, pointId, startMs, TZ, "mkv");
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, "segment bytes");
    return store.upsert({
      pointId, path: file, startMs, endMs: startMs + 300_000, sizeBytes: 13, codec: "h264",
      width: 1, height: 1, fps: 25, status: "ok", error: null, sourceKind: "rtsp",
    });
  }

  it("deletes footage older than the window with its rows, keeps referenced paths and evidence", () => {
    const old = recorded("J01", NOW - 31 * DAY);
    const referenced = recorded("J01", NOW - 40 * DAY);
    const edge = recorded("J01", NOW - 30 * DAY - 100_000);
    const fresh = recorded("J01", NOW - 29 * DAY);
    const external = path.join(tmp.dir, "exports", "R04_20261101T080000.mp4");
    mkdirSync(path.dirname(external), { recursive: true });
    writeFileSync(external, "export");
    store.upsert({ ...old, path: external, sourceKind: "archive" });
    const evidenceFile = path.join(tmp.dir, "evidence", "inc-1", "first.jpg");
    mkdirSync(path.dirname(evidenceFile), { recursive: true });
    writeFileSync(evidenceFile, "jpeg");
    store.upsert({ ...old, path: evidenceFile });
    store.openOutage("J01", NOW - 35 * DAY, "offline");
    store.closeOutage("J01", NOW - 34 * DAY);

    const { log, lines } = memoryLogger();
    const result = applyRetention(NOW, {
      store, storageDir: tmp.dir, retentionDays: 30, log, isReferenced: (p) => p === referenced.path,
    });

    expect(result.cutoffMs).toBe(NOW - 30 * DAY);
    expect(result.deleted.sort()).toEqual([old.path, external].sort());
    expect(result.kept.sort()).toEqual([referenced.path, evidenceFile].sort());
    expect(existsSync(old.path)).toBe(false);
    expect(existsSync(path.dirname(old.path))).toBe(false);
    expect(existsSync(referenced.path)).toBe(true);
    expect(existsSync(edge.path)).toBe(true);
    expect(existsSync(fresh.path)).toBe(true);
    expect(existsSync(external)).toBe(true);
    expect(existsSync(evidenceFile)).toBe(true);
    expect(store.list().map((s) => s.path).sort()).toEqual([referenced.path, edge.path, fresh.path, evidenceFile].sort());
    expect(result.outagesDeleted).toBe(1);
    expect(lines.some((l) => l.includes("retention applied"))).toBe(true);

    const later = applyRetention(NOW + DAY / 2, { store, storageDir: tmp.dir, retentionDays: 30, log });
    expect(later.deleted).toEqual(expect.arrayContaining([edge.path, referenced.path]));
    expect(existsSync(edge.path)).toBe(false);
    expect(existsSync(fresh.path)).toBe(true);
    expect(existsSync(evidenceFile)).toBe(true);
  });

  it("keeps a segment when the incident check fails for it (never deletes on doubt) and goes on with the others", () => {
    const doubtful = recorded("J01", NOW - 33 * DAY);
    const old = recorded("J01", NOW - 32 * DAY);
    const { log, lines } = memoryLogger();
    const result = applyRetention(NOW, {
      store, storageDir: tmp.dir, retentionDays: 30, log,
      isReferenced: (p) => {
        if (p === doubtful.path) throw new Error("SQLITE_BUSY: database is locked");
        return false;
      },
    });
    expect(result.deleted).toEqual([old.path]);
    expect(result.kept).toEqual([doubtful.path]);
    expect(result.failed).toEqual([{ path: doubtful.path, error: expect.stringContaining("SQLITE_BUSY") }]);
    expect(existsSync(doubtful.path)).toBe(true);
    expect(lines.some((l) => l.includes("retention applied"))).toBe(true);
  });

  it("schedules with node-cron and closes idempotently", async () => {
    const { log } = memoryLogger();
    const job = scheduleRetention({ store, storageDir: tmp.dir, retentionDays: 30, log }, "* * * * * *", () => NOW);
    await job.close();
    await job.close();
  });
});
