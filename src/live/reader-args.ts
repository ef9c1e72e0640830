/**
 * Pure builder of the ffmpeg command that reads a live stream for detection:
 * the point's detect input (substream, main stream or a file replayed in real
 * time), one frame kept per sampling interval (the scan's showinfo + scale
 * filter, selecting by spacing rather than the scan's bucket grid), raw RGB at the model's input size on stdout. Keyframes only
 * when the caller knows every interval holds one. Tested without ffmpeg.
 */
import type { PointConfig } from "../config/schema.js";
import { inputArgs, type RecordInput } from "../ffmpeg/record-args.js";
import { samplerFilter } from "../scan/ffmpeg-sampler-args.js";

export interface ReaderArgsOptions {
  input: RecordInput;
  everySec: number;
  width: number;
  height: number;
  keyframesOnly: boolean;
  /** Seconds into the stream the first frame is kept at (see LiveMaintainer's phases). */
  phaseSec?: number;
}

/** Where a point's live frames come from, or why it has none. */
export type DetectInput = { ok: true; input: RecordInput; substream: boolean } | { ok: false; reason: string };

export function detectInput(point: Pick<PointConfig, "source">, ioTimeoutSec: number): DetectInput {
  const { source } = point;
  switch (source.kind) {
    case "rtsp": {
      const url = source.detectUrl ?? source.url;
      // A camera that pushes to us reaches one listener only: the recorder holds `url`.
      if (source.listen && source.detectUrl === undefined) return { ok: false, reason: "a camera that pushes (listen: true) needs a detectUrl substream for live detection" };
      return { ok: true, substream: source.detectUrl !== undefined, input: { kind: "rtsp", url, transport: source.transport, listen: source.listen, ioTimeoutSec } };
    }
    case "http":
      return { ok: true, substream: source.detectUrl !== undefined, input: { kind: "http", url: source.detectUrl ?? source.url, ioTimeoutSec } };
    case "file":
      if (source.live) return { ok: true, substream: false, input: { kind: "file", path: source.path, realtime: true, loop: source.loop ?? false } };
      return { ok: false, reason: "not a live source" };
    default:
      return { ok: false, reason: "not a live source" };
  }
}

export function buildReaderArgs(options: ReaderArgsOptions): string[] {
  return [
    "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info",
    // Keyframes only need no reordering: low_delay hands each one out as soon
    // as it is decoded (~0.2 s sooner on a live stream), B-frames or not.
    ...(options.keyframesOnly ? ["-skip_frame", "nokey", "-flags", "low_delay"] : []),
    ...inputArgs(options.input),
    "-map", "0:v:0",
    "-an", "-sn", "-dn",
    "-vf", samplerFilter({ ...options, select: "spacing" }),
    "-fps_mode", "passthrough",
    // One output thread: with the default, ffmpeg 5 hands each frame out
    // only when the next one is selected, a whole interval late.
    "-threads", "1",
    "-pix_fmt", "rgb24",
    "-f", "rawvideo",
    "pipe:1",
  ];
}

/**
 * Keyframes only is tried first (a camera's GOP is usually 1–2 s, so decoding
 * stays cheap even at 1080p); when the kept frames come further apart than
 * 1.5 intervals (a long GOP), every frame is decoded instead.
 */
export function keyframesTooSparse(ptsSec: readonly number[], everySec: number): boolean {
  if (ptsSec.length < 3) return false;
  const gaps = ptsSec.slice(1).map((t, i) => t - (ptsSec[i] as number)).sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)] as number;
  return median > 1.5 * everySec;
}

/** The input stream's size from ffmpeg's stream listing ("Stream #0:0…: Video: h264 …, 1920x1080 …"), before the output section. */
export function parseInputSize(stderr: string): { width: number; height: number } | null {
  const inputPart = stderr.split(/^Output #0/m)[0] ?? "";
  const match = /Stream #0:\d+.*?: Video: .*?\b(\d{2,5})x(\d{2,5})\b/.exec(inputPart);
  return match ? { width: Number(match[1]), height: Number(match[2]) } : null;
}
