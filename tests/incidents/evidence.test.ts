/**
 * The evidence collector on real footage with the real SQLite incident store:
 * which files it makes at which moments, hashes, relative paths, and that
 * nothing is collected twice.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Zone } from "../../src/config/schema.js";
import { IncidentBus } from "../../src/incidents/bus.js";
import { EvidenceCollector, type EvidenceContext } from "../../src/incidents/evidence.js";
import { PublishingIncidentStore } from "../../src/incidents/publishing-store.js";
import { SqliteIncidentStore } from "../../src/incidents/sqlite-incident-store.js";
import type { Episode } from "../../src/rules/types.js";
import { openDatabase } from "../../src/store/database.js";
import { VTEST, encodeVtest, tempDir } from "../scan/fixtures.js";

const fixture = tempDir("evidence");

function probeVideo(file: string): Record<string, unknown> {
  const out = execFileSync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,pix_fmt,width,height", "-of", "json", file], { encoding: "utf8" });
  return (JSON.parse(out) as { streams: Record<string, unknown>[] }).streams[0]!;
}

function probeFormat(file: string): Record<string, unknown> {
  return (JSON.parse(execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "json", file], { encoding: "utf8" })) as { format: Record<string, unknown> }).format;
}
const START = Date.parse("2026-12-08T08:00:00+08:00");
const VAN = { x1: 652, y1: 45, x2: 722, y2: 100 };
const ZONE: Zone = { id: "van", name: "禁停区", kind: "no_parking", polygon: [[0.8, 0.03], [0.95, 0.03], [0.95, 0.24], [0.8, 0.24]] };
let h264 = "";

beforeAll(() => {
  h264 = encodeVtest(fixture.dir, { codec: "h264", seconds: 30, gopFrames: 20, name: "P01_20261208T080000.mp4" });
});
afterAll(() => fixture.cleanup());

function episode(overrides: Partial<Episode> = {}): Episode {
  return {
    key: "illegal_parking:van:1", pointId: "P01", rule: "illegal_parking", zoneId: "van", zoneKind: "no_parking", unit: "traffic_police",
    label: "truck", trackId: 1, startMs: START + 2000, thresholdMs: START + 12_000, lastSeenMs: START + 12_000, endMs: null, peakScore: 0.6,
    firstBox: VAN, thresholdBox: VAN, lastBox: VAN, ...overrides,
  };
}

function setup(name: string, footage: string): { store: PublishingIncidentStore; collector: EvidenceCollector; root: string; events: string[] } {
  const root = path.join(fixture.dir, name);
  const bus = new IncidentBus();
  const events: string[] = [];
  bus.on("incident.updated", (i) => void events.push(`updated:${i.evidence.length}`));
  const store = new PublishingIncidentStore(new SqliteIncidentStore(openDatabase(path.join(root, "kerbside.db")), { ownsDb: true }), bus);
  const context: EvidenceContext = {
    rootDir: root, relativePaths: true, pointId: "P01", pointName: "人民路口", timeZone: "Asia/Shanghai", zones: [ZONE],
    locate: (t) => ({ path: footage, offsetSec: (t - START) / 1000 }),
  };
  return { store, collector: new EvidenceCollector(store, context), root, events };
}

describe("evidence collector", () => {
  it("collects first/threshold snapshots, a crop and a clip when an episode opens, the last-seen snapshot when it closes", async () => {
    const { store, collector, root, events } = setup("h264", h264);
    try {
      const opened = episode();
      const { incident } = store.recordEpisode(opened);
      const afterOpen = await collector.collect(incident, opened, "opened");
      expect(afterOpen.evidence.map((e) => e.kind).sort()).toEqual(["clip", "clip_preview", "crop", "snapshot_first", "snapshot_threshold"]);
      expect(events).toEqual(["updated:1", "updated:2", "updated:3", "updated:4", "updated:5"]);

      const closed = episode({ lastSeenMs: START + 25_000, endMs: START + 25_000 });
      const merged = store.recordEpisode(closed).incident;
      const afterClose = await collector.collect(merged, closed, "closed");
      const byKind = new Map(afterClose.evidence.map((e) => [e.kind, e]));
      expect(byKind.get("snapshot_first")!.atMs).toBe(START + 2000);
      expect(byKind.get("snapshot_threshold")!.atMs).toBe(START + 12_000);
      expect(byKind.get("snapshot_last")!.atMs).toBe(START + 25_000);
      expect(byKind.get("clip")!.atMs).toBe(START + 7000); // 5 s before the threshold
      expect(path.basename(byKind.get("clip")!.path)).toBe("clip.mp4"); // H.264 goes in MP4 by stream copy
      expect(byKind.get("clip_preview")!.atMs).toBe(START + 7000);
      expect(path.basename(byKind.get("clip_preview")!.path)).toBe("clip-preview.mp4");

      for (const e of afterClose.evidence) {
        expect(path.isAbsolute(e.path)).toBe(false);
        expect(e.path.startsWith(path.join("evidence", "P01", merged.id))).toBe(true);
        const bytes = readFileSync(path.join(root, e.path));
        expect(bytes.length).toBe(e.bytes);
        expect(createHash("sha256").update(bytes).digest("hex")).toBe(e.sha256);
      }
      const first = await sharp(path.join(root, byKind.get("snapshot_first")!.path)).metadata();
      expect([first.format, first.width, first.height]).toEqual(["jpeg", 768, 576]);
      const crop = await sharp(path.join(root, byKind.get("crop")!.path)).metadata();
      expect(crop.width).toBeLessThan(150);

      // Collecting again (a re-scan) adds nothing.
      const count = afterClose.evidence.length;
      const again = await collector.collect(afterClose, closed, "opened");
      expect((await collector.collect(again, closed, "closed")).evidence).toHaveLength(count);
      // An older sighting (a re-scan of earlier footage) does not add a last-seen snapshot.
      const older = episode({ lastSeenMs: START + 20_000, endMs: START + 20_000 });
      expect((await collector.collect(store.recordEpisode(older).incident, older, "closed")).evidence).toHaveLength(count);
    } finally {
      store.close();
    }
  });

  it("keeps msmpeg4 footage in Matroska, still stream-copied, with absolute paths for ad-hoc scans", async () => {
    const { store, root } = setup("avi", VTEST);
    const collector = new EvidenceCollector(store, {
      rootDir: root, relativePaths: false, pointId: "P01", pointName: "vtest", timeZone: "Asia/Shanghai", zones: [ZONE],
      locate: (t) => ({ path: VTEST, offsetSec: (t - START) / 1000 }),
    });
    try {
      const opened = episode({ startMs: START + 20_000, thresholdMs: START + 40_000, lastSeenMs: START + 40_000 });
      const incident = await collector.collect(store.recordEpisode(opened).incident, opened, "opened");
      const clip = incident.evidence.find((e) => e.kind === "clip")!;
      expect(path.isAbsolute(clip.path)).toBe(true);
      expect(path.basename(clip.path)).toBe("clip.mkv");
      expect(existsSync(clip.path)).toBe(true);
      // the sealed clip stays msmpeg4 as cut; the board plays an H.264 yuv420p MP4 with its index first
      expect(probeVideo(clip.path)).toMatchObject({ codec_name: "msmpeg4v3" });
      const preview = incident.evidence.find((e) => e.kind === "clip_preview")!;
      expect(probeVideo(preview.path)).toMatchObject({ codec_name: "h264", pix_fmt: "yuv420p", width: 768, height: 576 });
      const bytes = readFileSync(preview.path);
      expect(bytes.indexOf("moov")).toBeLessThan(bytes.indexOf("mdat"));
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(preview.sha256);
      expect(Number(probeFormat(preview.path).duration)).toBeGreaterThan(8);
    } finally {
      store.close();
    }
  });

  it("fails loudly when no footage holds the moment", async () => {
    const { store, root } = setup("nowhere", h264);
    const collector = new EvidenceCollector(store, {
      rootDir: root, relativePaths: true, pointId: "P01", pointName: "x", timeZone: "UTC", zones: [ZONE], locate: () => null,
    });
    try {
      const e = episode();
      await expect(collector.collect(store.recordEpisode(e).incident, e, "opened")).rejects.toThrow(/no footage holds/);
    } finally {
      store.close();
    }
  });
});
