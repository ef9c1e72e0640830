/**
 * The sampling interval for a whole segment: the shortest interval the point's
 * schedules ask for anywhere in it (checked every minute and at both ends), so
 * a segment that straddles the start of rush hours is sampled densely enough.
 */
import type { Deployment, PointConfig } from "../config/schema.js";
import { resolveSamplingInterval } from "../rules/resolve.js";

export type IntervalDeployment = Pick<Deployment, "sampling" | "schedules" | "timezone">;
export type IntervalPoint = Pick<PointConfig, "id" | "category" | "sampling" | "schedules">;

export function segmentInterval(deployment: IntervalDeployment, point: IntervalPoint, startMs: number, endMs: number, stepMs = 60_000): number {
  let every = resolveSamplingInterval(deployment, point, startMs);
  for (let t = startMs + stepMs; t < endMs; t += stepMs) every = Math.min(every, resolveSamplingInterval(deployment, point, t));
  return Math.min(every, resolveSamplingInterval(deployment, point, Math.max(startMs, endMs - 1)));
}
