// Archive pickup: exported files appear in a folder while the watcher runs;
// good ones index, corrupt ones are marked unreadable with ffprobe's reason.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDeployment } from "../../src/config/load.js";
import { FootageService } from "../../src/footage/footage-service.js";
import { indexOnce } from "../../src/footage/index-once.js";
import { SqliteSegmentStore } from "../../src/footage/segment-store.js";
import { compactStamp } from "../../src/time/time-zone.js";
import { openDatabase } from "../../src/store/database.js";
import { SAMPLE, makeClip, makeGarbage, makeTruncatedMp4, memoryLogger, tempDir, waitFor } from "./helpers.js";

const TZ = "Asia/Shanghai";
const tmp = tempDir("archive");
const exportsDir = path.join(tmp.dir, "exports");
let clip: string;
beforeAll(() => {
  mkdirSync(exportsDir, { recursive: true });
  clip = makeClip(path.join(tmp.dir, "clip.mkv"), 3);
});
afterAll(() => tmp.cleanup());

const NOW = Date.now();
const at = (minutesAgo: number) => NOW - minutesAgo * 60_000;
const exportName = (minutesAgo: number, ext: string) => `R04_${compactStamp(at(minutesAgo), TZ)}.${ext}`;

const deployment = parseDeployment(
  {
    storageDir: path.join(tmp.dir, "data"),
    units: [{ id: "u", name: "县公安局交警大队" }],
    points: [{ id: "R04", name: "建设路（东段）", category: "main_road", units: ["u"], source: { kind: "archive", dir: "exports" } }],
  },
  path.join(tmp.dir, "deployment.yaml"),
);

describe("archive source", () => {
  it("indexes exports as they appear, marking corrupt ones unreadable while the others index fine", async () => {
    const db = openDatabase(":memory:");
    const { log, lines } = memoryLogger();
    const footage = new FootageService({ deployment, db, log, retentionSchedule: false, tuning: { archivePollMs: 150 } });
    try {
      copyFileSync(clip, path.join(exportsDir, exportName(60, "mkv")));
      footage.start();
      await waitFor(() => footage.store.list({ pointId: "R04" }).length === 1, 10_000, "the first export");
      expect(footage.health("R04")?.state).toBe("online");

      copyFileSync(clip, path.join(exportsDir, exportName(50, "mkv")));
      makeGarbage(path.join(exportsDir, exportName(40, "mp4")));
      makeTruncatedMp4(path.join(exportsDir, exportName(30, "mp4")), tmp.dir);
      copyFileSync(clip, path.join(exportsDir, "notes-without-time.mkv"));
      copyFileSync(clip, path.join(exportsDir, exportName(40 * 24 * 60, "mkv")));
      await waitFor(() => footage.store.list({ pointId: "R04" }).length === 4, 15_000, "the new exports");
      await new Promise((r) => setTimeout(r, 500));

      const segments = footage.store.list({ pointId: "R04" });
      expect(segments.map((s) => [path.basename(s.path), s.status])).toEqual([
        [exportName(60, "mkv"), "ok"],
        [exportName(50, "mkv"), "ok"],
        [exportName(40, "mp4"), "unreadable"],
        [exportName(30, "mp4"), "unreadable"],
      ]);
      expect(segments[0]!.startMs).toBe(Math.floor(at(60) / 1000) * 1000);
      expect(segments[2]!.error).toMatch(/Invalid data found when processing input/);
      expect(segments[3]!.error).toMatch(/moov atom not found|Invalid data/);
      expect(lines.some((l) => l.includes("KERB_ERR_FOOTAGE_NAME"))).toBe(true);

      const coverage = footage.store.coverage("R04", at(61), at(29));
      // Unreadable files of unknown length claim the time up to the next file (here: to the end of the range).
      expect(coverage.gaps.filter((g) => g.reason === "unreadable")).toEqual([{ fromMs: segments[2]!.startMs, toMs: at(29), reason: "unreadable" }]);
      expect(coverage.gaps.filter((g) => g.reason === "missing").map((g) => g.toMs)).toEqual([segments[0]!.startMs, segments[1]!.startMs, segments[2]!.startMs]);
      expect(coverage.coveredSec).toBeGreaterThan(5.5);
      expect(coverage.coveredSec).toBeLessThan(6.5);
    } finally {
      await footage.close();
      db.close();
    }
  });

  it("`footage index` does the same in one pass and reports what it skipped", async () => {
    const db = openDatabase(":memory:");
    const store = new SqliteSegmentStore(db);
    try {
      const [summary] = await indexOnce(deployment, store, memoryLogger().log, NOW);
      expect(summary).toMatchObject({ pointId: "R04", ok: 2, unreadable: 2 });
      expect(summary!.skipped.map((s) => s.reason).sort()).toEqual(["KERB_ERR_FOOTAGE_NAME: no start time in the name", "older than the retention window"]);
    } finally {
      db.close();
    }
  });
});

