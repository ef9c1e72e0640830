/**
 * Repeat offenders: a new violation at the same spot — same point and zone,
 * a box matching the earlier one's (the incident store's merge test) — that
 * starts within `recurrenceDays` after a case there was closed recurs that
 * case. Of several, the most recently closed one is linked.
 */
import { boxesMatch } from "../incidents/incident-store.js";
import type { Incident, IncidentStore } from "../incidents/types.js";
import type { CaseStore } from "./case-store.js";
import type { CaseRecord } from "./types.js";

const DAY_MS = 86_400_000;

export function findRecurrence(
  incident: Incident,
  cases: Pick<CaseStore, "list">,
  incidents: Pick<IncidentStore, "get">,
  recurrenceDays: number,
): CaseRecord | undefined {
  if (recurrenceDays <= 0) return undefined;
  const sinceMs = incident.startMs - recurrenceDays * DAY_MS;
  return cases
    .list({ states: ["closed"], pointId: incident.pointId, closedSinceMs: sinceMs })
    .filter((c) => c.incidentId !== incident.id && c.zoneId === incident.zoneId && c.closedAtMs !== null && c.closedAtMs <= incident.startMs)
    .filter((c) => {
      const earlier = incidents.get(c.incidentId);
      return earlier !== undefined && boxesMatch(earlier.box, incident.box);
    })
    .sort((a, b) => (b.closedAtMs ?? 0) - (a.closedAtMs ?? 0))[0];
}
