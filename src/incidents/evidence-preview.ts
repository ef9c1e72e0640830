/**
 * The board's playable copy of an evidence clip. The sealed clip stays as
 * cut (the camera's own bitstream, often a codec or container browsers do
 * not play); the preview is derived from it as H.264 in MP4, yuv420p, even
 * dimensions, moov atom first (+faststart) so a browser starts playing before
 * the whole file arrives. It is hashed and recorded like any evidence
 * (kind clip_preview), so it can be verified too.
 */
import { runTool } from "../ffmpeg/run-tool.js";
import { EVIDENCE_FLAGS } from "./evidence-frame.js";

export const PREVIEW_FILE = "clip-preview.mp4";

/** A 10 s re-encode at veryfast takes seconds; past this ffmpeg is wedged. */
export const PREVIEW_TIMEOUT_MS = 120_000;

export function previewArgs(clip: string, output: string): string[] {
  return [
    "-y", "-i", clip, "-map", "0:v:0",
    "-vf", "scale=trunc(iw/2)*2:trunc(ih/2)*2",
    "-c:v", "libx264", "-preset", "veryfast", "-crf", "26", "-pix_fmt", "yuv420p", "-profile:v", "main",
    "-an", "-movflags", "+faststart", output,
  ];
}

export async function makePreview(clip: string, dir: string, options: { timeoutMs?: number } = {}): Promise<string> {
  const output = `${dir}/${PREVIEW_FILE}`;
  await runTool("ffmpeg", [...EVIDENCE_FLAGS, ...previewArgs(clip, output)], { timeoutMs: options.timeoutMs ?? PREVIEW_TIMEOUT_MS, subject: clip });
  return output;
}
