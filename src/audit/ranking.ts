/**
 * County-wide ranking of points by pAny and the trend against the previous
 * window of the same length. Pure.
 */
import { pointRisk } from "./point-risk.js";
import type { AuditWindow, ClipSpec, PointAuditData, PointRisk, RiskFigures } from "./types.js";

export interface PointTrend {
  id: string;
  previous: RiskFigures;
  /** current − previous, per figure (negative: better). */
  delta: RiskFigures;
}

/** Highest pAny first; ties by pViolation, then id. */
export function rankPoints(risks: readonly PointRisk[]): PointRisk[] {
  return [...risks].sort((a, b) => b.pAny - a.pAny || b.pViolation - a.pViolation || a.id.localeCompare(b.id));
}

export function previousWindow(window: AuditWindow): AuditWindow {
  const length = window.toMs - window.fromMs;
  return { fromMs: window.fromMs - length, toMs: window.fromMs };
}

/** `data` must cover the previous window too (the loader reads both). */
export function pointTrend(data: PointAuditData, current: PointRisk, window: AuditWindow, clip: ClipSpec): PointTrend {
  const before = pointRisk(data, previousWindow(window), clip);
  const previous = { pViolation: before.pViolation, pNoFootage: before.pNoFootage, pUnscanned: before.pUnscanned, pAny: before.pAny };
  return {
    id: current.id,
    previous,
    delta: {
      pViolation: current.pViolation - previous.pViolation,
      pNoFootage: current.pNoFootage - previous.pNoFootage,
      pUnscanned: current.pUnscanned - previous.pUnscanned,
      pAny: current.pAny - previous.pAny,
    },
  };
}
