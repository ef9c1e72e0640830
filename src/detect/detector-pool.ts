/**
 * Several detectors behind one: each request goes to the member with the
 * fewest requests on it. On a small box two workers with one onnxruntime
 * thread each get more frames through than one worker with two threads,
 * whose threads wait on each other at every small convolution (bench:detect
 * measures both); the cost is one model in memory per worker. Members share
 * the model, so they share its card. close() closes every member and is
 * idempotent.
 */
import { KerbsideError } from "../errors.js";
import type { DetectOptions, Detection, Detector, ModelCard, RgbFrame } from "./types.js";

interface Member {
  detector: Detector;
  busy: number;
}

export class DetectorPool implements Detector {
  readonly card: ModelCard;
  private readonly members: Member[];
  private closing: Promise<void> | undefined;

  constructor(detectors: readonly Detector[]) {
    if (detectors.length === 0) throw new RangeError("a detector pool needs at least one detector");
    this.card = detectors[0]!.card;
    this.members = detectors.map((detector) => ({ detector, busy: 0 }));
  }

  get size(): number {
    return this.members.length;
  }

  async detect(frame: RgbFrame, options?: DetectOptions): Promise<Detection[]> {
    if (this.closing) throw new KerbsideError("KERB_ERR_DETECTOR", "detector is closed");
    const member = this.members.reduce((best, m) => (m.busy < best.busy ? m : best));
    member.busy++;
    try {
      return await member.detector.detect(frame, options);
    } finally {
      member.busy--;
    }
  }

  close(): Promise<void> {
    this.closing ??= Promise.allSettled(this.members.map((m) => m.detector.close())).then(() => undefined);
    return this.closing;
  }
}

/** Starts `count` detectors side by side; if one fails to start, the others are closed and its error is thrown. */
export async function startDetectorPool(count: number, create: () => Promise<Detector>): Promise<Detector> {
  if (count === 1) return create();
  const started = await Promise.allSettled(Array.from({ length: count }, () => create()));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  const detectors = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  if (failed) {
    await Promise.allSettled(detectors.map((d) => d.close()));
    throw failed.reason;
  }
  return new DetectorPool(detectors);
}
