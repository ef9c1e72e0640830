/**
 * A digest of everything that changes what a scan finds: the point's zones,
 * rules, schedules and sampling, the deployment's rules and sampling, and the
 * model. A segment scanned with the same key is not scanned again.
 */
import { createHash } from "node:crypto";
import type { Deployment, PointConfig } from "../config/schema.js";

export interface ScanKeyInput {
  deployment: Pick<Deployment, "rules" | "schedules" | "sampling" | "timezone">;
  point: Pick<PointConfig, "id" | "category" | "zones" | "rules" | "schedules" | "sampling" | "units">;
  model: string;
  scoreThreshold: number;
}

export function scanKey(input: ScanKeyInput): string {
  const { deployment, point } = input;
  const material = stableJson({
    v: 1,
    model: input.model,
    score: input.scoreThreshold,
    timezone: deployment.timezone,
    deployment: { rules: deployment.rules, schedules: deployment.schedules, sampling: deployment.sampling },
    point: { id: point.id, category: point.category, zones: point.zones, rules: point.rules, schedules: point.schedules, sampling: point.sampling, units: point.units },
  });
  return createHash("sha256").update(material).digest("hex").slice(0, 16);
}

/** JSON with object keys sorted, so equal settings always hash the same. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
  });
}
