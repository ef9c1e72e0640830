/**
 * Which incidents count for the pre-audit, and over what time. The one place
 * to change when incidents learn their observed vs unseen time (the scan
 * hardening work): inspector-facing figures must not count unseen time.
 * Until then an incident is violation time from its start to its end, or to
 * `nowMs` while open. Incidents the closed loop cancelled as false alarms are
 * left out through `excluded`, an input so the audit does not depend on the
 * workflow's storage.
 */
import type { Incident } from "../incidents/types.js";
import type { ViolationInterval } from "./types.js";

export type IncidentExclusion = (incident: Incident) => boolean;

export function violationIntervals(incidents: readonly Incident[], nowMs: number, excluded: IncidentExclusion = () => false): ViolationInterval[] {
  return incidents
    .filter((incident) => !excluded(incident))
    .map((incident) => ({ incidentId: incident.id, fromMs: incident.startMs, toMs: Math.max(incident.startMs, incident.endMs ?? nowMs) }))
    .filter((v) => v.toMs > v.fromMs);
}
