/**
 * Pure scheduling of live frames onto one shared detector.
 *
 * planIntervals: when the points' demand (Σ 1/interval) exceeds what the
 * detector manages, intervals are stretched on the least urgent points first
 * (doubling, up to maxStretch × their own and maxSec), until the demand fits.
 * Urgency is the schedule's own rate (a junction at 2 s in rush hours before
 * a main road at 10 s), junctions breaking ties.
 *
 * pickNext: among points with a waiting frame that is due (at least its
 * granted interval after the last frame detected, less half a nominal
 * interval of jitter), a point overdue by a whole interval first (nobody
 * starves), then the most urgent, then the most overdue.
 */

export interface PointDemand {
  pointId: string;
  nominalSec: number;
  urgency: number;
}

export interface SlotView {
  pointId: string;
  nominalSec: number;
  grantedSec: number;
  urgency: number;
  /** Capture time of the frame waiting in the slot (null: none). */
  frameAtMs: number | null;
  /** Capture time of the last frame detected (null: none yet). */
  lastServedMs: number | null;
}

export interface PlanOptions {
  maxStretch?: number;
  maxSec?: number;
}

export function urgencyOf(nominalSec: number, category: string): number {
  return 1 / nominalSec + (category === "junction" ? 0.01 : 0);
}

export function demandFps(points: readonly PointDemand[], granted?: ReadonlyMap<string, number>): number {
  return points.reduce((sum, p) => sum + 1 / (granted?.get(p.pointId) ?? p.nominalSec), 0);
}

export function planIntervals(points: readonly PointDemand[], capacityFps: number, options: PlanOptions = {}): Map<string, number> {
  const maxStretch = options.maxStretch ?? 6;
  const maxSec = options.maxSec ?? 60;
  const granted = new Map(points.map((p) => [p.pointId, p.nominalSec]));
  const cap = (p: PointDemand): number => Math.max(p.nominalSec, Math.min(p.nominalSec * maxStretch, maxSec));
  const levels = [...new Set(points.map((p) => p.urgency))].sort((a, b) => a - b);
  for (const level of levels) {
    const group = points.filter((p) => p.urgency === level);
    while (demandFps(points, granted) > capacityFps) {
      const stretchable = group.filter((p) => (granted.get(p.pointId) as number) < cap(p));
      if (stretchable.length === 0) break;
      for (const p of stretchable) granted.set(p.pointId, Math.min(cap(p), (granted.get(p.pointId) as number) * 2));
    }
    if (demandFps(points, granted) <= capacityFps) break;
  }
  return granted;
}

export interface SettledIntervals {
  granted: Map<string, number>;
  /** Consecutive plans that found the demand over capacity (pass it back next time). */
  overloadedPlans: number;
}

/**
 * planIntervals with hysteresis, so one slow moment of a shared box does not
 * degrade points: a plan that stretches a point is taken only when the
 * previous one found the demand over capacity too; points are eased back
 * only as far as 95 % of the capacity allows, so a point restored is not
 * stretched again at the next small dip. `current`: the intervals granted
 * now (never taken below a point's own, which may just have changed).
 */
export function settleIntervals(points: readonly PointDemand[], current: ReadonlyMap<string, number>, capacityFps: number, overloadedPlans: number): SettledIntervals {
  const now = new Map(points.map((p) => [p.pointId, Math.max(current.get(p.pointId) ?? p.nominalSec, p.nominalSec)]));
  const wanted = planIntervals(points, capacityFps);
  const stretches = points.some((p) => (wanted.get(p.pointId) as number) > (now.get(p.pointId) as number));
  if (stretches) return { granted: overloadedPlans + 1 >= 2 ? wanted : now, overloadedPlans: overloadedPlans + 1 };
  const safe = planIntervals(points, capacityFps * 0.95);
  const granted = new Map(points.map((p) => {
    const id = p.pointId;
    return [id, Math.max(wanted.get(id) as number, Math.min(now.get(id) as number, safe.get(id) as number))];
  }));
  return { granted, overloadedPlans: 0 };
}

export function isDue(slot: SlotView): boolean {
  if (slot.frameAtMs === null) return false;
  if (slot.lastServedMs === null) return true;
  return slot.frameAtMs - slot.lastServedMs >= (slot.grantedSec - slot.nominalSec / 2) * 1000;
}

/** How late the point is, in granted intervals (0: on time). */
export function overdue(slot: SlotView, nowMs: number): number {
  if (slot.lastServedMs === null) return 1;
  return Math.max(0, (nowMs - slot.lastServedMs - slot.grantedSec * 1000) / (slot.grantedSec * 1000));
}

export function pickNext(slots: readonly SlotView[], nowMs: number): string | null {
  const due = slots.filter(isDue);
  if (due.length === 0) return null;
  const key = (s: SlotView): [number, number, number] => [overdue(s, nowMs) >= 1 ? 1 : 0, s.urgency, overdue(s, nowMs)];
  due.sort((a, b) => {
    const [sa, ua, oa] = key(a);
    const [sb, ub, ob] = key(b);
    return sb - sa || ub - ua || ob - oa;
  });
  return (due[0] as SlotView).pointId;
}
