/**
 * Camera-like benchmark footage, generated from samples/vtest.avi and never
 * committed: H.264 High profile, CABAC, -preset medium, 1080p25, a keyframe
 * every 2 s, ~4 Mbit/s — how street cameras and NVRs record. Two minutes are
 * encoded once (cached in the OS temp dir, keyed by the settings) and looped
 * by stream copy to the length asked for.
 */
import { execFileSync } from "node:child_process";
import { existsSync, renameSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const VTEST = path.resolve("samples/vtest.avi");
const ENCODE = ["-vf", "scale=1920:1080,fps=25", "-c:v", "libx264", "-profile:v", "high", "-coder", "cabac", "-preset", "medium",
  "-b:v", "4M", "-maxrate", "4M", "-bufsize", "8M", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-an"];
export const CAMERA_LABEL = "H.264 High/CABAC medium 1080p25, GOP 2 s, 4 Mbit/s";

function ffmpeg(args: string[]): void {
  execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", ...args], { stdio: ["ignore", "ignore", "inherit"] });
}

/** The 2-minute encode (cached across runs: it takes minutes on a loaded 2-core box). */
export function cameraClip(): string {
  const file = path.join(os.tmpdir(), "kerbside-bench-camera-1080p25-gop2s-4M-medium-120s.mp4");
  if (existsSync(file)) return file;
  const temp = `${file}.${process.pid}.tmp.mp4`;
  console.log("encoding the camera-like clip (once; cached in the temp dir)…");
  ffmpeg(["-stream_loop", "1", "-i", VTEST, "-t", "120", ...ENCODE, temp]);
  renameSync(temp, file);
  return file;
}

/** `minutes` of camera-like footage in `dir` (the clip looped by stream copy). */
export function cameraFootage(dir: string, minutes: number): string {
  const clip = cameraClip();
  const out = path.join(dir, `camera-${minutes}min.mp4`);
  if (!existsSync(out)) ffmpeg(["-stream_loop", String(Math.ceil(minutes / 2) - 1), "-i", clip, "-t", String(minutes * 60), "-c", "copy", out]);
  return out;
}
