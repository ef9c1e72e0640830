/**
 * Pre-audit types: what the inspectors' random clip pulls would show, per
 * point. Inputs are interval sets (epoch ms, [fromMs, toMs)); every figure is
 * computed exactly from them (audit/clip-starts.ts), never by sampling.
 */
import type { Gap, Interval } from "../footage/types.js";

/** A stretch of violation time, from one incident (or several merged). */
export interface ViolationInterval extends Interval {
  incidentId: string;
}

/** What the audit knows about one point over the time it was asked about. */
export interface PointAuditData {
  pointId: string;
  /** Violation time of the incidents that count (false alarms already left out). */
  violations: readonly ViolationInterval[];
  /** Time without readable footage (offline, missing, unreadable). */
  gaps: readonly Gap[];
  /** Readable footage not yet scanned with the current settings. */
  unscanned: readonly Interval[];
  /** Readable segments, to link a mock-inspection clip to its footage. */
  segments?: readonly { path: string; startMs: number; endMs: number }[];
}

export interface ClipSpec {
  /** Clip length (default 10 min). */
  clipMs: number;
  /** A clip shows a violation when it overlaps one by at least this much (1 s). */
  minOverlapMs: number;
}

/** The window [fromMs, toMs) the inspectors pull clips from. */
export type AuditWindow = Interval;

export interface RiskFigures {
  pViolation: number;
  pNoFootage: number;
  pUnscanned: number;
  /** Violation or no footage: what an inspector scores as a problem. */
  pAny: number;
}

export interface PointRisk extends RiskFigures {
  id: string;
  violationMinutes: number;
  gapMinutes: number;
  unscannedMinutes: number;
}

export const DEFAULT_CLIP_MIN = 10;
export const MIN_OVERLAP_MS = 1000;

export function clipSpec(clipMin = DEFAULT_CLIP_MIN): ClipSpec {
  return { clipMs: Math.round(clipMin * 60_000), minOverlapMs: MIN_OVERLAP_MS };
}
