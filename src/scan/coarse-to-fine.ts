/**
 * Coarse-to-fine scanning of recorded footage (backfill). A violation needs
 * minutes of dwell, so a segment is first sampled every `coarseSec`; only
 * around coarse frames that show a candidate (a watched object in a zone) is
 * it sampled again at the fine rate, from the coarse frame before to the
 * coarse frame after. An object that stays is then seen at the fine rate
 * from its arrival (between the last coarse frame without it and the first
 * with it) to its departure, so incident start and end land where a full
 * fine scan puts them. Windows start on the fine bucket grid, so their frames
 * are the very frames a full fine scan samples.
 */
import type { Detection, Detector, DetectOptions } from "../detect/types.js";
import type { Size } from "./box-scale.js";
import { shouldDecodeKeyframesOnly, sampleSize } from "./ffmpeg-sampler-args.js";
import { FrameSampler } from "./frame-sampler.js";
import { scanSegment, type SampledDetections, type SamplerTuning, type SegmentSampler } from "./segment-scanner.js";

export interface Window {
  fromSec: number;
  toSec: number;
}

/**
 * Fine windows around candidate coarse frames: [previous coarse frame, next
 * coarse frame] (the segment's start / end at the edges), widened to the
 * fine grid and merged where they touch.
 */
export function fineWindows(coarse: readonly { ptsSec: number; candidate: boolean }[], durationSec: number, fineSec: number): Window[] {
  const windows: Window[] = [];
  coarse.forEach((frame, i) => {
    if (!frame.candidate) return;
    const from = Math.floor(((coarse[i - 1]?.ptsSec ?? 0) + 0.0005) / fineSec) * fineSec;
    const to = Math.min(durationSec, Math.ceil((coarse[i + 1]?.ptsSec ?? durationSec) / fineSec) * fineSec);
    const last = windows.at(-1);
    if (last && from <= last.toSec) last.toSec = Math.max(last.toSec, to);
    else windows.push({ fromSec: from, toSec: to });
  });
  return windows;
}

/** The frames fed on: fine frames inside the windows, coarse frames elsewhere, in time order. */
export function mergeFrames<T extends { ptsSec: number }>(coarse: readonly T[], fine: readonly T[], windows: readonly Window[]): T[] {
  const inside = (t: number): boolean => windows.some((w) => t >= w.fromSec - 0.0005 && t < w.toSec);
  return [...coarse.filter((f) => !inside(f.ptsSec)), ...fine].sort((a, b) => a.ptsSec - b.ptsSec);
}

export interface CoarseToFineOptions {
  path: string;
  startMs: number;
  source: Size;
  durationSec: number;
  fineSec: number;
  keyframeIntervalSec: number | null;
  /** The coarse pass's sampler, opened ahead (segment-prep.ts). */
  coarse: SegmentSampler;
  detector: Detector;
  detectOptions?: DetectOptions;
  tuning?: SamplerTuning;
  /** Whether a detection (source pixels) is a candidate: a watched object in a zone. */
  isCandidate: (detection: Detection, source: Size) => boolean;
  signal?: AbortSignal;
  /** Told of each sampler started (so a closing job can stop it); the returned function is called once it is done. */
  onSampler?: (sampler: FrameSampler) => () => void;
}

export interface CoarseToFineResult {
  frames: SampledDetections[];
  coarseFrames: number;
  fineFrames: number;
  windows: Window[];
  partialError: string | null;
}

async function collect(options: CoarseToFineOptions, prepared: SegmentSampler, everySec: number): Promise<{ frames: SampledDetections[]; partialError: string | null }> {
  const frames: SampledDetections[] = [];
  const done = options.onSampler?.(prepared.sampler);
  try {
    return await collectFrom(options, prepared, everySec, frames);
  } finally {
    done?.();
  }
}

async function collectFrom(options: CoarseToFineOptions, prepared: SegmentSampler, everySec: number, frames: SampledDetections[]): Promise<{ frames: SampledDetections[]; partialError: string | null }> {
  const result = await scanSegment({
    prepared, path: options.path, startMs: options.startMs, source: options.source, everySec,
    keyframeIntervalSec: options.keyframeIntervalSec, detector: options.detector, detectOptions: options.detectOptions,
    signal: options.signal, onFrame: (f) => void frames.push(f),
  });
  return { frames, partialError: result.partialError };
}

export async function scanCoarseToFine(options: CoarseToFineOptions): Promise<CoarseToFineResult> {
  const coarse = await collect(options, options.coarse, options.fineSec);
  const marked = coarse.frames.map((f) => ({ ptsSec: f.ptsSec, candidate: f.detections.some((d) => options.isCandidate(d, f.source)) }));
  const windows = fineWindows(marked, options.durationSec, options.fineSec);
  const fine: SampledDetections[] = [];
  let partialError = coarse.partialError;
  const size = sampleSize(options.source, options.detector.card.input);
  const keyframesOnly = shouldDecodeKeyframesOnly(options.fineSec, options.keyframeIntervalSec);
  for (const w of windows) {
    options.signal?.throwIfAborted();
    // Seek one fine interval early: a seek may land past the window's first keyframe (MPEG-TS); extra frames are dropped below.
    const dropPackets = keyframesOnly && options.coarse.packetDropping;
    const sampler = new FrameSampler({
      input: options.path, everySec: options.fineSec, width: size.width, height: size.height, keyframesOnly, dropPackets,
      fromSec: Math.max(0, w.fromSec - options.fineSec), toSec: w.toSec, threads: options.tuning?.ffmpegThreads, queueSize: 3,
    });
    const part = await collect(options, { sampler, size, keyframesOnly, packetDropping: dropPackets }, options.fineSec);
    fine.push(...part.frames.filter((f) => f.ptsSec >= w.fromSec - 0.0005 && f.ptsSec < w.toSec));
    partialError ??= part.partialError;
  }
  const frames = mergeFrames(coarse.frames, fine, windows);
  return { frames, coarseFrames: coarse.frames.length, fineFrames: fine.length, windows, partialError };
}

/**
 * A candidate for fine re-sampling: the detection's box overlaps the bounding
 * rectangle of one of the point's zones (generous on purpose: a false
 * candidate costs a fine window, a missed one an incident).
 */
export function overlapsAnyZone(zones: readonly { polygon: readonly (readonly [number, number])[] }[], detection: Detection, source: Size): boolean {
  const { x1, y1, x2, y2 } = detection.box;
  return zones.some((zone) => {
    const xs = zone.polygon.map((p) => p[0]);
    const ys = zone.polygon.map((p) => p[1]);
    return x2 / source.width >= Math.min(...xs) && x1 / source.width <= Math.max(...xs) && y2 / source.height >= Math.min(...ys) && y1 / source.height <= Math.max(...ys);
  });
}
