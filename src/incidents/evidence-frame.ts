/**
 * The full-resolution frame shown at a footage offset, as PNG bytes: an
 * accurate input seek (`-ss` before `-i` decodes from the previous keyframe
 * and drops frames before the offset), one frame out.
 */
import { KerbsideError } from "../errors.js";
import { runTool } from "../ffmpeg/run-tool.js";

/** Quiet, never reads stdin (a stray "q" must not stop it). */
export const EVIDENCE_FLAGS = ["-hide_banner", "-nostdin", "-loglevel", "error"];

export function frameAtArgs(input: string, offsetSec: number): string[] {
  const seek = Math.max(0, offsetSec - 0.001).toFixed(3);
  return ["-ss", seek, "-i", input, "-map", "0:v:0", "-frames:v", "1", "-c:v", "png", "-f", "image2pipe", "pipe:1"];
}

/** One frame decodes in well under a second; the limit only catches a wedged ffmpeg. */
export const FRAME_TIMEOUT_MS = 60_000;

export async function extractFrame(input: string, offsetSec: number): Promise<Buffer> {
  const run = async (args: string[]): Promise<Buffer> =>
    (await runTool("ffmpeg", [...EVIDENCE_FLAGS, ...args], { timeoutMs: FRAME_TIMEOUT_MS, subject: input })).stdout;
  let png = await run(frameAtArgs(input, offsetSec));
  // Past the last frame (an offset rounded up at the very end): take the last one.
  if (png.length === 0) png = await run(["-sseof", "-1", "-i", input, "-map", "0:v:0", "-update", "1", "-c:v", "png", "-f", "image2", "pipe:1"]);
  if (png.length === 0) {
    throw new KerbsideError("KERB_ERR_FOOTAGE_UNREADABLE", `no frame at ${offsetSec.toFixed(3)} s in ${input}`);
  }
  return png;
}
