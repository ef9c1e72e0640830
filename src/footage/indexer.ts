/**
 * Puts one footage file into the index: ffprobe it (and its keyframe
 * interval, so the scan need not), move recorded files into the archive
 * layout, upsert the row. A corrupt or truncated file becomes an
 * `unreadable` row carrying ffprobe's reason; it never stops the caller.
 *
 * Start time: the source's (config `start`, the file name, the recording
 * clock); when none is known, the file's mtime minus its duration (mtime is
 * when the export finished writing).
 */
import { mkdirSync, renameSync, copyFileSync, statSync, unlinkSync, type Stats } from "node:fs";
import path from "node:path";
import type { SourceKind } from "../config/schema.js";
import { KerbsideError, errorMessage, isKerbsideError } from "../errors.js";
import type { Logger } from "../log.js";
import { probeKeyframeInterval } from "../ffmpeg/keyframe-interval.js";
import { probeVideo, unreadableReason, type VideoProbe } from "../ffmpeg/probe.js";
import { segmentPath } from "./layout.js";
import type { SegmentStore } from "./segment-store.js";
import type { NewFootage, Segment } from "./types.js";

export interface IndexerContext {
  store: SegmentStore;
  storageDir: string;
  timeZone: string;
  sourceKind: SourceKind;
  /** Expected length of a file (recorded segments): the time an unreadable one claims. */
  expectedDurationSec?: number;
  log: Logger;
}

export async function indexFootage(footage: NewFootage, ctx: IndexerContext): Promise<Segment> {
  const stats = statFile(footage.path);
  const log = ctx.log.child({ point: footage.pointId, segment: path.basename(footage.path) });
  let probe: VideoProbe;
  try {
    probe = await probeVideo(footage.path);
  } catch (error) {
    if (!isKerbsideError(error, "KERB_ERR_FOOTAGE_UNREADABLE")) throw error;
    const reason = unreadableReason(error, footage.path);
    log.warn({ reason }, "unreadable footage file");
    return ctx.store.upsert(unreadableSegment(footage, stats, reason, ctx));
  }
  const startMs = footage.startMs ?? Math.round(stats.mtimeMs - probe.durationSec * 1000);
  const keyframeIntervalSec = await measuredKeyframes(footage.path, probe, log);
  const finalPath = footage.adopt ? adopt(footage.path, footage.pointId, startMs, ctx) : footage.path;
  const segment: Segment = {
    pointId: footage.pointId,
    path: finalPath,
    startMs,
    endMs: startMs + Math.round(probe.durationSec * 1000),
    sizeBytes: stats.size,
    codec: probe.codec,
    width: probe.width,
    height: probe.height,
    fps: probe.fps,
    status: "ok",
    error: probe.claimedDurationSec === undefined ? null : `truncated: readable to ${probe.durationSec.toFixed(1)} s of the ${probe.claimedDurationSec.toFixed(1)} s its header claims`,
    sourceKind: ctx.sourceKind,
    ...(keyframeIntervalSec === undefined ? {} : { keyframeIntervalSec }),
  };
  if (segment.error) log.warn({ reason: segment.error }, "footage file cut short; indexed up to its last packet");
  log.debug({ startMs, durationSec: probe.durationSec }, "segment indexed");
  return ctx.store.upsert(segment);
}

function unreadableSegment(footage: NewFootage, stats: Stats, reason: string, ctx: IndexerContext): Segment {
  const startMs = footage.startMs ?? Math.round(stats.mtimeMs);
  const finalPath = footage.adopt ? adopt(footage.path, footage.pointId, startMs, ctx) : footage.path;
  return {
    pointId: footage.pointId,
    path: finalPath,
    startMs,
    endMs: startMs + Math.round((ctx.expectedDurationSec ?? 0) * 1000),
    sizeBytes: stats.size,
    codec: null,
    width: null,
    height: null,
    fps: null,
    status: "unreadable",
    error: reason,
    sourceKind: ctx.sourceKind,
  };
}

function statFile(file: string): Stats {
  try {
    return statSync(file);
  } catch (error) {
    throw new KerbsideError("KERB_ERR_FOOTAGE_UNREADABLE", `${file}: cannot stat: ${errorMessage(error)}`, { cause: error });
  }
}

/** Moves a finished file into <storageDir>/footage/<point>/<day>/. */
function adopt(file: string, pointId: string, startMs: number, ctx: IndexerContext): string {
  const target = segmentPath(ctx.storageDir, pointId, startMs, ctx.timeZone, path.extname(file).slice(1) || "mkv");
  mkdirSync(path.dirname(target), { recursive: true });
  try {
    renameSync(file, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    copyFileSync(file, target);
    unlinkSync(file);
  }
  return target;
}

/**
 * The keyframe interval the scan will need: from the probe's packet walk when
 * it made one (MP4/MOV), else measured now. A file whose packets cannot be
 * listed is still indexed; its scan measures again and reports why.
 */
async function measuredKeyframes(file: string, probe: VideoProbe, log: Logger): Promise<number | null | undefined> {
  if (probe.keyframeGapSec !== undefined) return probe.keyframeGapSec;
  try {
    return await probeKeyframeInterval(file);
  } catch (error) {
    log.warn({ err: errorMessage(error) }, "keyframe interval not measured at indexing; the scan measures it");
    return undefined;
  }
}
