// ffprobe and the indexer on real files: a good clip, a truncated MP4 and garbage.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isKerbsideError } from "../../src/errors.js";
import { probeKeyframeInterval } from "../../src/ffmpeg/keyframe-interval.js";
import { keyframeGap, parseProbe, probeVideo } from "../../src/ffmpeg/probe.js";
import { indexFootage, type IndexerContext } from "../../src/footage/indexer.js";
import { SqliteSegmentStore } from "../../src/footage/segment-store.js";
import { openDatabase } from "../../src/store/database.js";
import { makeClip, makeGarbage, makeTruncatedFaststartMp4, makeTruncatedMp4, memoryLogger, SAMPLE, tempDir } from "./helpers.js";

const tmp = tempDir("probe");
afterAll(() => tmp.cleanup());
let clip: string;
beforeAll(() => {
  clip = makeClip(path.join(tmp.dir, "clip.mkv"), 4);
});

describe("probeVideo", () => {
  it("reads duration, codec, size and fps of the sample", async () => {
    const probe = await probeVideo(SAMPLE);
    expect(probe).toMatchObject({ codec: "msmpeg4v3", width: 768, height: 576, fps: 10 });
    expect(probe.durationSec).toBeCloseTo(79.5, 1);
    // An AVI's packets are not walked: its keyframes are left to a probe of their own.
    expect(probe.keyframeGapSec).toBeUndefined();
  });

  it("throws KERB_ERR_FOOTAGE_UNREADABLE with ffprobe's reason", async () => {
    const garbage = makeGarbage(path.join(tmp.dir, "garbage.mp4"));
    const truncated = makeTruncatedMp4(path.join(tmp.dir, "truncated.mp4"), tmp.dir);
    for (const [file, reason] of [[garbage, /Invalid data/], [truncated, /moov atom not found|Invalid data/]] as const) {
      const error = await probeVideo(file).catch((e: unknown) => e);
      expect(isKerbsideError(error, "KERB_ERR_FOOTAGE_UNREADABLE")).toBe(true);
      expect((error as Error).message).toMatch(reason);
    }
  });

  it("measures a Matroska file cut short without its trailer (recorder killed, power loss) from its packets", async () => {
    // Written to a pipe, so the muxer never goes back to write the duration: as after a SIGKILL.
    const whole = path.join(tmp.dir, "no-trailer.mkv");
    execFileSync("sh", ["-c", `ffmpeg -v error -t 3 -i "${SAMPLE}" -c copy -f matroska pipe:1 > "${whole}"`]);
    const cut = path.join(tmp.dir, "cut.mkv");
    writeFileSync(cut, readFileSync(whole).subarray(0, 300_000));
    expect((await probeVideo(whole)).durationSec).toBeCloseTo(3, 1);
    const partial = await probeVideo(cut);
    expect(partial.codec).toBe("msmpeg4v3");
    expect(partial.durationSec).toBeGreaterThan(0.5);
    expect(partial.durationSec).toBeLessThan(2.9);
  });

  it("parses ffprobe JSON (pure)", () => {
    expect(() => parseProbe("x", { streams: [] })).toThrow(/no video stream/);
    expect(() => parseProbe("x", { streams: [{ codec_name: "h264" }], format: { duration: "N/A" } })).toThrow(/no duration/);
    expect(parseProbe("x", { streams: [{ codec_name: "h264", width: 2, height: 3, avg_frame_rate: "0/0", r_frame_rate: "25/1" }], format: { duration: "300.04" } }))
      .toEqual({ durationSec: 300.04, codec: "h264", width: 2, height: 3, fps: 25 });
    expect(keyframeGap({ packets: [{ pts_time: "0", flags: "K_" }, { pts_time: "1", flags: "__" }, { pts_time: "4", flags: "K_" }, { pts_time: "7", flags: "K_" }] })).toBe(4);
    // Only the first 30 s count, from the first packet (not the first keyframe); one keyframe there: null.
    expect(keyframeGap({ packets: [{ pts_time: "0.5", flags: "__" }, { pts_time: "2", flags: "K_" }, { pts_time: "40", flags: "K_" }] })).toBeNull();
  });
});

