/**
 * Mock inspection (模拟抽查): one random clip per point, drawn as the
 * inspectors would (start uniform over the window's start range), seeded so
 * the same seed draws the same clips. Lists which clips show a violation or
 * have no footage, each linked to the incidents (their evidence) or the
 * footage it holds, and the expected number of problem clips Σ pAny with its
 * variance Σ pAny(1 − pAny) (independent draws, one per point).
 */
import type { Gap } from "../footage/types.js";
import { isIn, startRange } from "./clip-starts.js";
import { pointRisk, problemStarts } from "./point-risk.js";
import { mulberry32 } from "./prng.js";
import type { AuditWindow, ClipSpec, PointAuditData } from "./types.js";

export interface MockClip {
  pointId: string;
  fromMs: number;
  toMs: number;
  violation: boolean;
  noFootage: boolean;
  unscanned: boolean;
  problem: boolean;
  pAny: number;
  /** Incidents the clip overlaps by ≥ 1 s: the evidence to look at. */
  incidentIds: string[];
  /** Parts of the clip without footage, and why. */
  gaps: Gap[];
  /** The footage that plays the clip: file and offset of the clip's part in it. */
  footage: { path: string; offsetSec: number; durationSec: number }[];
}

export interface MockInspection {
  seed: number;
  clipMin: number;
  clips: MockClip[];
  problemCount: number;
  expectedProblems: number;
  variance: number;
  standardDeviation: number;
}

export function mockInspection(points: readonly PointAuditData[], window: AuditWindow, clip: ClipSpec, seed: number): MockInspection {
  const range = startRange(window, clip);
  const random = mulberry32(seed);
  const sorted = [...points].sort((a, b) => a.pointId.localeCompare(b.pointId));
  const clips = sorted.map((data) => drawClip(data, range.fromMs + Math.floor(random() * (range.toMs - range.fromMs)), window, clip));
  const expectedProblems = clips.reduce((sum, c) => sum + c.pAny, 0);
  const variance = clips.reduce((sum, c) => sum + c.pAny * (1 - c.pAny), 0);
  return {
    seed,
    clipMin: clip.clipMs / 60_000,
    clips,
    problemCount: clips.filter((c) => c.problem).length,
    expectedProblems,
    variance,
    standardDeviation: Math.sqrt(variance),
  };
}

function drawClip(data: PointAuditData, startMs: number, window: AuditWindow, clip: ClipSpec): MockClip {
  const problems = problemStarts(data, clip);
  const endMs = startMs + clip.clipMs;
  const overlap = (a: { fromMs: number; toMs: number }): number => Math.min(a.toMs, endMs) - Math.max(a.fromMs, startMs);
  const violation = isIn(problems.violation, startMs);
  const noFootage = isIn(problems.noFootage, startMs);
  return {
    pointId: data.pointId,
    fromMs: startMs,
    toMs: endMs,
    violation,
    noFootage,
    unscanned: isIn(problems.unscanned, startMs),
    problem: violation || noFootage,
    pAny: pointRisk(data, window, clip).pAny,
    incidentIds: [...new Set(data.violations.filter((v) => overlap(v) > 0).map((v) => v.incidentId))],
    gaps: data.gaps.filter((g) => overlap(g) > 0).map((g) => ({ reason: g.reason, fromMs: Math.max(g.fromMs, startMs), toMs: Math.min(g.toMs, endMs) })),
    footage: (data.segments ?? [])
      .filter((s) => overlap({ fromMs: s.startMs, toMs: s.endMs }) > 0)
      .map((s) => ({
        path: s.path,
        offsetSec: Math.max(0, startMs - s.startMs) / 1000,
        durationSec: overlap({ fromMs: s.startMs, toMs: s.endMs }) / 1000,
      })),
  };
}
