/** Interval arithmetic on [fromMs, toMs) ranges; pure. */
import type { Interval } from "./types.js";

/** Sorts and merges intervals that overlap or are within `toleranceMs` of each other. */
export function mergeIntervals(intervals: readonly Interval[], toleranceMs = 0): Interval[] {
  const sorted = intervals.filter((i) => i.toMs > i.fromMs).sort((a, b) => a.fromMs - b.fromMs);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.fromMs - last.toMs <= toleranceMs) last.toMs = Math.max(last.toMs, interval.toMs);
    else merged.push({ ...interval });
  }
  return merged;
}

export function clipIntervals(intervals: readonly Interval[], range: Interval): Interval[] {
  return intervals
    .map((i) => ({ fromMs: Math.max(i.fromMs, range.fromMs), toMs: Math.min(i.toMs, range.toMs) }))
    .filter((i) => i.toMs > i.fromMs);
}

/** The parts of `range` not covered by the (merged, sorted) intervals. */
export function complement(merged: readonly Interval[], range: Interval): Interval[] {
  const gaps: Interval[] = [];
  let cursor = range.fromMs;
  for (const interval of merged) {
    if (interval.fromMs > cursor) gaps.push({ fromMs: cursor, toMs: Math.min(interval.fromMs, range.toMs) });
    cursor = Math.max(cursor, interval.toMs);
    if (cursor >= range.toMs) break;
  }
  if (cursor < range.toMs) gaps.push({ fromMs: cursor, toMs: range.toMs });
  return gaps.filter((g) => g.toMs > g.fromMs);
}

export function totalMs(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, i) => sum + (i.toMs - i.fromMs), 0);
}

export function contains(intervals: readonly Interval[], ms: number): boolean {
  return intervals.some((i) => i.fromMs <= ms && ms < i.toMs);
}

/** The intersection of two interval sets (each merged and sorted). */
export function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Interval;
    const y = b[j] as Interval;
    const fromMs = Math.max(x.fromMs, y.fromMs);
    const toMs = Math.min(x.toMs, y.toMs);
    if (toMs > fromMs) out.push({ fromMs, toMs });
    if (x.toMs < y.toMs) i++;
    else j++;
  }
  return out;
}
