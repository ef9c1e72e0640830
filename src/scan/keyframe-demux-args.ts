/**
 * Pure builders of the packet-dropping sampler's two ffmpeg commands. When the
 * sampling interval is at least the keyframe spacing, `-skip_frame nokey`
 * still decodes every keyframe (five per 10 s at a 2 s GOP) to keep one. Here
 * a stream-copy demuxer keeps only the first keyframe of each sampling bucket
 * (the `noise` bitstream filter's drop expression) and pipes them as Matroska
 * to the decoding ffmpeg, which then decodes exactly the frames it keeps.
 *
 * Times: the demuxer shifts timestamps by the file's start time exactly as a
 * decoding ffmpeg does, and the decoder keeps them (`-copyts`), so showinfo
 * reports the same seconds-from-file-start the one-process sampler does.
 * Matroska's time base is 1 ms, which is also the scan's time resolution.
 */
import { samplerFilter, type SamplerArgsOptions } from "./ffmpeg-sampler-args.js";

/** Matroska's fixed time base: packets reach the bitstream filter in it. */
const MATROSKA_TICKS_PER_SEC = 1000;

/**
 * The noise bsf's drop expression: 0 (keep) for the first keyframe whose
 * bucket floor(t / everySec) is past the last kept one, 1 (drop) otherwise.
 * Register 0 holds the last kept bucket + 1 (0: none yet), so irregular
 * keyframe spacing still yields at most one frame per bucket. ffmpeg 5.1
 * hands the filter packets in the muxer's time base but reports the input's
 * as `tb`, so the expression uses Matroska's fixed 1 ms instead of `tb`.
 */
export function keyframeDropExpression(everySec: number): string {
  if (!(everySec > 0) || !Number.isFinite(everySec)) throw new RangeError(`everySec must be > 0, got ${everySec}`);
  const n = formatNumber(everySec);
  // +0.5 ms as in the select expression: a keyframe exactly on a boundary is not lost to rounding.
  const bucket = `floor((pts/${MATROSKA_TICKS_PER_SEC}+0.0005)/${n})+1`;
  return `if(key*gt(${bucket},ld(0)),st(0,${bucket})*0,1)`;
}

/** Stream-copies the first video stream, keyframes only, one per bucket, as Matroska on stdout. */
export function buildKeyframeDemuxArgs(options: Pick<SamplerArgsOptions, "input" | "everySec" | "fromSec" | "toSec">): string[] {
  // Commas inside a -bsf option value separate filters unless escaped.
  const drop = keyframeDropExpression(options.everySec).replaceAll(",", "\\,");
  // A window of the file: timestamps stay seconds from the file start (copyts
  // shifted by the start time, as without a seek), so the buckets do not move.
  const seek = options.fromSec !== undefined && options.fromSec > 0 ? ["-copyts", "-start_at_zero", "-ss", String(options.fromSec)] : [];
  const to = options.toSec !== undefined ? ["-to", String(options.toSec)] : [];
  return [
    "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error",
    ...seek, ...to,
    // No `-discard nokey`: ffmpeg 5.1's MP4 demuxer then misreads the pts of
    // B-frame footage (its composition offsets go out of step); reading the
    // packets costs little next to decoding them.
    "-i", options.input,
    "-map", "0:v:0",
    "-c", "copy",
    "-bsf:v", `noise=drop='${drop}'`,
    "-f", "matroska",
    "pipe:1",
  ];
}

export interface KeyframeDecodeOptions extends Pick<SamplerArgsOptions, "everySec" | "width" | "height"> {
  /** ffmpeg decoder threads (default: ffmpeg's choice). */
  threads?: number;
}

/**
 * Decodes the piped keyframes: the same select (a guard: the demuxer already
 * kept one per bucket), showinfo and scale chain as the one-process sampler.
 */
export function buildKeyframeDecodeArgs(options: KeyframeDecodeOptions): string[] {
  const threads = options.threads !== undefined ? ["-threads", String(options.threads)] : [];
  return [
    "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info",
    "-copyts",
    ...threads,
    "-f", "matroska",
    "-i", "pipe:0",
    "-map", "0:v:0",
    "-an", "-sn", "-dn",
    "-vf", samplerFilter(options),
    "-fps_mode", "passthrough",
    "-pix_fmt", "rgb24",
    "-f", "rawvideo",
    "pipe:1",
  ];
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(6).replace(/0+$/, "");
}
