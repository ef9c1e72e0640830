/**
 * Per-point figures for a window: the probabilities that a random clip shows
 * a violation, has no footage, holds unscanned footage, or is a problem
 * (violation or no footage), and the minutes behind them. Pure.
 */
import type { Interval } from "../footage/types.js";
import { minutesWithin, probability, startRange, touchingStarts, union, violationStarts } from "./clip-starts.js";
import type { AuditWindow, ClipSpec, PointAuditData, PointRisk, RiskFigures } from "./types.js";

/** The clip starts that show each kind of problem, over all time. */
export interface ProblemStarts {
  violation: Interval[];
  noFootage: Interval[];
  unscanned: Interval[];
  any: Interval[];
}

export function problemStarts(data: PointAuditData, clip: ClipSpec): ProblemStarts {
  const violation = violationStarts(data.violations, clip);
  const noFootage = touchingStarts(data.gaps, clip);
  return { violation, noFootage, unscanned: touchingStarts(data.unscanned, clip), any: union(violation, noFootage) };
}

/** The figures for clips starting within `starts` (the window's start range, or a slot of it). */
export function risksWithin(problems: ProblemStarts, starts: readonly Interval[]): RiskFigures {
  return {
    pViolation: probability(problems.violation, starts),
    pNoFootage: probability(problems.noFootage, starts),
    pUnscanned: probability(problems.unscanned, starts),
    pAny: probability(problems.any, starts),
  };
}

export function pointRisk(data: PointAuditData, window: AuditWindow, clip: ClipSpec): PointRisk {
  const figures = risksWithin(problemStarts(data, clip), [startRange(window, clip)]);
  return {
    id: data.pointId,
    ...figures,
    violationMinutes: minutesWithin(data.violations, window),
    gapMinutes: minutesWithin(data.gaps, window),
    unscannedMinutes: minutesWithin(data.unscanned, window),
  };
}