describe("archive source, an export still being copied", () => {
  it("re-probes a file marked unreadable once it changed (grown to the whole export), also after a restart", async () => {
    const dir = path.join(tmp.dir, "slow-copy");
    mkdirSync(dir, { recursive: true });
    const slow = parseDeployment(
      {
        storageDir: path.join(tmp.dir, "data-slow"),
        units: [{ id: "u", name: "县公安局交警大队" }],
        points: [{ id: "R05", name: "建设路（西段）", category: "main_road", units: ["u"], source: { kind: "archive", dir: "slow-copy" } }],
      },
      path.join(tmp.dir, "deployment.yaml"),
    );
    const whole = path.join(tmp.dir, "whole.mp4");
    execFileSync("ffmpeg", ["-v", "error", "-y", "-t", "3", "-i", SAMPLE, "-c:v", "mpeg4", "-q:v", "8", whole]);
    const bytes = readFileSync(whole);
    const target = (minutesAgo: number) => path.join(dir, exportName(minutesAgo, "mp4"));
    const db = openDatabase(":memory:");
    const options = { deployment: slow, db, log: memoryLogger().log, retentionSchedule: false as const, tuning: { archivePollMs: 150 } };
    let footage = new FootageService(options);
    try {
      // The copy stalls half-way for longer than a poll: indexed as unreadable for now.
      writeFileSync(target(20), bytes.subarray(0, bytes.length >> 1));
      writeFileSync(target(10), bytes.subarray(0, bytes.length >> 1));
      footage.start();
      await waitFor(() => footage.store.list({ pointId: "R05", status: "unreadable" }).length === 2, 10_000, "the half copies");
      // The first copy completes while the watcher runs.
      writeFileSync(target(20), bytes);
      await waitFor(() => footage.store.get(target(20))?.status === "ok", 10_000, "the completed export to be re-probed");
      expect(footage.store.get(target(20))!.sizeBytes).toBe(bytes.length);
      await footage.close();
      // The second completes while Kerbside is down.
      writeFileSync(target(10), bytes);
      footage = new FootageService(options);
      footage.start();
      await waitFor(() => footage.store.get(target(10))?.status === "ok", 10_000, "the export completed during a restart");
    } finally {
      await footage.close();
      db.close();
    }
  });
});

describe("`footage index` with a point whose file is gone", () => {
  it("reports that point's missing file by name and still indexes the other points", async () => {
    const d = parseDeployment(
      {
        storageDir: path.join(tmp.dir, "data-gone"),
        units: [{ id: "u", name: "u" }],
        points: [
          { id: "G1", name: "g1", category: "junction", units: ["u"], source: { kind: "file", path: "gone.mp4", start: new Date(NOW - 3_600_000).toISOString() } },
          { id: "R04", name: "r", category: "main_road", units: ["u"], source: { kind: "archive", dir: "exports" } },
        ],
      },
      path.join(tmp.dir, "deployment.yaml"),
    );
    const db = openDatabase(":memory:");
    try {
      const summaries = await indexOnce(d, new SqliteSegmentStore(db), memoryLogger().log, NOW);
      expect(summaries.map((s) => s.pointId)).toEqual(["G1", "R04"]);
      expect(summaries[0]!.error).toContain(path.join(tmp.dir, "gone.mp4"));
      expect(summaries[1]!.ok).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});
