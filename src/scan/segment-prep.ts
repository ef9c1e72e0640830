/**
 * Getting a segment ready to scan: probe its size, duration and keyframe
 * interval (two ffprobe runs in parallel), pick its sampling interval from the
 * point's schedules, and open its sampler. The scan job prepares the next
 * segment this way while the current one is still being scanned.
 */
import type { Deployment, PointConfig } from "../config/schema.js";
import type { ModelCard } from "../detect/types.js";
import { probeVideo } from "../ffmpeg/probe.js";
import type { Size } from "./box-scale.js";
import { probeKeyframeInterval } from "./keyframe-interval.js";
import { keyframesDecodeAlone } from "./open-gop-probe.js";
import { segmentInterval } from "./segment-interval.js";
import { openSegmentSampler, type SamplerTuning, type SegmentSampler } from "./segment-scanner.js";

export interface SegmentRef {
  path: string;
  startMs: number;
  /** Known end (from the segment index); probed when absent. */
  endMs?: number;
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

export async function probeSegment(segment: SegmentRef): Promise<ProbedSegment> {
  const [video, keyframeIntervalSec] = await Promise.all([probeVideo(segment.path), probeKeyframeInterval(segment.path)]);
  const alone = await keyframesDecodeAlone(segment.path, video.codec);
  return {
    ...segment,
    endMs: segment.endMs ?? segment.startMs + Math.round(video.durationSec * 1000),
    source: { width: video.width, height: video.height },
    keyframeIntervalSec,
    keyframesDecodeAlone: alone,
  };
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
