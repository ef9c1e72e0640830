/**
 * How much footage a scan of newly indexed segments must re-read before them
 * so that a long dwell is still seen whole. A ScanJob re-reads the one
 * finished segment just before the first unfinished one to warm its tracker;
 * when the point's longest dwell is longer than that segment plus the new one
 * (e.g. a 900 s stall rule on 300 s segments), the tracker would never see an
 * object stay long enough. `replaySegments` picks the finished, contiguous
 * segments before the warm-up one that the job must scan again; re-scans are
 * idempotent (incidents merge, evidence is not taken twice).
 */
import type { Segment } from "../footage/types.js";
import type { Db } from "../store/database.js";
import { ScanProgressStore } from "../scan/scan-progress.js";

/** Segments closer than this continue one footage stream (ScanJob's default maxGapMs). */
export const CONTIGUOUS_MS = 5000;

/**
 * `segments` in time order, `first` the index of the first unfinished one:
 * the finished segments before the warm-up segment (first − 1) to re-scan so
 * that history + the new segment cover `neededMs`.
 */
export function replaySegments(segments: readonly Pick<Segment, "path" | "startMs" | "endMs">[], first: number, neededMs: number): string[] {
  if (first < 1) return [];
  const span = (i: number): number => (segments[i] as Segment).endMs - (segments[i] as Segment).startMs;
  let covered = span(first) + span(first - 1);
  let start = first - 1;
  while (start > 0 && covered < neededMs && (segments[start] as Segment).startMs - (segments[start - 1] as Segment).endMs <= CONTIGUOUS_MS) {
    start--;
    covered += span(start);
  }
  return segments.slice(start, first - 1).map((s) => s.path);
}

/** Scan progress as a ScanJob should see it: the replayed segments count as not done. */
export class ReplayProgress extends ScanProgressStore {
  constructor(
    db: Db,
    private readonly replay: ReadonlySet<string>,
  ) {
    super(db);
  }

  override isDone(pointId: string, path: string, scanKey: string): boolean {
    return !this.replay.has(path) && super.isDone(pointId, path, scanKey);
  }
}
