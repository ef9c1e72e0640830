/**
 * ffmpeg argument builders for recording, pure so they are tested without
 * running ffmpeg. A recorder reads one input and writes fixed-length segments
 * with stream copy (Matroska takes any codec, including msmpeg4v3, and a
 * segment cut short by a crash stays readable up to its last cluster).
 *
 * Segment files are named by wall-clock UTC time via -strftime (the child
 * runs with TZ=UTC): `<point>_<YYYYMMDDTHHmmss>Z.mkv`. Each finished segment
 * is announced as a CSV line on stdout (`name,start,end`) and progress goes
 * to fd 3, so the recorder knows when data flows and when a file is complete.
 */
import { hasCredentials, sourceFileArgs } from "./source-file.js";

export { hasCredentials };

/** urlFile: an ffconcat file (mode 0600) holding the URL and its options, so credentials stay off the process list (source-file.ts). */
export type RecordInput =
  | { kind: "rtsp"; url: string; transport?: "tcp" | "udp"; listen?: boolean; ioTimeoutSec: number; urlFile?: string }
  | { kind: "http"; url: string; ioTimeoutSec: number; urlFile?: string }
  | { kind: "file"; path: string; realtime: boolean; loop: boolean }
  | { kind: "playback"; url: string; durationSec: number; ioTimeoutSec: number; urlFile?: string };

export interface SegmentOutput {
  /** Folder the segments are written to (must exist). */
  dir: string;
  pointId: string;
  segmentSec: number;
  /** Cut at wall-clock multiples of segmentSec (live sources). */
  alignToClock: boolean;
}

export const SEGMENT_EXTENSION = "mkv";
export const SEGMENT_NAME_PATTERN = "%Y%m%dT%H%M%SZ";

export function inputArgs(input: RecordInput): string[] {
  switch (input.kind) {
    case "rtsp":
      if (input.urlFile) return sourceFileArgs(input.urlFile);
      return [
        ...(input.listen ? ["-rtsp_flags", "listen"] : ["-timeout", micros(input.ioTimeoutSec)]),
        ...(input.transport ? ["-rtsp_transport", input.transport] : []),
        "-i",
        input.url,
      ];
    case "http":
      if (input.urlFile) return sourceFileArgs(input.urlFile);
      return ["-rw_timeout", micros(input.ioTimeoutSec), "-i", input.url];
    case "file":
      return [...(input.realtime ? ["-re"] : []), ...(input.loop ? ["-stream_loop", "-1"] : []), "-i", input.path];
    case "playback":
      if (input.urlFile) return [...sourceFileArgs(input.urlFile), "-t", String(input.durationSec)];
      return [
        ...(input.url.startsWith("rtsp") ? ["-rtsp_transport", "tcp", "-timeout"] : ["-rw_timeout"]),
        micros(input.ioTimeoutSec),
        "-i",
        input.url,
        "-t",
        String(input.durationSec),
      ];
  }
}

/**
 * Why `-ss 0.001` after the input of an RTSP camera: over RTSP, ffmpeg 5.1's
 * demuxer hands on the first frame of a stream with B-frames (H.264 High,
 * HEVC; `has_b_frames` > 0) with no timestamp at all (RTP carries only
 * presentation times, and the first one is lost while the decoder delay is
 * being established). Stream copy passes it on and every muxer refuses it
 * ("[matroska] Can't write packet with unknown timestamp"; MPEG-TS "first pts
 * and dts value must be set"; MP4 "pts has no value"), which ends the run
 * with an unreadable segment, again after every reconnect. Tried on this
 * ffmpeg and no help: `-fflags +genpts` / `+igndts` (nothing to generate
 * from), `-use_wallclock_as_timestamps 1` (the packet is dropped of its time
 * later, in the parser), `-avoid_negative_ts`, mpegts or mp4 segments. An
 * output start time makes ffmpeg's stream copy skip every packet before it,
 * and a packet without a time counts as being at the start, so it is
 * skipped; copying then begins at the next keyframe (copy never starts on a
 * non-keyframe). The price is at most one keyframe interval per connection;
 * the timestamps after it are the camera's own (B-frame order intact).
 */
export const RTSP_SKIP_UNTIMED = ["-ss", "0.001"] as const;

export function segmentOutputArgs(output: SegmentOutput, input?: RecordInput): string[] {
  return [
    "-map", "0:v:0",
    "-map", "0:a?",
    ...(input && isRtsp(input) ? RTSP_SKIP_UNTIMED : []),
    "-c", "copy",
    "-f", "segment",
    "-segment_time", String(output.segmentSec),
    ...(output.alignToClock ? ["-segment_atclocktime", "1"] : []),
    "-segment_format", "matroska",
    "-reset_timestamps", "1",
    "-strftime", "1",
    "-segment_list", "pipe:1",
    "-segment_list_type", "csv",
    `${output.dir}/${output.pointId}_${SEGMENT_NAME_PATTERN}.${SEGMENT_EXTENSION}`,
  ];
}

/** The whole command line for one recording run. */
export function buildRecordArgs(input: RecordInput, output: SegmentOutput): string[] {
  return ["-hide_banner", "-nostats", "-loglevel", "warning", "-progress", "pipe:3", ...inputArgs(input), ...segmentOutputArgs(output, input)];
}

function isRtsp(input: RecordInput): boolean {
  return input.kind === "rtsp" || (input.kind === "playback" && input.url.startsWith("rtsp"));
}

/** One finished segment as announced on stdout by -segment_list_type csv. */
export interface SegmentListEntry {
  name: string;
  startSec: number;
  endSec: number;
}

export function parseSegmentListLine(line: string): SegmentListEntry | null {
  const match = /^(.*),(-?[\d.]+),(-?[\d.]+)$/.exec(line.trim());
  if (!match) return null;
  const name = match[1]?.replace(/^"(.*)"$/, "$1") ?? "";
  return { name, startSec: Number(match[2]), endSec: Number(match[3]) };
}

/** Extra environment for the recording child: strftime names in UTC. */
export const RECORD_ENV = { TZ: "UTC" } as const;

function micros(seconds: number): string {
  return String(Math.round(seconds * 1_000_000));
}

/** One time range fetched from an NVR's playback URL into a single Matroska file (urlFile: see source-file.ts). */
export function buildPlaybackArgs(url: string, durationSec: number, ioTimeoutSec: number, outFile: string, urlFile?: string): string[] {
  return [
    "-hide_banner", "-nostats", "-loglevel", "warning", "-progress", "pipe:3", "-y",
    ...inputArgs({ kind: "playback", url, durationSec, ioTimeoutSec, ...(urlFile ? { urlFile } : {}) }),
    "-map", "0:v:0", "-map", "0:a?", ...(url.startsWith("rtsp") ? RTSP_SKIP_UNTIMED : []), "-c", "copy", "-f", "matroska", outFile,
  ];
}
