/**
 * Which incidents count for the pre-audit, and over what time. Only watched
 * time is violation time (incidents/observed-time.ts): an outage or a gap
 * between episodes inside an incident is not something an inspector's clip
 * would show as a violation. An open incident also counts from its last
 * sighting to `nowMs`. Incidents the closed loop cancelled as false alarms
 * are left out through `excluded`, an input so the audit does not depend on
 * the workflow's storage.
 */
import { observedIntervals } from "../incidents/observed-time.js";
import type { Incident } from "../incidents/types.js";
import type { ViolationInterval } from "./types.js";

export type IncidentExclusion = (incident: Incident) => boolean;

export function violationIntervals(incidents: readonly Incident[], nowMs: number, excluded: IncidentExclusion = () => false): ViolationInterval[] {
  return incidents
    .filter((incident) => !excluded(incident))
    .flatMap((incident) => {
      const watched = observedIntervals(incident);
      const still = incident.endMs === null && nowMs > incident.lastSeenMs ? [{ fromMs: incident.lastSeenMs, toMs: nowMs }] : [];
      return [...watched, ...still].map((i) => ({ incidentId: incident.id, ...i }));
    })
    .filter((v) => v.toMs > v.fromMs);
}
