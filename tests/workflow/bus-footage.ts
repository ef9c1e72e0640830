/**
 * Real footage for the closed loop: the sample street scene (vtest.avi,
 * looped) with the double-decker bus photo overlaid by ffmpeg in a bay at the
 * lower left for a time range, as if it parked there and then drove off.
 * Cut into 80 s H.264 segments, as a camera's recorder would, or as one
 * file with a keyframe every second, as a camera sends it (a live replay).
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

export const BUS_PHOTO = path.resolve("samples/pexels_double_decker_bus.jpg");
export const SEGMENT_SEC = 80;
/** Where the bus lands in the 768x576 frame (the detector finds it at about x 50–243, y 348–462). */
export const BUS_AT = { x: 30, y: 300, width: 220 };
/** A no-parking bay round it, normalised. */
export const BAY: [number, number][] = [[0.02, 0.5], [0.4, 0.5], [0.4, 0.9], [0.02, 0.9]];

interface BusTimes {
  seconds: number;
  busFromSec: number;
  busToSec: number;
}

function busInput(options: BusTimes): string[] {
  const enable = `between(t,${options.busFromSec},${options.busToSec - 0.05})`;
  return [
    "-n", "10", "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
    "-stream_loop", "-1", "-i", path.resolve("samples/vtest.avi"), "-loop", "1", "-i", BUS_PHOTO,
    "-filter_complex", `[1:v]scale=${BUS_AT.width}:-2[bus];[0:v][bus]overlay=${BUS_AT.x}:${BUS_AT.y}:enable='${enable}':shortest=1,format=yuv420p[v]`,
    "-map", "[v]", "-t", String(options.seconds), "-r", "10", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "28",
  ];
}

/** `seconds` of the scene with the bus present over [fromSec, toSec), as 80 s segments in `dir`; returns their paths in order. */
export function busFootage(dir: string, name: string, options: BusTimes): string[] {
  execFileSync("nice", [
    ...busInput(options), "-g", "20", "-force_key_frames", `expr:gte(t,n_forced*${SEGMENT_SEC})`,
    "-f", "segment", "-segment_time", String(SEGMENT_SEC), "-reset_timestamps", "1", path.join(dir, `${name}-%02d.mkv`),
  ]);
  return readdirSync(dir).filter((f) => f.startsWith(`${name}-`) && f.endsWith(".mkv")).sort().map((f) => path.join(dir, f));
}

/** The same scene as one MP4 with a keyframe every second, as a camera sends it. */
export function busClip(file: string, options: BusTimes): string {
  execFileSync("nice", [...busInput(options), "-g", "10", "-an", file]);
  return file;
}
