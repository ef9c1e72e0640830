/**
 * Coverage of a point over a time range: which intervals the readable
 * footage covers, and for each gap why it is there. Pure.
 *
 * Readable segments closer than `toleranceMs` are treated as continuous
 * (segment names have one-second resolution). A gap is "unreadable" where an
 * unreadable file claims the time, else "offline" where the camera was
 * recorded as down, else "missing". An unreadable file whose duration is
 * unknown claims the time from its start to the next file's start.
 */
import { clipIntervals, complement, contains, mergeIntervals, totalMs } from "./intervals.js";
import type { Coverage, Gap, GapReason, Interval, Segment } from "./types.js";

export interface CoverageInput extends Interval {
  segments: readonly Pick<Segment, "startMs" | "endMs" | "status">[];
  outages: readonly Interval[];
  toleranceMs?: number;
}

export const DEFAULT_TOLERANCE_MS = 2000;

export function computeCoverage(input: CoverageInput): Coverage {
  const range = { fromMs: input.fromMs, toMs: input.toMs };
  const tolerance = input.toleranceMs ?? DEFAULT_TOLERANCE_MS;
  const asInterval = (s: Pick<Segment, "startMs" | "endMs">): Interval => ({ fromMs: s.startMs, toMs: s.endMs });
  const readable = input.segments.filter((s) => s.status === "ok").map(asInterval);
  const covered = clipIntervals(mergeIntervals(readable, tolerance), range);
  const unreadable = mergeIntervals(unreadableClaims(input.segments, range.toMs));
  const outages = mergeIntervals(input.outages);
  const gaps = complement(covered, range).flatMap((gap) => absorbSlivers(labelGap(gap, unreadable, outages), tolerance));
  const coveredMs = totalMs(covered);
  return { ...range, covered, gaps, coveredSec: coveredMs / 1000, gapSec: totalMs(gaps) / 1000 };
}

function unreadableClaims(segments: CoverageInput["segments"], rangeEnd: number): Interval[] {
  const starts = segments.map((s) => s.startMs).sort((a, b) => a - b);
  return segments
    .filter((s) => s.status === "unreadable")
    .map((s) => {
      if (s.endMs > s.startMs) return { fromMs: s.startMs, toMs: s.endMs };
      const next = starts.find((start) => start > s.startMs);
      return { fromMs: s.startMs, toMs: next ?? Math.max(rangeEnd, s.startMs) };
    });
}

function labelGap(gap: Interval, unreadable: Interval[], outages: Interval[]): Gap[] {
  const cuts = new Set<number>([gap.fromMs, gap.toMs]);
  for (const i of [...unreadable, ...outages]) {
    if (i.fromMs > gap.fromMs && i.fromMs < gap.toMs) cuts.add(i.fromMs);
    if (i.toMs > gap.fromMs && i.toMs < gap.toMs) cuts.add(i.toMs);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces: Gap[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const fromMs = points[k] ?? 0;
    const toMs = points[k + 1] ?? 0;
    const reason = reasonAt(fromMs, unreadable, outages);
    const last = pieces[pieces.length - 1];
    if (last && last.reason === reason && last.toMs === fromMs) last.toMs = toMs;
    else pieces.push({ fromMs, toMs, reason });
  }
  return pieces;
}

/**
 * An outage starts at the camera's last data and ends at its first new data,
 * while segments start and end on one-second names: the few hundred ms
 * between them are no separate "missing" gap but part of the outage (or
 * unreadable stretch) beside them. Slivers shorter than the tolerance join
 * their labelled neighbour; a gap that is only a sliver stays as it is.
 */
function absorbSlivers(pieces: Gap[], toleranceMs: number): Gap[] {
  const out: Gap[] = [];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    const short = (g: Gap): boolean => g.reason === "missing" && g.toMs - g.fromMs < toleranceMs;
    if (last && short(piece) && last.reason !== "missing") last.toMs = piece.toMs;
    else if (last && short(last) && piece.reason !== "missing") out[out.length - 1] = { ...piece, fromMs: last.fromMs };
    else out.push({ ...piece });
  }
  return out;
}

function reasonAt(ms: number, unreadable: Interval[], outages: Interval[]): GapReason {
  if (contains(unreadable, ms)) return "unreadable";
  if (contains(outages, ms)) return "offline";
  return "missing";
}
