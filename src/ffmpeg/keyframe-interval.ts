/**
 * Measures a segment's keyframe interval from the packet flags of its first
 * seconds (no decoding, so it is cheap and works the same for H.264, HEVC and
 * older codecs). The largest gap is used: keyframes-only decoding is safe only
 * if every sampling interval holds a keyframe.
 */
import { KerbsideError } from "../errors.js";
import { runTool, ToolError } from "./run-tool.js";

export function keyframeProbeArgs(input: string, windowSec: number): string[] {
  return [
    "-v", "error",
    "-select_streams", "v:0",
    "-show_entries", "packet=pts_time,dts_time,flags",
    "-of", "csv=p=0",
    "-read_intervals", `%+${windowSec}`,
    input,
  ];
}

/**
 * Largest gap between consecutive keyframes in ffprobe's csv output
 * (`pts_time,dts_time,flags` per packet), or null when fewer than two
 * keyframes were seen (the interval is longer than the window).
 */
export function keyframeIntervalFromCsv(csv: string): number | null {
  const times: number[] = [];
  for (const line of csv.split("\n")) {
    const [pts, dts, flags] = line.trim().split(",");
    if (!flags?.includes("K")) continue;
    const t = Number(pts !== "N/A" && pts !== "" ? pts : dts);
    if (Number.isFinite(t)) times.push(t);
  }
  return largestKeyframeGap(times);
}

/** The window of a file's start the keyframe interval is measured over. */
export const KEYFRAME_WINDOW_SEC = 30;

/**
 * Largest gap between consecutive keyframe times (any order) within
 * `windowSec` of the earliest packet, or null when fewer than two keyframes
 * lie in it. The same figure whether the packets came from this probe or from
 * the footage index's packet walk (probe.ts).
 */
export function largestKeyframeGap(keyframeTimes: readonly number[], firstPacketSec = Math.min(...keyframeTimes), windowSec = KEYFRAME_WINDOW_SEC): number | null {
  const times = keyframeTimes.filter((t) => t <= firstPacketSec + windowSec).sort((a, b) => a - b);
  let gap: number | null = null;
  for (let i = 1; i < times.length; i++) {
    const d = (times[i] as number) - (times[i - 1] as number);
    if (d > 0) gap = gap === null ? d : Math.max(gap, d);
  }
  return gap;
}

/** A packet listing of 30 s reads no frames; minutes means ffprobe is wedged (a stalled network mount). */
export const KEYFRAME_PROBE_TIMEOUT_MS = 30_000;

export async function probeKeyframeInterval(input: string, windowSec = KEYFRAME_WINDOW_SEC, timeoutMs = KEYFRAME_PROBE_TIMEOUT_MS): Promise<number | null> {
  try {
    const { stdout } = await runTool("ffprobe", keyframeProbeArgs(input, windowSec), { timeoutMs, subject: input });
    return keyframeIntervalFromCsv(stdout.toString("utf8"));
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    const reason = error.timedOut ? error.message : error.stderr || error.message;
    throw new KerbsideError("KERB_ERR_FOOTAGE_UNREADABLE", `cannot read packets of ${input}: ${reason}`, { cause: error });
  }
}