describe("indexFootage", () => {
  const db = openDatabase(":memory:");
  const store = new SqliteSegmentStore(db);
  const { log, lines } = memoryLogger();
  const ctx = (extra: Partial<IndexerContext> = {}): IndexerContext => ({
    store, storageDir: path.join(tmp.dir, "storage"), timeZone: "Asia/Shanghai", sourceKind: "file", log, ...extra,
  });
  afterAll(() => db.close());

  it("indexes a readable file in place with the given start", async () => {
    const start = Date.parse("2026-12-08T00:00:00Z");
    const segment = await indexFootage({ pointId: "D02", path: clip, startMs: start, adopt: false }, ctx());
    expect(segment).toMatchObject({ path: clip, status: "ok", codec: "msmpeg4v3", startMs: start });
    // 4 s of vtest.avi (25 s GOP) hold one keyframe: a long GOP, stored as such.
    expect(segment.keyframeIntervalSec).toBeNull();
    expect(store.get(clip)?.keyframeIntervalSec).toBeNull();
    expect(segment.endMs - start).toBeGreaterThanOrEqual(3900);
    expect(store.get(clip)?.status).toBe("ok");
  });

  it("without a start time, uses mtime minus duration", async () => {
    const file = makeClip(path.join(tmp.dir, "nostart.mkv"), 2);
    const mtime = new Date("2026-12-08T01:00:00Z");
    utimesSync(file, mtime, mtime);
    const segment = await indexFootage({ pointId: "D02", path: file, adopt: false }, ctx());
    expect(segment.endMs).toBe(mtime.getTime());
    expect(segment.startMs).toBeLessThan(mtime.getTime() - 1500);
  });

  it("adopts recorded files into the day-folder layout", async () => {
    const file = makeClip(path.join(tmp.dir, "J01_20261208T000000Z.mkv"), 2);
    const start = Date.parse("2026-12-08T00:00:00Z");
    const segment = await indexFootage({ pointId: "J01", path: file, startMs: start, adopt: true }, ctx({ sourceKind: "rtsp" }));
    expect(segment.path).toBe(path.join(tmp.dir, "storage", "footage", "J01", "20261208", "J01_20261208T080000.mkv"));
    expect(existsSync(segment.path)).toBe(true);
    expect(existsSync(file)).toBe(false);
  });

  it("indexes a faststart MP4 cut at half up to its last packet, and the rest is a gap in coverage", async () => {
    const file = makeTruncatedFaststartMp4(path.join(tmp.dir, "export-half.mp4"), tmp.dir, 60);
    const probe = await probeVideo(file);
    expect(probe.claimedDurationSec).toBeCloseTo(60, 0);
    const packetsEnd = Number(execFileSync("ffprobe", ["-v", "quiet", "-select_streams", "v:0", "-show_entries", "packet=pts_time", "-of", "csv=p=0", file]).toString().trim().split("\n").pop());
    expect(probe.durationSec).toBeGreaterThan(packetsEnd - 0.01);
    expect(probe.durationSec).toBeLessThan(packetsEnd + 0.5);
    expect(probe.durationSec).toBeLessThan(45);
    const start = Date.parse("2026-12-08T02:00:00Z");
    const segment = await indexFootage({ pointId: "T01", path: file, startMs: start, adopt: false }, ctx({ sourceKind: "archive" }));
    expect(segment.status).toBe("ok");
    expect(segment.endMs - start).toBe(Math.round(probe.durationSec * 1000));
    expect(segment.error).toMatch(/^truncated: readable to \d+\.\d s of the 60\.0 s its header claims$/);
    const coverage = store.coverage("T01", start, start + 60_000);
    expect(coverage.coveredSec).toBeCloseTo(probe.durationSec, 1);
    expect(coverage.gaps).toEqual([{ fromMs: segment.endMs, toMs: start + 60_000, reason: "missing" }]);
  });

  it("an MP4 that is whole keeps its header's duration", async () => {
    const whole = path.join(tmp.dir, "whole-export.mp4");
    execFileSync("ffmpeg", ["-v", "error", "-y", "-t", "5", "-i", SAMPLE, "-c:v", "libx264", "-preset", "ultrafast", "-movflags", "+faststart", whole]);
    const probe = await probeVideo(whole);
    expect(probe.durationSec).toBeCloseTo(5, 0);
    expect(probe.claimedDurationSec).toBeUndefined();
  });

  it("stores each file's keyframe interval as the scan's own probe measures it, from the MP4 packet walk or a probe of the rest", async () => {
    const mp4 = path.join(tmp.dir, "gop-1s.mp4");
    execFileSync("ffmpeg", ["-v", "error", "-y", "-t", "8", "-i", SAMPLE, "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-movflags", "+faststart", mp4]);
    const mkv = path.join(tmp.dir, "gop-2s.mkv");
    execFileSync("ffmpeg", ["-v", "error", "-y", "-t", "8", "-i", SAMPLE, "-c:v", "libx264", "-preset", "ultrafast", "-g", "20", mkv]);
    const start = Date.parse("2026-12-08T03:00:00Z");
    for (const [file, gopSec] of [[mp4, 1], [mkv, 2]] as const) {
      const segment = await indexFootage({ pointId: "K01", path: file, startMs: start, adopt: false }, ctx());
      expect(segment.keyframeIntervalSec).toBeCloseTo(gopSec, 1);
      expect(segment.keyframeIntervalSec).toBe(await probeKeyframeInterval(file));
      expect(store.get(file)?.keyframeIntervalSec).toBe(segment.keyframeIntervalSec);
    }
    expect((await probeVideo(mp4)).keyframeGapSec).toBeCloseTo(1, 1);
  });

  it("marks an unreadable file with ffprobe's reason instead of failing", async () => {
    const bad = makeGarbage(path.join(tmp.dir, "J01_20261208T090000.mp4"));
    const start = Date.parse("2026-12-08T01:00:00Z");
    const segment = await indexFootage({ pointId: "J01", path: bad, startMs: start, adopt: false }, ctx({ expectedDurationSec: 300 }));
    expect(segment).toMatchObject({ status: "unreadable", startMs: start, endMs: start + 300_000, codec: null });
    expect(segment.error).toMatch(/Invalid data found/);
    expect(segment.error).not.toContain(bad);
    expect(lines.some((l) => l.includes("unreadable footage file"))).toBe(true);
  });
});
