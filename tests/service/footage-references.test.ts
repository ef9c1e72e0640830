/**
 * Retention wired to incidents: old footage is deleted unless an incident
 * still needs it (open, or its evidence clip not cut yet); once the incident
 * is closed with its clip, the footage goes like any other.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { applyRetention, DAY_MS } from "../../src/footage/retention.js";
import { SqliteSegmentStore } from "../../src/footage/segment-store.js";
import type { Segment } from "../../src/footage/types.js";
import { SqliteIncidentStore } from "../../src/incidents/sqlite-incident-store.js";
import { logger } from "../../src/log.js";
import type { Episode } from "../../src/rules/types.js";
import { footageReferences } from "../../src/service/footage-references.js";
import { openDatabase, type Db } from "../../src/store/database.js";
import { tempDir } from "./fixtures.js";

const NOW = Date.parse("2026-11-23T04:00:00Z");
const OLD = NOW - 40 * DAY_MS;
const VAN = { x1: 652, y1: 45, x2: 722, y2: 100 };
const fixture = tempDir("service-refs");
let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
});
afterAll(() => fixture.cleanup());

function segment(storageDir: string, name: string, startMs: number): Segment {
  const file = path.join(storageDir, "footage", "P01", "20261014", name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, "footage bytes");
  return { pointId: "P01", path: file, startMs, endMs: startMs + 300_000, sizeBytes: 13, codec: "h264", width: 768, height: 576, fps: 10, status: "ok", error: null, sourceKind: "rtsp" };
}

function episode(startMs: number, endMs: number | null): Episode {
  return {
    key: "illegal_parking:van:1", pointId: "P01", rule: "illegal_parking", zoneId: "van", zoneKind: "no_parking", unit: "traffic_police", label: "truck",
    trackId: 1, startMs, thresholdMs: startMs + 60_000, lastSeenMs: startMs + 120_000, endMs, peakScore: 0.4, firstBox: VAN, thresholdBox: VAN, lastBox: VAN,
  };
}

describe("footage incidents still need", () => {
  it("keeps old footage under an open or clip-less incident and deletes the rest", () => {
    const storageDir = path.join(fixture.dir, "data");
    db = openDatabase(path.join(storageDir, "kerbside.db"));
    const segments = new SqliteSegmentStore(db);
    const incidents = new SqliteIncidentStore(db);
    const open = segments.upsert(segment(storageDir, "open.mkv", OLD));
    const clipless = segments.upsert(segment(storageDir, "clipless.mkv", OLD + DAY_MS));
    const plain = segments.upsert(segment(storageDir, "plain.mkv", OLD + 2 * DAY_MS));
    incidents.recordEpisode(episode(OLD + 10_000, null));
    incidents.recordEpisode({ ...episode(OLD + DAY_MS + 10_000, OLD + DAY_MS + 120_000), key: "illegal_parking:van:2", trackId: 2 });
    const isReferenced = footageReferences(segments, incidents);

    const result = applyRetention(NOW, { store: segments, storageDir, retentionDays: 30, isReferenced, log: logger });
    expect(result.kept.sort()).toEqual([clipless.path, open.path].sort());
    expect(result.deleted).toEqual([plain.path]);
    expect(existsSync(plain.path)).toBe(false);
    expect(existsSync(open.path)).toBe(true);

    // The clip-less incident gets its clip: its footage is no longer held.
    const [closed] = incidents.list({ pointId: "P01", fromMs: OLD + DAY_MS });
    incidents.addEvidence(closed!.id, { kind: "clip", path: "evidence/P01/x/clip.mkv", sha256: "0".repeat(64), bytes: 1, atMs: closed!.thresholdMs });
    expect(isReferenced(clipless.path)).toBe(false);
    expect(isReferenced(open.path)).toBe(true);
    expect(isReferenced(path.join(storageDir, "not-indexed.mkv"))).toBe(false);
  });
});
