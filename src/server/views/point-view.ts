/**
 * A monitoring point as the board sees it: names, category, units, zones,
 * camera health (errors redacted), live detection health (detection-view.ts),
 * status and open incidents within the viewer's scope, and where its latest
 * frame is. Never the source URL.
 */
import { z } from "zod";
import { POINT_CATEGORIES, ZONE_KINDS, type Deployment, type PointConfig } from "../../config/schema.js";
import { redactText } from "../../footage/redact.js";
import { SOURCE_STATES, type SourceHealth } from "../../footage/types.js";
import type { LiveHealth } from "../../live/types.js";
import { DetectionViewSchema, detectionView } from "./detection-view.js";
import { isoInZone } from "../../time/time-zone.js";

export const HealthViewSchema = z
  .object({
    state: z.enum(SOURCE_STATES),
    since: z.string(),
    lastSegmentAt: z.string().nullable(),
    reconnects: z.number().int(),
    lastError: z.string().nullable().meta({ description: "Redacted: never carries camera credentials" }),
  })
  .meta({ id: "PointHealth" });

export const PointViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    category: z.enum(POINT_CATEGORIES),
    enabled: z.boolean(),
    units: z.array(z.object({ id: z.string(), name: z.string(), nameEn: z.string().nullable() })),
    zones: z.array(z.object({ id: z.string(), name: z.string().nullable(), kind: z.enum(ZONE_KINDS), polygon: z.array(z.tuple([z.number(), z.number()])) })),
    status: z.enum(["clear", "violation", "offline"]),
    openIncidents: z.number().int().meta({ description: "Open incidents the user may see" }),
    health: HealthViewSchema.nullable(),
    detection: DetectionViewSchema.nullable().meta({ description: "Live detection (live sources while `kerbside run` runs); null otherwise" }),
    frameUrl: z.string().meta({ description: "GET it for the latest frame (JPEG); 404 until one exists" }),
    frameAt: z.string().nullable().meta({ description: "Footage time of the latest frame; null while there is none (frameUrl would answer 404)" }),
  })
  .meta({ id: "Point" });

export type PointView = z.infer<typeof PointViewSchema>;
export type HealthView = z.infer<typeof HealthViewSchema>;

export function healthView(health: SourceHealth, timeZone: string): HealthView {
  return {
    state: health.state,
    since: isoInZone(health.sinceMs, timeZone),
    lastSegmentAt: health.lastSegmentAt === null ? null : isoInZone(health.lastSegmentAt, timeZone),
    reconnects: health.reconnects,
    lastError: health.lastError === null ? null : redactText(health.lastError),
  };
}

export function frameUrl(pointId: string): string {
  return `/api/points/${encodeURIComponent(pointId)}/frame.jpg`;
}

export function pointView(
  point: PointConfig,
  deployment: Pick<Deployment, "units" | "timezone">,
  health: SourceHealth | undefined,
  openIncidents: number,
  frameAtMs: number | null = null,
  live?: LiveHealth,
): PointView {
  const status = health?.state === "offline" ? "offline" : openIncidents > 0 ? "violation" : "clear";
  return {
    id: point.id,
    name: point.name,
    category: point.category,
    enabled: point.enabled,
    units: point.units.map((id) => {
      const unit = deployment.units.find((u) => u.id === id);
      return { id, name: unit?.name ?? id, nameEn: unit?.name_en ?? null };
    }),
    zones: point.zones.map((z) => ({ id: z.id, name: z.name ?? null, kind: z.kind, polygon: z.polygon })),
    status,
    openIncidents,
    health: health ? healthView(health, deployment.timezone) : null,
    detection: live ? detectionView(live, deployment.timezone) : null,
    frameUrl: frameUrl(point.id),
    frameAt: frameAtMs === null ? null : isoInZone(frameAtMs, deployment.timezone),
  };
}
