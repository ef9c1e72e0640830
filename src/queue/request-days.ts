/** The jobs of a pre-audit request: one per point and local day, validated. Pure. */
import { KerbsideError } from "../errors.js";
import { wallClockExists } from "../time/time-zone.js";
import type { PreAuditRequest } from "./types.js";

export const MAX_JOBS_PER_REQUEST = 5000;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumber(text: string, field: string): number {
  const m = DAY.exec(text);
  const [year, month, day] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  if (!m || !wallClockExists({ year, month, day, hour: 0, minute: 0, second: 0 })) {
    throw new KerbsideError("KERB_ERR_AUDIT", `${field} "${text}": expected a date YYYY-MM-DD that exists`);
  }
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/** Every day from `from` to `to` inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const first = dayNumber(from, "from");
  const last = dayNumber(to, "to");
  if (last < first) throw new KerbsideError("KERB_ERR_AUDIT", `to "${to}" is before from "${from}"`);
  return Array.from({ length: last - first + 1 }, (_, k) => new Date((first + k) * 86_400_000).toISOString().slice(0, 10));
}

export function requestJobs(request: PreAuditRequest): { pointId: string; day: string }[] {
  if (request.pointIds.length === 0) throw new KerbsideError("KERB_ERR_AUDIT", "a pre-audit request needs at least one point");
  const days = daysBetween(request.from, request.to);
  const points = [...new Set(request.pointIds)];
  if (points.length * days.length > MAX_JOBS_PER_REQUEST) {
    throw new KerbsideError("KERB_ERR_AUDIT", `${points.length} points × ${days.length} days is more than ${MAX_JOBS_PER_REQUEST} jobs; ask for fewer`);
  }
  return days.flatMap((day) => points.map((pointId) => ({ pointId, day })));
}
