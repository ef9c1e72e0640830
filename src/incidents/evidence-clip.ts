/**
 * A short clip cut from the footage. Stream copy first (the evidence is the
 * camera's own bitstream, untouched): MP4 when the codec goes in MP4, else
 * Matroska, which takes nearly any codec (vtest.avi's msmpeg4v3 does not go in
 * MP4). Only if the stream cannot be copied at all is it re-encoded with
 * libx264, and the file name says so. A copied clip starts at the keyframe at
 * or before the requested start.
 */
import { rm, writeFile } from "node:fs/promises";
import { KerbsideError, errorMessage } from "../errors.js";
import { runTool } from "../ffmpeg/run-tool.js";
import { EVIDENCE_FLAGS } from "./evidence-frame.js";

export type ClipMode = "copy-mp4" | "copy-mkv" | "reencoded-mp4";

export interface ClipResult {
  path: string;
  mode: ClipMode;
}

export function clipArgs(input: string, startSec: number, durationSec: number, output: string, mode: ClipMode): string[] {
  const head = ["-y", "-ss", Math.max(0, startSec).toFixed(3), "-i", input, "-t", durationSec.toFixed(3), "-map", "0:v:0", "-map", "0:a?"];
  if (mode === "reencoded-mp4") {
    return [...head, "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart", output];
  }
  const flags = mode === "copy-mp4" ? ["-movflags", "+faststart"] : [];
  return [...head, "-c", "copy", ...flags, output];
}

/** A 10 s stream copy takes a moment; a re-encode a few seconds. Past this ffmpeg is wedged. */
export const CLIP_TIMEOUT_MS = 120_000;

export const CLIP_FILES: Record<ClipMode, string> = {
  "copy-mp4": "clip.mp4",
  "copy-mkv": "clip.mkv",
  "reencoded-mp4": "clip-reencoded.mp4",
};

/**
 * Cuts `durationSec` from `startSec` of `input` into `dir`, trying each mode
 * in turn. `input` may be consecutive segments (the moment sits near a
 * segment boundary): they are joined by the concat demuxer with stream copy
 * and `startSec` counts from the first one's start, so the clip is not cut
 * short where a segment ends.
 */
export async function cutClip(inputs: string | readonly string[], startSec: number, durationSec: number, dir: string, options: { timeoutMs?: number } = {}): Promise<ClipResult> {
  const files = typeof inputs === "string" ? [inputs] : inputs;
  let input = files[0] ?? "";
  const head: string[] = [];
  if (files.length > 1) {
    input = `${dir}/.clip-sources.ffconcat`;
    await writeFile(input, ["ffconcat version 1.0", ...files.map((f) => `file '${f.replace(/'/g, "'\\''")}'`), ""].join("\n"));
    head.push("-f", "concat", "-safe", "0");
  }
  try {
    return await cutEachMode(head, input, startSec, durationSec, dir, options.timeoutMs);
  } finally {
    if (files.length > 1) await rm(input, { force: true });
  }
}

async function cutEachMode(head: string[], input: string, startSec: number, durationSec: number, dir: string, timeoutMs: number | undefined): Promise<ClipResult> {
  const failures: string[] = [];
  for (const mode of ["copy-mp4", "copy-mkv", "reencoded-mp4"] as const) {
    const output = `${dir}/${CLIP_FILES[mode]}`;
    try {
      const args = clipArgs(input, startSec, durationSec, output, mode);
      const at = args.indexOf("-i");
      await runTool("ffmpeg", [...EVIDENCE_FLAGS, ...args.slice(0, at), ...head, ...args.slice(at)], { timeoutMs: timeoutMs ?? CLIP_TIMEOUT_MS, subject: input });
      return { path: output, mode };
    } catch (error) {
      failures.push(`${mode}: ${errorMessage(error)}`);
      await rm(output, { force: true });
    }
  }
  throw new KerbsideError("KERB_ERR_FFMPEG_FAILED", `cannot cut a clip from ${input}:\n${failures.join("\n")}`);
}
