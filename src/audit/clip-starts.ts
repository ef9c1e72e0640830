/**
 * The exact arithmetic behind every pre-audit probability. A clip
 * [s, s + N) starts uniformly in R = [from, to − N]. For each kind of problem
 * the clip starts that show it form a union of intervals, found by dilating
 * the problem intervals by the clip length:
 *   - violation [a, b): overlap min(s+N, b) − max(s, a) ≥ m (1 s)
 *       ⇔ s ∈ [a + m − N, b − m]   (empty when b − a < m or N < m);
 *   - gap or unscanned [a, b): any overlap ⇔ s ∈ (a − N, b).
 * The probability is |starts ∩ R| / |R| (or ∩ a slot's starts / its length).
 * Violation intervals are merged first, so two incidents that together cover
 * a second count as one stretch of violation time.
 */
import { KerbsideError } from "../errors.js";
import { intersectIntervals, mergeIntervals, totalMs } from "../footage/intervals.js";
import type { Interval } from "../footage/types.js";
import type { AuditWindow, ClipSpec } from "./types.js";

export function startRange(window: AuditWindow, clip: ClipSpec): Interval {
  if (window.toMs - window.fromMs <= clip.clipMs) {
    throw new KerbsideError(
      "KERB_ERR_AUDIT",
      `the window ${new Date(window.fromMs).toISOString()} – ${new Date(window.toMs).toISOString()} is not longer than one ${clip.clipMs / 60_000}-minute clip`,
    );
  }
  return { fromMs: window.fromMs, toMs: window.toMs - clip.clipMs };
}

/** Clip starts whose clip overlaps a violation by at least `minOverlapMs`. */
export function violationStarts(violations: readonly Interval[], clip: ClipSpec): Interval[] {
  if (clip.clipMs < clip.minOverlapMs) return [];
  const dilated = mergeIntervals(violations)
    .filter((v) => v.toMs - v.fromMs >= clip.minOverlapMs)
    .map((v) => ({ fromMs: v.fromMs + clip.minOverlapMs - clip.clipMs, toMs: v.toMs - clip.minOverlapMs }));
  return mergeIntervals(dilated);
}

/** Clip starts whose clip overlaps any part of the intervals. */
export function touchingStarts(intervals: readonly Interval[], clip: ClipSpec): Interval[] {
  return mergeIntervals(mergeIntervals(intervals).map((i) => ({ fromMs: i.fromMs - clip.clipMs, toMs: i.toMs })));
}

/** |starts ∩ within| / |within|; 0 when `within` is empty. */
export function probability(starts: readonly Interval[], within: readonly Interval[]): number {
  const total = totalMs(within);
  if (total <= 0) return 0;
  return totalMs(intersectIntervals(mergeIntervals(starts), mergeIntervals(within))) / total;
}

export function union(...sets: readonly (readonly Interval[])[]): Interval[] {
  return mergeIntervals(sets.flat());
}

export function isIn(intervals: readonly Interval[], ms: number): boolean {
  return intervals.some((i) => i.fromMs <= ms && ms <= i.toMs);
}

/** Minutes of the intervals inside the range. */
export function minutesWithin(intervals: readonly Interval[], range: Interval): number {
  return totalMs(intersectIntervals(mergeIntervals(intervals), [range])) / 60_000;
}
