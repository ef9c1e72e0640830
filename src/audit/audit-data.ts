/**
 * Reads what the pre-audit needs about a point from the stores: its incidents
 * (as violation time), the gaps in its readable footage (coverage.ts) and the
 * readable footage not yet scanned with the current scan settings (scan
 * progress). The only impure part of audit/; everything after it is pure.
 */
import type { PointConfig } from "../config/schema.js";
import { complement, intersectIntervals, mergeIntervals } from "../footage/intervals.js";
import type { SegmentStore } from "../footage/segment-store.js";
import type { Interval } from "../footage/types.js";
import type { IncidentStore } from "../incidents/types.js";
import type { ScanProgressStore } from "../scan/scan-progress.js";
import { indexedSegmentRef } from "../scan/segment-prep.js";
import type { PointAuditData } from "./types.js";
import { violationIntervals, type IncidentExclusion } from "./violation-time.js";

export interface AuditSources {
  segments: SegmentStore;
  incidents: IncidentStore;
  progress: ScanProgressStore;
  /** The scan key footage must have been scanned with to count as scanned. */
  scanKeyFor: (point: PointConfig) => string;
  excluded?: IncidentExclusion;
  nowMs: number;
}

export function loadPointData(point: PointConfig, range: Interval, sources: AuditSources): PointAuditData {
  const { segments, incidents, progress, nowMs } = sources;
  const seen = new Map(
    [...incidents.list({ pointId: point.id, fromMs: range.fromMs, toMs: range.toMs }), ...incidents.list({ pointId: point.id, openOnly: true })].map((i) => [i.id, i]),
  );
  const coverage = segments.coverage(point.id, range.fromMs, range.toMs);
  const readable = segments.list({ pointId: point.id, fromMs: range.fromMs, toMs: range.toMs, status: "ok" });
  const key = sources.scanKeyFor(point);
  const isDone = (s: (typeof readable)[number]): boolean => progress.isDone(point.id, s.path, key) && progress.get(point.id, s.path)?.startMs === s.startMs;
  const asInterval = (s: (typeof readable)[number]): Interval => ({ fromMs: s.startMs, toMs: s.endMs });
  const done = mergeIntervals(readable.filter(isDone).map(asInterval));
  const notDone = mergeIntervals(readable.filter((s) => !isDone(s)).map(asInterval));
  const unscanned = intersectIntervals(intersectIntervals(notDone, complement(done, range)), [range]);
  return {
    pointId: point.id,
    violations: violationIntervals([...seen.values()], nowMs, sources.excluded),
    gaps: coverage.gaps,
    unscanned,
    segments: readable.map(indexedSegmentRef),
  };
}
