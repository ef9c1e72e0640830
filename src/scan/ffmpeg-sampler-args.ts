/**
 * Pure builder of the ffmpeg command that samples one footage segment: decode
 * (keyframes only when the sampling interval is at least the keyframe
 * interval), keep the first frame of each interval bucket, log each kept
 * frame's pts through `showinfo` on stderr, scale to the detector's input and
 * write tightly packed RGB to stdout. Tested without running ffmpeg.
 */

export interface SamplerArgsOptions {
  /** Footage file. */
  input: string;
  /** Seconds between sampled frames (> 0). */
  everySec: number;
  /** Output frame size (already the detector's input, or its fit). */
  width: number;
  height: number;
  /** Decode keyframes only (`-skip_frame nokey`). */
  keyframesOnly: boolean;
  /**
   * Start decoding this many seconds into the file (input seek). Frame times
   * stay seconds from the file start (-copyts), on the same bucket grid.
   */
  fromSec?: number;
  /** Stop at this many seconds into the file. */
  toSec?: number;
}

/**
 * The select expression keeps a frame when it is the first one in a new
 * `everySec` bucket of the file's timeline, so sample times never drift and a
 * sparse (keyframe-only) stream still yields at most one frame per bucket.
 */
export function selectExpression(everySec: number): string {
  if (!(everySec > 0) || !Number.isFinite(everySec)) throw new RangeError(`everySec must be > 0, got ${everySec}`);
  const n = formatNumber(everySec);
  // +0.5 ms so a frame exactly on a bucket boundary (t = 0.3, N = 0.1) is not
  // lost to floating point (0.3/0.1 = 2.9999…).
  return `isnan(prev_selected_t)+gt(floor((t+0.0005)/${n}),floor((prev_selected_t+0.0005)/${n}))`;
}

/**
 * Live streams keep a frame once `everySec` (less a little jitter) has passed
 * since the last kept one. A fixed bucket grid suits a file (resumable,
 * drift-free) but not a camera: a keyframe stamped a hair before a bucket
 * boundary lands in the bucket already served and the next is kept a whole
 * GOP late, so a 10 s point at a 2 s GOP waited 12 s at times.
 */
export function spacingSelectExpression(everySec: number, phaseSec = 0): string {
  if (!(everySec > 0) || !Number.isFinite(everySec)) throw new RangeError(`everySec must be > 0, got ${everySec}`);
  const jitter = Math.min(0.25, everySec / 20);
  const spaced = `isnan(prev_selected_t)+gte(t-prev_selected_t,${formatNumber(everySec - jitter)})`;
  // The first frame is kept phaseSec into the stream, so points started together do not all sample at the same moment.
  return phaseSec > 0 ? `gte(t-start_t,${formatNumber(phaseSec)})*(${spaced})` : spaced;
}

export interface SamplerFilterOptions extends Pick<SamplerArgsOptions, "everySec" | "width" | "height"> {
  /** "buckets" (files, the default) or "spacing" (live streams, optionally from phaseSec on). */
  select?: "buckets" | "spacing";
  phaseSec?: number;
}

export function samplerFilter(options: SamplerFilterOptions): string {
  const { width, height } = options;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`output size must be positive integers, got ${width}x${height}`);
  }
  // showinfo sits after select (one line per kept frame) and before scale
  // (cheap: no checksum); its pts are in the filter's input time base.
  return [
    `select='${options.select === "spacing" ? spacingSelectExpression(options.everySec, options.phaseSec) : selectExpression(options.everySec)}'`,
    "showinfo=checksum=0",
    `scale=${width}:${height}:flags=bilinear`,
  ].join(",");
}

export function buildSamplerArgs(options: SamplerArgsOptions): string[] {
  const args = ["-hide_banner", "-nostdin", "-nostats", "-loglevel", "info"];
  if (options.keyframesOnly) args.push("-skip_frame", "nokey");
  if (options.fromSec !== undefined && options.fromSec > 0) args.push("-copyts", "-start_at_zero", "-ss", formatNumber(options.fromSec));
  if (options.toSec !== undefined) args.push("-to", formatNumber(options.toSec));
  args.push(
    "-i", options.input,
    "-map", "0:v:0",
    "-an", "-sn", "-dn",
    "-vf", samplerFilter(options),
    "-fps_mode", "passthrough",
    "-pix_fmt", "rgb24",
    "-f", "rawvideo",
    "pipe:1",
  );
  return args;
}

/**
 * Keyframes-only decoding is chosen when every interval bucket is sure to hold
 * a keyframe: the interval is at least the largest keyframe gap measured.
 */
export function shouldDecodeKeyframesOnly(everySec: number, keyframeIntervalSec: number | null): boolean {
  return keyframeIntervalSec !== null && keyframeIntervalSec > 0 && everySec >= keyframeIntervalSec;
}

/** The size frames are sampled at: the model's input (stretch) or the source fitted into it (letterbox). */
export function sampleSize(
  source: { width: number; height: number },
  model: { width: number; height: number; resize: "stretch" | "letterbox" },
): { width: number; height: number } {
  if (model.resize === "stretch") return { width: model.width, height: model.height };
  const scale = Math.min(model.width / source.width, model.height / source.height);
  return {
    width: Math.max(2, Math.round((source.width * scale) / 2) * 2),
    height: Math.max(2, Math.round((source.height * scale) / 2) * 2),
  };
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(6).replace(/0+$/, "");
}
