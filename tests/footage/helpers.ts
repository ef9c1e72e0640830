// Shared test helpers for the footage tests: real clips cut from the sample
// footage with ffmpeg, broken files, free ports, and a silent logger.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import type { Logger } from "../../src/log.js";

export const SAMPLE = path.resolve("samples/vtest.avi");

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `kerbside-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A stream-copied clip of the sample (msmpeg4v3 in the given container). */
export function makeClip(file: string, seconds: number, offsetSec = 0): string {
  execFileSync("ffmpeg", ["-v", "error", "-y", "-ss", String(offsetSec), "-t", String(seconds), "-i", SAMPLE, "-c", "copy", file]);
  return file;
}

/** An H.264 clip with a keyframe every second, as a camera would send. */
export function makeH264Clip(file: string, seconds: number): string {
  execFileSync("ffmpeg", [
    "-v", "error", "-y", "-t", String(seconds), "-i", SAMPLE,
    "-vf", "scale=384:288", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-pix_fmt", "yuv420p", file,
  ]);
  return file;
}

/**
 * A clip encoded the way real cameras and re-streamers send: H.264 High
 * profile with B-frames (libx264 -preset veryfast, has_b_frames=2) or HEVC
 * with B-frames, a keyframe every second, optionally with an AAC audio track.
 */
export function makeCameraClip(file: string, seconds: number, options: { codec: "h264" | "hevc"; audio?: boolean }): string {
  const video = options.codec === "h264"
    ? ["-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-bf", "2", "-g", "10"]
    : ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "bframes=2:keyint=10:min-keyint=10:log-level=error", "-tag:v", "hvc1"];
  const audioIn = options.audio ? ["-f", "lavfi", "-t", String(seconds), "-i", "sine=frequency=440:sample_rate=16000"] : [];
  const audioOut = options.audio ? ["-map", "1:a", "-c:a", "aac", "-b:a", "32k"] : [];
  execFileSync("ffmpeg", [
    "-v", "error", "-y", "-t", String(seconds), "-i", SAMPLE, ...audioIn,
    "-map", "0:v", ...audioOut, "-vf", "scale=384:288", ...video, "-pix_fmt", "yuv420p", file,
  ]);
  return file;
}

/** The first half of a real MP4 (its index is at the end, so ffprobe cannot read it). */
export function makeTruncatedMp4(file: string, scratchDir: string): string {
  const whole = path.join(scratchDir, `whole-${path.basename(file)}`);
  execFileSync("ffmpeg", ["-v", "error", "-y", "-t", "3", "-i", SAMPLE, "-c:v", "mpeg4", "-q:v", "8", whole]);
  const bytes = readFileSync(whole);
  writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
  rmSync(whole);
  return file;
}

/** The first half of a real "faststart" MP4 (index at the front, as NVR exports are): its header still claims the whole length. */
export function makeTruncatedFaststartMp4(file: string, scratchDir: string, seconds = 60): string {
  const whole = path.join(scratchDir, `whole-${path.basename(file)}`);
  execFileSync("ffmpeg", ["-v", "error", "-y", "-t", String(seconds), "-i", SAMPLE, "-vf", "scale=384:288", "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-movflags", "+faststart", whole]);
  const bytes = readFileSync(whole);
  writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
  rmSync(whole);
  return file;
}

export function makeGarbage(file: string): string {
  writeFileSync(file, Buffer.from("this is not a video file, just text pretending to be one\n".repeat(40)));
  return file;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A logger that keeps every line in memory, to assert on what was logged. */
export function memoryLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const log = pino({ level: "debug", base: undefined }, { write: (line: string) => void lines.push(line) });
  return { log, lines };
}

export async function waitFor<T>(probe: () => T | undefined | null | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
