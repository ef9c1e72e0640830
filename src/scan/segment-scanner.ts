/**
 * One segment through the hot path: ffmpeg samples frames at the detector's
 * input size (its own process), the detector runs them (in a worker: several
 * frames in flight so neither side waits), and the detections, mapped back to
 * source pixels, are handed on in footage-time order. Memory is bounded by the
 * sampler's queue plus `inFlight` frames.
 */
import type { DetectOptions, Detection, Detector } from "../detect/types.js";
import { toSourcePixels, type Size } from "./box-scale.js";
import { sampleSize, shouldDecodeKeyframesOnly } from "./ffmpeg-sampler-args.js";
import { FrameSampler } from "./frame-sampler.js";

export interface SampledDetections {
  /** Footage time, epoch ms. */
  timeMs: number;
  /** Seconds into the segment file. */
  ptsSec: number;
  /** Boxes in source pixels. */
  detections: Detection[];
  source: Size;
}

export interface SegmentScanOptions {
  path: string;
  startMs: number;
  source: Size;
  everySec: number;
  /** Largest keyframe gap (null: unknown or longer than the probe window). */
  keyframeIntervalSec: number | null;
  detector: Detector;
  detectOptions?: DetectOptions;
  /** Frames sent to the detector before the oldest result is awaited (default 2). */
  inFlight?: number;
  /** Sampler queue (default 3). */
  queueSize?: number;
  /** Called in time order; awaited before the next result is handled. */
  onFrame: (frame: SampledDetections) => void | Promise<void>;
  /** Stops the scan between frames when aborted. */
  signal?: AbortSignal;
  /** A sampler opened (and maybe started) ahead of time with openSegmentSampler. */
  prepared?: SegmentSampler;
}

export interface SegmentScanResult {
  frames: number;
  keyframesOnly: boolean;
  packetDropping: boolean;
  /** ffmpeg failed after some frames (a damaged tail); the frames before it were used. */
  partialError: string | null;
}

type Settled = { ok: true; value: SampledDetections } | { ok: false; error: unknown };

/** How segments are sampled; the defaults are the fastest exact choice. */
export interface SamplerTuning {
  /**
   * Drop the packets not needed before the decoder when keyframes suffice
   * (packet-dropping-sampler.ts; default true). false: every keyframe is
   * decoded and one per bucket kept (the one-process sampler).
   */
  packetDropping?: boolean;
  /** ffmpeg decoder threads (default: ffmpeg's own choice). */
  ffmpegThreads?: number;
}

export interface SegmentSamplerOptions {
  path: string;
  source: Size;
  everySec: number;
  keyframeIntervalSec: number | null;
  /** The keyframes decode without the packets between (open-gop-probe.ts); default true. */
  keyframesDecodeAlone?: boolean;
  tuning?: SamplerTuning;
  /** The detector's input: frames are sampled at its size (or its fit, for letterbox models). */
  input: { width: number; height: number; resize: "stretch" | "letterbox" };
  queueSize?: number;
}

export interface SegmentSampler {
  sampler: FrameSampler;
  size: Size;
  keyframesOnly: boolean;
  packetDropping: boolean;
}

/** The sampler for one segment: frame size from the model, keyframes only when the interval allows. */
export function openSegmentSampler(options: SegmentSamplerOptions): SegmentSampler {
  const size = sampleSize(options.source, options.input);
  const keyframesOnly = shouldDecodeKeyframesOnly(options.everySec, options.keyframeIntervalSec);
  const packetDropping = keyframesOnly && (options.keyframesDecodeAlone ?? true) && (options.tuning?.packetDropping ?? true);
  const sampler = new FrameSampler({
    input: options.path,
    everySec: options.everySec,
    width: size.width,
    height: size.height,
    keyframesOnly,
    dropPackets: packetDropping,
    threads: options.tuning?.ffmpegThreads,
    queueSize: options.queueSize ?? 3,
  });
  return { sampler, size, keyframesOnly, packetDropping };
}

export async function scanSegment(options: SegmentScanOptions): Promise<SegmentScanResult> {
  const { detector, source } = options;
  const { sampler, size, keyframesOnly, packetDropping } =
    options.prepared ?? openSegmentSampler({ ...options, input: detector.card.input });
  const depth = Math.max(1, options.inFlight ?? 2);
  const pending: Promise<Settled>[] = [];
  let frames = 0;
  const handleOldest = async (): Promise<void> => {
    const settled = await (pending.shift() as Promise<Settled>);
    if (!settled.ok) throw settled.error;
    frames++;
    await options.onFrame(settled.value);
  };
  try {
    for await (const sample of sampler) {
      const timeMs = options.startMs + Math.round(sample.ptsSec * 1000);
      const run = detector.detect(sample.frame, options.detectOptions).then(
        (found): Settled => ({ ok: true, value: { timeMs, ptsSec: sample.ptsSec, detections: toSourcePixels(found, size, source), source } }),
        (error: unknown): Settled => ({ ok: false, error }),
      );
      pending.push(run);
      if (pending.length >= depth) await handleOldest();
      options.signal?.throwIfAborted();
    }
    while (pending.length > 0) await handleOldest();
  } finally {
    await sampler.close();
    await Promise.all(pending);
  }
  return { frames, keyframesOnly, packetDropping, partialError: sampler.partialError };
}
