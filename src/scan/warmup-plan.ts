/**
 * Which segments a scan reads. Unfinished segments are scanned; finished ones
 * are skipped, except the contiguous finished ones just before an unfinished
 * one: they are re-read to warm the tracker and the rules (warm-up), so that a
 * dwell already under way where the scan resumes (after a crash, or when a new
 * segment arrives) is seen whole. At least one is re-read, and as many as it
 * takes to cover the point's longest dwell plus two sampling intervals.
 * Re-reading is idempotent: incidents merge, evidence is not taken twice.
 */
import type { Deployment, PointConfig } from "../config/schema.js";
import { resolvePointRules, resolveSamplingInterval } from "../rules/resolve.js";
import type { SegmentRef } from "./segment-prep.js";

export type SegmentStep = "scan" | "skip" | "warmup";

/** `segments` sorted by start; `done[i]` whether segment i is finished with the same settings. */
export function planSegments(
  segments: readonly SegmentRef[],
  done: readonly boolean[],
  historyMsAt: (startMs: number) => number,
  maxGapMs: number,
): SegmentStep[] {
  const steps: SegmentStep[] = done.map((d) => (d ? "skip" : "scan"));
  for (let i = 1; i < segments.length; i++) {
    if (done[i] || !done[i - 1]) continue;
    const resumeMs = (segments[i] as SegmentRef).startMs;
    const neededMs = historyMsAt(resumeMs);
    for (let k = i - 1; k >= 0 && done[k]; k--) {
      steps[k] = "warmup";
      const segment = segments[k] as SegmentRef;
      const before = segments[k - 1];
      const gapBefore = before?.endMs === undefined ? 0 : segment.startMs - before.endMs;
      if (resumeMs - segment.startMs >= neededMs || gapBefore > maxGapMs) break;
    }
  }
  return steps;
}

/** The footage a resumed scan must re-read: the longest dwell any enabled rule can ask for, plus two sampling intervals, in ms. */
export function dwellHistoryMs(
  deployment: Pick<Deployment, "rules" | "schedules" | "units" | "sampling" | "timezone">,
  point: PointConfig,
  atMs: number,
): number {
  const rules = resolvePointRules(deployment, point).filter((r) => r.enabled);
  const dwellSec = Math.max(0, ...rules.flatMap((r) => [r.minDwellSec, ...r.dwellDuring.map((d) => d.minDwellSec)]));
  return (dwellSec + 2 * resolveSamplingInterval(deployment, point, atMs)) * 1000;
}
