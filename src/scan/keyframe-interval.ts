/**
 * Measures a segment's keyframe interval from the packet flags of its first
 * seconds (no decoding, so it is cheap and works the same for H.264, HEVC and
 * older codecs). The largest gap is used: keyframes-only decoding is safe only
 * if every sampling interval holds a keyframe.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { KerbsideError } from "../errors.js";
import { locateFfmpeg } from "../ffmpeg/locate.js";

const run = promisify(execFile);

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
  times.sort((a, b) => a - b);
  let gap: number | null = null;
  for (let i = 1; i < times.length; i++) {
    const d = (times[i] as number) - (times[i - 1] as number);
    if (d > 0) gap = gap === null ? d : Math.max(gap, d);
  }
  return gap;
}

export async function probeKeyframeInterval(input: string, windowSec = 30): Promise<number | null> {
  const { ffprobe } = locateFfmpeg();
  try {
    const { stdout } = await run(ffprobe, keyframeProbeArgs(input, windowSec), { maxBuffer: 64 * 1024 * 1024 });
    return keyframeIntervalFromCsv(stdout);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new KerbsideError(
      "KERB_ERR_FOOTAGE_UNREADABLE",
      `cannot read packets of ${input}: ${stderr.trim() || (error as Error).message}`,
      { cause: error },
    );
  }
}
