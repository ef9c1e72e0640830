/**
 * Whether a segment's keyframes can be decoded on their own, one per bucket,
 * by the packet-dropping sampler. H.264 IDR frames and HEVC IDR/BLA frames
 * reset the picture order count, so any subset decodes. HEVC CRA keyframes
 * (open GOP, x265's default) do not: fed only CRAs, ffmpeg's decoder stops
 * with "Duplicate POC". The NAL unit types of the first keyframes are read
 * with the trace_headers bitstream filter (stream copy, no decoding).
 */
import { runTool } from "../ffmpeg/run-tool.js";

/** Three keyframes are read by stream copy in a moment; past this ffmpeg is wedged. */
const TRACE_TIMEOUT_MS = 30_000;

/** HEVC clean random access picture. */
const HEVC_CRA = 21;

export function keyframeTraceArgs(input: string, keyframes: number): string[] {
  return [
    "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info",
    "-i", input,
    "-map", "0:v:0",
    "-c", "copy",
    "-bsf:v", "noise=drop=not(key),trace_headers",
    "-frames:v", String(keyframes),
    "-f", "null", "-",
  ];
}

/** NAL unit types trace_headers printed, in order. */
export function nalUnitTypes(trace: string): number[] {
  return [...trace.matchAll(/\bnal_unit_type\s+[01]+ = (\d+)/g)].map((m) => Number(m[1]));
}

/** true when the trace shows an HEVC CRA keyframe. */
export function hasOpenGop(trace: string): boolean {
  return nalUnitTypes(trace).includes(HEVC_CRA);
}

/**
 * true when every sampled keyframe can be decoded without the packets
 * between: always for codecs other than HEVC; for HEVC when its first few
 * keyframes are not CRA pictures. Unreadable files answer false (the regular
 * sampler then reports the error).
 */
export async function keyframesDecodeAlone(input: string, codec: string): Promise<boolean> {
  if (codec !== "hevc") return true;
  try {
    const { stderr } = await runTool("ffmpeg", keyframeTraceArgs(input, 3), { timeoutMs: TRACE_TIMEOUT_MS, subject: input, stderrChars: 1024 * 1024 });
    return !hasOpenGop(stderr);
  } catch {
    return false; // unreadable here: the decode-everything path reports why
  }
}
