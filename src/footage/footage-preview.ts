/**
 * Browser-playable copies of parts of footage files, for the organisers'
 * mock inspection. Cameras record what they send (often a codec or container
 * browsers do not decode); a preview is the part a clip covers, re-encoded
 * as the evidence previews are (H.264 MP4, yuv420p, +faststart), made on
 * first request, one at a time (live detection needs the CPU more), and kept
 * under <storageDir>/cache/footage-preview/ for a day.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import type { Deployment } from "../config/schema.js";
import { runTool } from "../ffmpeg/run-tool.js";
import { EVIDENCE_FLAGS } from "../incidents/evidence-frame.js";
import { previewArgs } from "../incidents/evidence-preview.js";

/** Longest part a preview covers (a clip of up to an hour within one file). */
export const FOOTAGE_PREVIEW_MAX_SEC = 3600;
const KEEP_MS = 86_400_000;

export function footagePreviewDir(deployment: Pick<Deployment, "storageDir">): string {
  return path.join(deployment.storageDir, "cache", "footage-preview");
}

/** ffmpeg's arguments: seek to the part's start, read its duration, encode like an evidence preview. */
export function footagePreviewArgs(input: string, startSec: number, durationSec: number, output: string): string[] {
  return [...EVIDENCE_FLAGS, "-ss", startSec.toFixed(3), "-t", durationSec.toFixed(3), ...previewArgs(input, output)];
}

/** Encoding runs at a few times real time on a loaded box; past this ffmpeg is wedged. */
function timeoutMs(durationSec: number): number {
  return 60_000 + durationSec * 2_000;
}

export class FootagePreviews {
  private readonly inFlight = new Map<string, Promise<string>>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dir: string) {}

  /** The preview file of [startSec, startSec + durationSec) of `input`, made once. */
  get(input: string, startSec: number, durationSec: number): Promise<string> {
    const { size, mtimeMs } = statSync(input);
    const key = createHash("sha256").update(`${input}\0${size}\0${mtimeMs}\0${startSec}\0${durationSec}`).digest("hex").slice(0, 32);
    const output = path.join(this.dir, `${key}.mp4`);
    if (existsSync(output)) return Promise.resolve(output);
    let made = this.inFlight.get(key);
    if (!made) {
      made = this.queue.then(() => this.make(input, startSec, durationSec, output)).finally(() => this.inFlight.delete(key));
      this.queue = made.catch(() => undefined);
      this.inFlight.set(key, made);
    }
    return made;
  }

  private async make(input: string, startSec: number, durationSec: number, output: string): Promise<string> {
    mkdirSync(this.dir, { recursive: true });
    this.prune();
    // Written under a temporary name: a half-made file is never served.
    const partial = `${output.slice(0, -4)}.partial.mp4`;
    try {
      await runTool("ffmpeg", footagePreviewArgs(input, startSec, durationSec, partial), { timeoutMs: timeoutMs(durationSec), subject: input });
      renameSync(partial, output);
    } finally {
      rmSync(partial, { force: true });
    }
    return output;
  }

  /** Previews older than a day go (footage changes little, but the cache must not grow without bound). */
  private prune(): void {
    const cutoff = Date.now() - KEEP_MS;
    for (const name of readdirSync(this.dir)) {
      const file = path.join(this.dir, name);
      if (statSync(file).mtimeMs < cutoff) rmSync(file, { force: true });
    }
  }
}
