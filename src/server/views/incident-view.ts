/**
 * The incident as the board sees it: the stored incident plus names (point,
 * zone, unit), local ISO times (the deployment's offset), its status and its
 * evidence as downloadable names. Evidence paths on disk never leave the
 * server; each file is reached by name through
 * GET /api/incidents/:id/evidence/:name.
 */
import path from "node:path";
import { z } from "zod";
import { POINT_CATEGORIES, RULE_KINDS, ZONE_KINDS, type Deployment } from "../../config/schema.js";
import { observedReport } from "../../incidents/observed-time.js";
import type { Evidence, Incident } from "../../incidents/types.js";
import { isInWindows, resolveSchedules } from "../../rules/schedule.js";
import { isoInZone } from "../../time/time-zone.js";
import { PlateViewSchema } from "./plate-view.js";

export const EvidenceViewSchema = z
  .object({
    name: z.string().meta({ description: "File name, unique within the incident; the :name of the evidence route" }),
    kind: z.string().meta({ description: "snapshot_first | snapshot_threshold | snapshot_last | crop | clip | clip_preview | …" }),
    sha256: z.string(),
    bytes: z.number().int(),
    at: z.string().meta({ description: "Footage time the file shows (clip: its start), ISO with the deployment's offset" }),
    contentType: z.string(),
    url: z.string(),
  })
  .meta({ id: "Evidence" });

export const IncidentViewSchema = z
  .object({
    id: z.string(),
    pointId: z.string(),
    pointName: z.string(),
    category: z.enum(POINT_CATEGORIES),
    rule: z.enum(RULE_KINDS),
    zoneId: z.string(),
    zoneName: z.string().nullable(),
    zoneKind: z.enum(ZONE_KINDS),
    unit: z.string(),
    unitName: z.string().nullable(),
    label: z.string(),
    status: z.enum(["open", "ended"]).meta({ description: "open: still seen (no end yet); ended: the object left" }),
    start: z.string(),
    threshold: z.string().meta({ description: "When the dwell threshold was crossed (the violation moment)" }),
    lastSeen: z.string(),
    end: z.string().nullable(),
    durationSec: z.number().meta({ description: "start → last sighting, seconds; observedSec + unseenSec" }),
    observedSec: z.number().meta({ description: "Of durationSec, the time the violation was watched: the figure to show as its duration" }),
    unseenSec: z.number().meta({ description: "Of durationSec, the time nobody saw (camera outage, missing footage): never violation time" }),
    unseen: z.array(z.object({ from: z.string(), to: z.string() })).meta({ description: "The unseen stretches, ISO with the deployment's offset" }),
    peakScore: z.number(),
    box: z.object({ x1: z.number(), y1: z.number(), x2: z.number(), y2: z.number() }).meta({ description: "Source-image pixels at the threshold" }),
    thumbnailUrl: z.string().nullable().meta({ description: "The crop (or a snapshot) for lists" }),
    rushHour: z.boolean().meta({ description: "The violation (threshold) fell in the point's rush_hours schedule" }),
    evidence: z.array(EvidenceViewSchema),
    plate: PlateViewSchema.nullable()
      .meta({ description: "The vehicle's plate (parking rules), whole or masked per role; null until read" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Incident" });

export type IncidentView = z.infer<typeof IncidentViewSchema>;
export type EvidenceView = z.infer<typeof EvidenceViewSchema>;

const CONTENT_TYPES: Record<string, string> = { ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".mp4": "video/mp4", ".mkv": "video/x-matroska", ".webm": "video/webm" };

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

/** The name an evidence file is reached by: its file name. */
export function evidenceName(evidence: Pick<Evidence, "path">): string {
  return path.basename(evidence.path);
}

export function evidenceUrl(incidentId: string, name: string): string {
  return `/api/incidents/${encodeURIComponent(incidentId)}/evidence/${encodeURIComponent(name)}`;
}

export function incidentView(incident: Incident, deployment: Pick<Deployment, "points" | "units" | "timezone" | "schedules">): IncidentView {
  const tz = deployment.timezone;
  const point = deployment.points.find((p) => p.id === incident.pointId);
  const evidence = incident.evidence.map((e) => {
    const name = evidenceName(e);
    return { name, kind: e.kind, sha256: e.sha256, bytes: e.bytes, at: isoInZone(e.atMs, tz), contentType: contentTypeOf(name), url: evidenceUrl(incident.id, name) };
  });
  const thumb = ["crop", "snapshot_threshold", "snapshot_first"].map((kind) => evidence.find((e) => e.kind === kind)).find((e) => e);
  return {
    id: incident.id,
    pointId: incident.pointId,
    pointName: point?.name ?? incident.pointId,
    category: point?.category ?? "main_road",
    rule: incident.rule,
    zoneId: incident.zoneId,
    zoneName: point?.zones.find((z) => z.id === incident.zoneId)?.name ?? null,
    zoneKind: incident.zoneKind,
    unit: incident.unit,
    unitName: deployment.units.find((u) => u.id === incident.unit)?.name ?? null,
    label: incident.label,
    status: incident.endMs === null ? "open" : "ended",
    start: isoInZone(incident.startMs, tz),
    threshold: isoInZone(incident.thresholdMs, tz),
    lastSeen: isoInZone(incident.lastSeenMs, tz),
    end: incident.endMs === null ? null : isoInZone(incident.endMs, tz),
    durationSec: incident.durationSec,
    ...observedReport(incident, tz),
    peakScore: Math.round(incident.peakScore * 1000) / 1000,
    box: incident.box,
    thumbnailUrl: thumb?.url ?? null,
    rushHour: point ? isInWindows(resolveSchedules(deployment, point).rush_hours ?? [], incident.thresholdMs, tz) : false,
    evidence,
    plate: null,
    createdAt: incident.createdAt,
    updatedAt: incident.updatedAt,
  };
}
