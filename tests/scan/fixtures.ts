/**
 * Test footage built from the real sample vtest.avi with ffmpeg: a stream-copy
 * loop of a few minutes, and short H.264 / HEVC re-encodes with a known GOP to
 * exercise keyframe-only decoding and MP4 stream-copy clips.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const VTEST = path.resolve("samples/vtest.avi");
/** vtest.avi: 768x576, 10 fps, 79.5 s. */
export const VTEST_SIZE = { width: 768, height: 576 };
export const VTEST_DURATION_SEC = 79.5;

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `kerbside-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function ffmpeg(args: string[]): void {
  execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", ...args], { stdio: ["ignore", "ignore", "inherit"] });
}

/** vtest.avi played `loops` times back to back (stream copy, .avi). */
export function loopVtest(dir: string, loops: number, name = "vtest-loop.avi"): string {
  const out = path.join(dir, name);
  ffmpeg(["-stream_loop", String(loops - 1), "-i", VTEST, "-c", "copy", out]);
  return out;
}

/** The first `seconds` of vtest.avi re-encoded with a keyframe every `gopFrames` frames. */
export function encodeVtest(dir: string, options: { codec: "h264" | "hevc"; seconds: number; gopFrames: number; name: string; width?: number }): string {
  const out = path.join(dir, options.name);
  const scale = options.width ? ["-vf", `scale=${options.width}:-2`] : [];
  const codec =
    options.codec === "h264"
      ? ["-c:v", "libx264", "-preset", "ultrafast", "-g", String(options.gopFrames), "-keyint_min", String(options.gopFrames), "-sc_threshold", "0"]
      : ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", `keyint=${options.gopFrames}:min-keyint=${options.gopFrames}:scenecut=0:log-level=error`];
  ffmpeg(["-i", VTEST, "-t", String(options.seconds), ...scale, ...codec, "-pix_fmt", "yuv420p", "-an", out]);
  return out;
}
