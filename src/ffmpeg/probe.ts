/**
 * ffprobe wrapper: what the index needs to know about a footage file.
 * Anything ffprobe cannot read (corrupt, truncated, not a video) becomes a
 * KERB_ERR_FOOTAGE_UNREADABLE carrying ffprobe's own reason.
 */
import { KerbsideError } from "../errors.js";
import { largestKeyframeGap } from "./keyframe-interval.js";
import { runTool, ToolError } from "./run-tool.js";

export interface VideoProbe {
  durationSec: number;
  codec: string;
  width: number;
  height: number;
  fps: number;
  /**
   * Largest keyframe gap in the first 30 s (null: fewer than two keyframes
   * there), when the probe walked the packets anyway (MP4/MOV, for the
   * readable end): the scan then needs no probe of its own.
   */
  keyframeGapSec?: number | null;
  /** Set when the file claims more than it holds (an MP4 cut short): the duration its header claims. */
  claimedDurationSec?: number;
}

interface FfprobeJson {
  streams?: { codec_name?: string; width?: number; height?: number; avg_frame_rate?: string; r_frame_rate?: string; duration?: string }[];
  format?: { duration?: string; format_name?: string };
  packets?: { pts_time?: string; duration_time?: string; flags?: string }[];
}

export async function probeVideo(file: string, options: { timeoutMs?: number } = {}): Promise<VideoProbe> {
  const json = await runFfprobe(file, ["-show_entries", "stream=codec_name,width,height,avg_frame_rate,r_frame_rate,duration:format=duration,format_name"], options.timeoutMs);
  return withReadableEnd(file, json, parseProbe(file, await withMeasuredDuration(file, json, options.timeoutMs)), options.timeoutMs);
}

/** Turns ffprobe's JSON into a VideoProbe; pure, exported for tests. */
export function parseProbe(file: string, json: FfprobeJson): VideoProbe {
  const stream = json.streams?.[0];
  if (!stream?.codec_name) throw unreadable(file, "no video stream");
  const duration = Number(json.format?.duration ?? stream.duration);
  if (!Number.isFinite(duration) || duration <= 0) throw unreadable(file, "no duration (file truncated or still being written?)");
  return {
    durationSec: duration,
    codec: stream.codec_name,
    width: stream.width ?? 0,
    height: stream.height ?? 0,
    fps: parseRate(stream.avg_frame_rate) || parseRate(stream.r_frame_rate),
  };
}

/**
 * A Matroska file whose muxer never wrote its trailer (recorder killed, power
 * loss) has no duration in its header but is readable up to its last
 * cluster: its duration is then measured from the packets it holds.
 */
async function withMeasuredDuration(file: string, json: FfprobeJson, timeoutMs: number | undefined): Promise<FfprobeJson> {
  const stream = json.streams?.[0];
  if (!stream?.codec_name || Number(json.format?.duration ?? stream.duration) > 0) return json;
  const span = packetSpan(await runFfprobe(file, ["-show_entries", "packet=pts_time,duration_time"], timeoutMs));
  return span === undefined ? json : { ...json, format: { ...json.format, duration: String(span) } };
}

/** Header and packets may disagree by a frame or two; more than this is a file cut short. */
const TRUNCATION_TOLERANCE_SEC = 1;

/**
 * An MP4/MOV whose index sits at the front ("faststart", as NVR exports are)
 * keeps claiming its full length when the file is cut short (a copy that
 * stopped half-way): ffprobe reports the header's duration, but the packets
 * end where the bytes do. For these containers the duration indexed is the
 * end of the last packet actually in the file, so the rest shows up as a gap
 * in coverage and a scan never counts it as seen.
 */
async function withReadableEnd(file: string, json: FfprobeJson, probe: VideoProbe, timeoutMs: number | undefined): Promise<VideoProbe> {
  if (!/\b(mov|mp4)\b/.test(json.format?.format_name ?? "")) return probe;
  const packets = await runFfprobe(file, ["-select_streams", "v:0", "-show_entries", "packet=pts_time,duration_time,flags"], timeoutMs);
  const span = packetSpan(packets);
  if (span === undefined) throw unreadable(file, `no readable packets (its header claims ${probe.durationSec.toFixed(1)} s)`);
  const walked = { ...probe, keyframeGapSec: keyframeGap(packets) };
  if (span >= probe.durationSec - TRUNCATION_TOLERANCE_SEC) return walked;
  return { ...walked, durationSec: span, claimedDurationSec: probe.durationSec };
}

/** Seconds from the first packet's start to the last one's end; pure, exported for tests. */
export function packetSpan(json: FfprobeJson): number | undefined {
  let first = Infinity;
  let end = -Infinity;
  for (const packet of json.packets ?? []) {
    const pts = Number(packet.pts_time);
    if (packet.pts_time === undefined || !Number.isFinite(pts)) continue;
    first = Math.min(first, pts);
    end = Math.max(end, pts + (Number(packet.duration_time) || 0));
  }
  return end > first ? end - first : undefined;
}

/** The largest keyframe gap in the packets' first 30 s (keyframe-interval.ts); pure, exported for tests. */
export function keyframeGap(json: FfprobeJson): number | null {
  const times: number[] = [];
  let first = Infinity;
  for (const p of json.packets ?? []) {
    const t = Number(p.pts_time);
    if (p.pts_time === undefined || !Number.isFinite(t)) continue;
    first = Math.min(first, t);
    if (p.flags?.startsWith("K")) times.push(t);
  }
  return largestKeyframeGap(times, first);
}

function parseRate(rate: string | undefined): number {
  if (!rate) return 0;
  const [num, den] = rate.split("/").map(Number);
  if (num === undefined || !Number.isFinite(num)) return 0;
  return den ? num / den : num;
}

/** Default limit for one ffprobe run; a probe that passes it is reported, never waited on for ever. */
export const PROBE_TIMEOUT_MS = 30_000;

async function runFfprobe(file: string, entries: string[], timeoutMs = PROBE_TIMEOUT_MS): Promise<FfprobeJson> {
  const args = ["-v", "error", "-select_streams", "v:0", ...entries, "-of", "json", file];
  let stdout: Buffer;
  try {
    ({ stdout } = await runTool("ffprobe", args, { timeoutMs, subject: file, maxStdoutBytes: 32 * 1024 * 1024 }));
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    const lines = error.stderr.split("\n").map((line) => line.split(`${file}: `).join(""));
    const reason = error.timedOut ? `ffprobe timed out after ${timeoutMs} ms` : lines.slice(-3).join("; ") || error.message;
    throw unreadable(file, reason);
  }
  try {
    return JSON.parse(stdout.toString("utf8")) as FfprobeJson;
  } catch (parseError) {
    throw new KerbsideError("KERB_ERR_FOOTAGE_UNREADABLE", `${file}: ffprobe printed unparsable output`, { cause: parseError });
  }
}

function unreadable(file: string, reason: string): KerbsideError {
  return new KerbsideError("KERB_ERR_FOOTAGE_UNREADABLE", `${file}: ${reason}`);
}

/** The ffprobe reason without the leading file name (for the index's error column). */
export function unreadableReason(error: KerbsideError, file: string): string {
  return error.message.startsWith(`${file}: `) ? error.message.slice(file.length + 2) : error.message;
}
