/**
 * Getting a segment ready to scan: probe its size, duration and keyframe
 * interval (two ffprobe runs in parallel), pick its sampling interval from the
 * point's schedules, and open its sampler. The scan job prepares the next
 * segment this way while the current one is still being scanned.
 */
import type { Deployment, PointConfig } from "../config/schema.js";
import type { ModelCard } from "../detect/types.js";
import { probeVideo } from "../ffmpeg/probe.js";
import type { Segment } from "../footage/types.js";
import type { Size } from "./box-scale.js";
import { probeKeyframeInterval } from "../ffmpeg/keyframe-interval.js";
import { keyframesDecodeAlone } from "./open-gop-probe.js";
import { segmentInterval } from "./segment-interval.js";
import { openSegmentSampler, type SamplerTuning, type SegmentSampler } from "./segment-scanner.js";

export interface SegmentRef {
  path: string;
  startMs: number;
  /** Known end (from the segment index); probed when absent. */
  endMs?: number;
  /** What the index already probed: with endMs, the scan does not probe the file again. */
  video?: IndexedVideo;
  /** The keyframe interval the index measured (null: a long GOP); absent: measured here. */
  keyframeIntervalSec?: number | null;
}

export interface IndexedVideo {
  codec: string;
  width: number;
  height: number;
}

export interface ProbedSegment extends SegmentRef {
  endMs: number;
  source: Size;
  keyframeIntervalSec: number | null;
  /** Its keyframes decode without the packets between (packet dropping is possible). */
  keyframesDecodeAlone: boolean;
}

export interface PreparedSegment {
  probed: ProbedSegment;
  everySec: number;
  /** Set for a coarse-to-fine scan: the sampler samples every coarseSec (coarse-to-fine.ts). */
  coarseSec?: number;
  sampler: SegmentSampler;
}

/**
 * The segment as the sampler needs it. An indexed segment (endMs and video
 * known) skips the ffprobe of its streams and packets: at one process start
 * and a packet walk per file, that probe cost as much CPU as the frames of a
 * coarse backfill pass. The keyframe interval is measured per file (a
 * camera's GOP can change between segments): by the index when it has it,
 * else here.
 */
export async function probeSegment(segment: SegmentRef): Promise<ProbedSegment> {
  const { video: _indexed, keyframeIntervalSec: indexedKeyframes, ...ref } = segment;
  const [known, keyframeIntervalSec] = await Promise.all([knownVideo(segment), indexedKeyframes !== undefined ? indexedKeyframes : probeKeyframeInterval(segment.path)]);
  const alone = await keyframesDecodeAlone(segment.path, known.codec);
  return {
    ...ref,
    endMs: known.endMs,
    source: { width: known.width, height: known.height },
    keyframeIntervalSec,
    keyframesDecodeAlone: alone,
  };
}

async function knownVideo(segment: SegmentRef): Promise<IndexedVideo & { endMs: number }> {
  if (segment.video && segment.endMs !== undefined) return { ...segment.video, endMs: segment.endMs };
  const video = await probeVideo(segment.path);
  return { codec: video.codec, width: video.width, height: video.height, endMs: segment.endMs ?? segment.startMs + Math.round(video.durationSec * 1000) };
}

/** A segment of the footage index as a scan input, carrying what indexing probed. */
export function indexedSegmentRef(segment: Pick<Segment, "path" | "startMs" | "endMs" | "codec" | "width" | "height" | "keyframeIntervalSec">): SegmentRef & { endMs: number } {
  const { path, startMs, endMs, codec, width, height, keyframeIntervalSec } = segment;
  if (codec === null || width === null || height === null) return { path, startMs, endMs };
  return { path, startMs, endMs, video: { codec, width, height }, ...(keyframeIntervalSec === undefined ? {} : { keyframeIntervalSec }) };
}

export async function prepareSegment(
  segment: SegmentRef,
  target: {
    deployment: Pick<Deployment, "sampling" | "schedules" | "timezone">;
    point: Pick<PointConfig, "id" | "category" | "sampling" | "schedules">;
    input: ModelCard["input"];
    tuning?: SamplerTuning;
    /** Coarse-to-fine backfill: open the sampler at this interval when it is longer than the fine one. */
    coarseSec?: number;
  },
): Promise<PreparedSegment> {
  const probed = await probeSegment(segment);
  const everySec = segmentInterval(target.deployment, target.point, probed.startMs, probed.endMs);
  const coarseSec = target.coarseSec !== undefined && target.coarseSec > everySec ? target.coarseSec : undefined;
  const sampler = openSegmentSampler({ ...probed, everySec: coarseSec ?? everySec, input: target.input, tuning: target.tuning });
  return { probed, everySec, sampler, ...(coarseSec === undefined ? {} : { coarseSec }) };
}
