/**
 * Which time ranges to fetch from an NVR to fill gaps: gaps cut at
 * segment-length boundaries (aligned to the epoch, so retries ask for the
 * same ranges), skipping slivers and ranges that failed recently. Pure.
 */
import type { Interval } from "./types.js";

export interface BackfillOptions {
  segmentSec: number;
  /** At most this many ranges per round. */
  maxRanges: number;
  /** Ignore pieces shorter than this (default 5 s). */
  minMs?: number;
  /** Range start → time before which it must not be retried. */
  retryAfter?: ReadonlyMap<number, number>;
  nowMs: number;
}

export function planBackfill(gaps: readonly Interval[], options: BackfillOptions): Interval[] {
  const step = options.segmentSec * 1000;
  const minMs = options.minMs ?? 5000;
  const ranges: Interval[] = [];
  for (const gap of gaps) {
    for (let edge = Math.floor(gap.fromMs / step) * step; edge < gap.toMs; edge += step) {
      const range = { fromMs: Math.max(gap.fromMs, edge), toMs: Math.min(gap.toMs, edge + step) };
      if (range.toMs - range.fromMs < minMs) continue;
      if ((options.retryAfter?.get(range.fromMs) ?? 0) > options.nowMs) continue;
      ranges.push(range);
      if (ranges.length >= options.maxRanges) return ranges;
    }
  }
  return ranges;
}
