// The SegmentStore conformance suite: any backend must pass it. The SQLite
// backend runs it in segment-store.test.ts.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SegmentStore } from "../../src/footage/segment-store.js";
import type { Segment } from "../../src/footage/types.js";

const T0 = Date.parse("2026-12-08T00:00:00Z");
const MIN = 60_000;

export function seg(pointId: string, startMin: number, endMin: number, extra: Partial<Segment> = {}): Segment {
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

export { T0, MIN };

export function segmentStoreContract(name: string, open: () => { store: SegmentStore; cleanup: () => void }): void {
  describe(`SegmentStore contract: ${name}`, () => {
    let store: SegmentStore;
    let cleanup: () => void;

    beforeEach(() => {
      ({ store, cleanup } = open());
    });
    afterEach(() => {
      store.close();
      store.close();
      cleanup();
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

    it("an unreadable export of unknown length that began long before the range still claims its time", () => {
      // A corrupt 3-hour NVR export from 08:00 (duration unknown), the next file at 11:00; the range starts at 10:00.
      store.upsert(seg("J01", 0, 0, { status: "unreadable", error: "Invalid data found when processing input" }));
      store.upsert(seg("J01", 180, 240));
      const c = store.coverage("J01", T0 + 120 * MIN, T0 + 240 * MIN);
      expect(c.gaps).toEqual([{ fromMs: T0 + 120 * MIN, toMs: T0 + 180 * MIN, reason: "unreadable" }]);
    });
  });
}
