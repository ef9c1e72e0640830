/**
 * Footage verification as a pure function of a case and the observations of
 * its spot, so it gives the same answer whatever order the footage arrives in
 * (live, an NVR backfill, an export indexed days later).
 *
 * Only observations later than the action being verified count (the dispatch
 * or resolve time). The spot is verified clear when consecutive observations
 * — none further apart than `maxGapMs`, so a hole in the footage never counts
 * as clear — show it empty for `verifyClearSec`: the earliest such run wins.
 * Without one, the case fails verification when an observation at or after
 * the deadline still shows the object.
 */

export interface SpotObservation {
  atMs: number;
  /** The object's box when it is still there, else null. */
  box: { x1: number; y1: number; x2: number; y2: number } | null;
  /** Where the frame is: footage file and offset, for evidence ("" and 0 for a live frame). */
  path: string;
  offsetSec: number;
  /** archive (default): a scanned footage file; live: a frame detected as it arrived (spot-pictures.ts holds it). */
  source?: "archive" | "live";
}

export interface VerificationInput {
  watchFromMs: number;
  deadlineMs: number | null;
  verifyClearSec: number;
  maxGapMs: number;
}

export type Verdict =
  | { kind: "pending" }
  /** before: the last frame showing the object before the clear run (null when footage after the action never showed it). */
  | { kind: "clear"; before: SpotObservation | null; after: SpotObservation; clearFromMs: number }
  /** proof: the latest frame showing the object. */
  | { kind: "still_there"; proof: SpotObservation };

export function judgeSpot(input: VerificationInput, observations: readonly SpotObservation[]): Verdict {
  const seen = [...observations].filter((o) => o.atMs > input.watchFromMs).sort((a, b) => a.atMs - b.atMs);
  const clearMs = input.verifyClearSec * 1000;
  let runStart: SpotObservation | null = null;
  let lastPresent: SpotObservation | null = null;
  let previous: SpotObservation | null = null;
  for (const o of seen) {
    const contiguous = previous !== null && o.atMs - previous.atMs <= input.maxGapMs;
    if (o.box) {
      lastPresent = o;
      runStart = null;
    } else {
      if (!runStart || !contiguous) runStart = o;
      if (o.atMs - runStart.atMs >= clearMs) return { kind: "clear", before: lastPresent, after: o, clearFromMs: runStart.atMs };
    }
    previous = o;
  }
  const deadline = input.deadlineMs;
  if (deadline !== null && lastPresent && lastPresent.atMs >= deadline) return { kind: "still_there", proof: lastPresent };
  return { kind: "pending" };
}
