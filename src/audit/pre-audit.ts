/**
 * The pre-audit in one call, as the CLI, the API and the daily report use it:
 * per-point figures (ranked) with their trend, the ranked time slots and a
 * mock inspection, from the points' audit data. Pure.
 */
import { mockInspection, type MockInspection } from "./mock-inspection.js";
import { pointRisk } from "./point-risk.js";
import { pointTrend, rankPoints, type PointTrend } from "./ranking.js";
import { pointSlots, rankSlots, type TimeSlot } from "./time-slots.js";
import type { AuditWindow, ClipSpec, PointAuditData, PointRisk } from "./types.js";

export interface PreAuditOptions {
  window: AuditWindow;
  clip: ClipSpec;
  timeZone: string;
  seed: number;
  /** How many slots to keep (highest pAny first); default all. */
  slotLimit?: number;
  slotHours?: number;
}

export interface PreAudit {
  window: AuditWindow;
  clipMin: number;
  points: PointRisk[];
  trend: PointTrend[];
  slots: TimeSlot[];
  mock: MockInspection;
}

/** `data` must reach back to the previous window for the trend. */
export function preAudit(data: readonly PointAuditData[], options: PreAuditOptions): PreAudit {
  const { window, clip } = options;
  const points = rankPoints(data.map((d) => pointRisk(d, window, clip)));
  const byId = new Map(data.map((d) => [d.pointId, d]));
  const trend = points.map((p) => pointTrend(byId.get(p.id) as PointAuditData, p, window, clip));
  const slots = rankSlots(data.flatMap((d) => pointSlots(d, window, clip, options.timeZone, options.slotHours)));
  return {
    window,
    clipMin: clip.clipMs / 60_000,
    points,
    trend,
    slots: options.slotLimit === undefined ? slots : slots.slice(0, options.slotLimit),
    mock: mockInspection(data, window, clip, options.seed),
  };
}
