/** Camera health of a day per point: offline hours (recorded outages) and footage gaps, with the state now. */
import type { PointConfig } from "../config/schema.js";
import type { HealthStore } from "../footage/health-store.js";
import { intersectIntervals, mergeIntervals, totalMs } from "../footage/intervals.js";
import type { SegmentStore } from "../footage/segment-store.js";
import type { Interval } from "../footage/types.js";
import type { CameraHealthLine } from "./types.js";

export function cameraHealth(points: readonly PointConfig[], stores: { segments: SegmentStore; health: HealthStore }, day: Interval): CameraHealthLine[] {
  return points.map((point) => {
    const outages = mergeIntervals(stores.segments.outages(point.id, day.fromMs, day.toMs));
    const coverage = stores.segments.coverage(point.id, day.fromMs, day.toMs);
    return {
      pointId: point.id,
      name: point.name,
      state: stores.health.get(point.id)?.state ?? null,
      offlineHours: Math.round((totalMs(intersectIntervals(outages, [day])) / 3_600_000) * 100) / 100,
      gapMinutes: Math.round((coverage.gapSec / 60) * 100) / 100,
      gapCount: coverage.gaps.length,
    };
  });
}
