/**
 * The pre-audit as one JSON document (`kerbside audit --json`, GET
 * /api/audit/*): probabilities rounded to 6 decimals, minutes to 0.01, times
 * as ISO 8601 in the deployment's zone. The same shape everywhere.
 */
import path from "node:path";
import { FOOTAGE_PREVIEW_MAX_SEC } from "../footage/footage-preview.js";
import { isoInZone } from "../time/time-zone.js";
import type { MockInspection } from "./mock-inspection.js";
import type { PreAudit } from "./pre-audit.js";
import type { PointTrend } from "./ranking.js";
import type { TimeSlot } from "./time-slots.js";
import type { PointRisk, RiskFigures } from "./types.js";

const p6 = (x: number): number => Math.round(x * 1e6) / 1e6;
const m2 = (x: number): number => Math.round(x * 100) / 100;

export function figuresJson(f: RiskFigures): RiskFigures {
  return { pViolation: p6(f.pViolation), pNoFootage: p6(f.pNoFootage), pUnscanned: p6(f.pUnscanned), pAny: p6(f.pAny) };
}

export function pointJson(risk: PointRisk, trend: PointTrend | undefined, name: string | undefined) {
  return {
    id: risk.id,
    name: name ?? risk.id,
    ...figuresJson(risk),
    violationMinutes: m2(risk.violationMinutes),
    gapMinutes: m2(risk.gapMinutes),
    unscannedMinutes: m2(risk.unscannedMinutes),
    trend: trend ? { previous: figuresJson(trend.previous), delta: figuresJson(trend.delta) } : null,
  };
}

export function slotJson(slot: TimeSlot) {
  return {
    pointId: slot.pointId,
    label: slot.label,
    labelZh: slot.labelZh,
    dayType: slot.dayType,
    startHour: slot.startHour,
    endHour: slot.endHour,
    startMinutes: m2(slot.startMinutes),
    ...figuresJson(slot),
  };
}

export function mockJson(mock: MockInspection, timeZone: string) {
  return {
    seed: mock.seed,
    clipMin: mock.clipMin,
    problemCount: mock.problemCount,
    expectedProblems: p6(mock.expectedProblems),
    variance: p6(mock.variance),
    standardDeviation: p6(mock.standardDeviation),
    clips: mock.clips.map((c) => ({
      pointId: c.pointId,
      from: isoInZone(c.fromMs, timeZone),
      to: isoInZone(c.toMs, timeZone),
      violation: c.violation,
      noFootage: c.noFootage,
      unscanned: c.unscanned,
      problem: c.problem,
      pAny: p6(c.pAny),
      incidents: c.incidentIds.map((id) => ({ id, href: `/api/incidents/${encodeURIComponent(id)}` })),
      gaps: c.gaps.map((g) => ({ reason: g.reason, from: isoInZone(g.fromMs, timeZone), to: isoInZone(g.toMs, timeZone) })),
      footage: c.footage.map((f) => {
        const href = `/api/audit/footage/${encodeURIComponent(c.pointId)}/${encodeURIComponent(path.basename(f.path))}`;
        const duration = Math.min(FOOTAGE_PREVIEW_MAX_SEC, Math.max(0.1, f.durationSec));
        const part = `start=${Math.max(0, f.offsetSec).toFixed(1)}&duration=${duration.toFixed(1)}`;
        return { ...f, name: path.basename(f.path), href, previewHref: `${href}/preview?${part}` };
      }),
    })),
  };
}

export function auditJson(audit: PreAudit, timeZone: string, names: ReadonlyMap<string, string> = new Map()) {
  const trends = new Map(audit.trend.map((t) => [t.id, t]));
  return {
    window: { from: isoInZone(audit.window.fromMs, timeZone), to: isoInZone(audit.window.toMs, timeZone), timeZone },
    clipMin: audit.clipMin,
    points: audit.points.map((p) => pointJson(p, trends.get(p.id), names.get(p.id))),
    slots: audit.slots.map(slotJson),
    mock: mockJson(audit.mock, timeZone),
  };
}

export type AuditJson = ReturnType<typeof auditJson>;
