// The SegmentStore conformance suite; the SQLite backend runs it on a fresh
// database per test (file-backed, as in production).
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteSegmentStore, type SegmentStore } from "../../src/footage/segment-store.js";
import { SqliteHealthStore } from "../../src/footage/health-store.js";
import type { Segment } from "../../src/footage/types.js";
import { openDatabase } from "../../src/store/database.js";
import { tempDir } from "./helpers.js";

const T0 = Date.parse("2026-12-08T00:00:00Z");
const MIN = 60_000;

function seg(pointId: string, startMin: number, endMin: number, extra: Partial<Segment> = {}): Segment {
  return {
    pointId,
    path: `/footage/${pointId}/${startMin}.mkv`,
    startMs: T0 + startMin * MIN,
    endMs: T0 + endMin * MIN,
    sizeBytes: 1000,
    codec: "h264",
    width: 1920,
    height: 1080,
    fps: 25,
    status: "ok",
    error: null,
    sourceKind: "rtsp",
    ...extra,
  };
}

describe("SqliteSegmentStore", () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: SegmentStore;
  let dbFile: string;

  beforeEach(() => {
    tmp = tempDir("segments");
    dbFile = path.join(tmp.dir, "kerbside.db");
    store = new SqliteSegmentStore(openDatabase(dbFile), true);
  });
  afterEach(() => {
    store.close();
    store.close();
    tmp.cleanup();
  });

  it("upserts by path and lists by point and time range", () => {
    store.upsert(seg("J01", 0, 5));
    store.upsert(seg("J01", 5, 10));
    store.upsert(seg("J02", 0, 5));
    store.upsert(seg("J01", 0, 6));
    expect(store.get("/footage/J01/0.mkv")?.endMs).toBe(T0 + 6 * MIN);
    expect(store.list({ pointId: "J01" }).map((s) => s.path)).toEqual(["/footage/J01/0.mkv", "/footage/J01/5.mkv"]);
    expect(store.list({ pointId: "J01", fromMs: T0 + 7 * MIN, toMs: T0 + 8 * MIN }).map((s) => s.path)).toEqual(["/footage/J01/5.mkv"]);
    expect(store.list({ toMs: T0 + 1 }).length).toBe(2);
    expect(store.list({ limit: 1 }).length).toBe(1);
    expect(store.pointIds()).toEqual(["J01", "J02"]);
  });

  it("marks unreadable and filters by status", () => {
    store.upsert(seg("J01", 0, 5));
    store.markUnreadable("/footage/J01/0.mkv", "moov atom not found");
    expect(store.list({ status: "unreadable" })).toMatchObject([{ status: "unreadable", error: "moov atom not found" }]);
    expect(store.list({ status: "ok" })).toEqual([]);
  });

  it("deletes older than a cutoff, sparing what `keep` protects", () => {
    store.upsert(seg("J01", 0, 5));
    store.upsert(seg("J01", 5, 10));
    store.upsert(seg("J01", 10, 15));
    const deleted = store.deleteOlderThan(T0 + 11 * MIN, (s) => s.path.endsWith("/5.mkv"));
    expect(deleted.map((s) => s.path)).toEqual(["/footage/J01/0.mkv"]);
    expect(store.list().map((s) => s.path)).toEqual(["/footage/J01/5.mkv", "/footage/J01/10.mkv"]);
  });

  it("records outages and labels coverage gaps with them", () => {
    store.upsert(seg("J01", 0, 5));
    store.openOutage("J01", T0 + 5 * MIN, "Connection refused");
    store.closeOutage("J01", T0 + 8 * MIN);
    store.upsert(seg("J01", 10, 15));
    store.openOutage("J01", T0 + 15 * MIN, "timeout");
    const c = store.coverage("J01", T0, T0 + 20 * MIN);
    expect(c.coveredSec).toBe(10 * 60);
    expect(c.gaps).toEqual([
      { fromMs: T0 + 5 * MIN, toMs: T0 + 8 * MIN, reason: "offline" },
      { fromMs: T0 + 8 * MIN, toMs: T0 + 10 * MIN, reason: "missing" },
      { fromMs: T0 + 15 * MIN, toMs: T0 + 20 * MIN, reason: "offline" },
    ]);
    expect(store.outages("J01", T0, T0 + 20 * MIN).map((o) => o.reason)).toEqual(["Connection refused", "timeout"]);
    expect(store.deleteOutagesBefore(T0 + 9 * MIN)).toBe(1);
  });

  it("persists across reopen, with camera health in the same file", () => {
    store.upsert(seg("J01", 0, 5));
    new SqliteHealthStore(openDatabase(dbFile)).save("J01", { state: "offline", sinceMs: T0, lastSegmentAt: T0 + 5 * MIN, reconnects: 3, lastError: "boom" }, T0);
    store.close();
    const db = openDatabase(dbFile);
    const reopened = new SqliteSegmentStore(db);
    expect(reopened.list()).toHaveLength(1);
    expect(new SqliteHealthStore(db).get("J01")).toMatchObject({ state: "offline", reconnects: 3, lastError: "boom", lastSegmentAt: T0 + 5 * MIN });
    db.close();
  });
});
