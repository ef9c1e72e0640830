/**
 * An incident's history for its page: when it was detected and crossed the
 * dwell threshold, when it ended, and every action recorded against it in
 * the audit trail (target `incident:<id>`), oldest first.
 */
import { z } from "zod";
import type { AuditTrail } from "../../accounts/audit-trail.js";
import type { Incident } from "../../incidents/types.js";
import { isoInZone } from "../../time/time-zone.js";

export const HistoryEntrySchema = z
  .object({
    at: z.string(),
    action: z.string().meta({ description: "detected | threshold | ended | the audit action (incident.acknowledge, incident.dispatch, …)" }),
    actor: z.string().nullable().meta({ description: "User name; null for the system" }),
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: "HistoryEntry" });

export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export function incidentHistory(incident: Incident, audit: AuditTrail, timeZone: string): HistoryEntry[] {
  const entries: { ms: number; entry: HistoryEntry }[] = [
    { ms: incident.startMs, entry: { at: isoInZone(incident.startMs, timeZone), action: "detected", actor: null, detail: { label: incident.label } } },
    { ms: incident.thresholdMs, entry: { at: isoInZone(incident.thresholdMs, timeZone), action: "threshold", actor: null, detail: null } },
  ];
  if (incident.endMs !== null) entries.push({ ms: incident.endMs, entry: { at: isoInZone(incident.endMs, timeZone), action: "ended", actor: null, detail: null } });
  for (const record of audit.list({ target: `incident:${incident.id}`, limit: 1000 })) {
    const ms = Date.parse(record.at);
    entries.push({ ms, entry: { at: isoInZone(ms, timeZone), action: record.action, actor: record.actor, detail: record.detail } });
  }
  return entries.sort((a, b) => a.ms - b.ms).map((e) => e.entry);
}
