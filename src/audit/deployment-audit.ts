/**
 * The pre-audit of a deployment's points, read from its database: opens
 * nothing itself (the caller passes the stores), loads each point's data over
 * the window and the one before it (for the trend), and runs the pure
 * pre-audit. Used by `kerbside audit`, the board's /api/audit routes and the
 * daily report, so all three show the same figures.
 */
import type { Deployment, PointConfig } from "../config/schema.js";
import { detectorModelName, findModel } from "../detect/model-registry.js";
import { KerbsideError } from "../errors.js";
import { retentionCutoff } from "../footage/retention.js";
import { scanKey } from "../scan/scan-key.js";
import { loadPointData, type AuditSources } from "./audit-data.js";
import { preAudit, type PreAudit } from "./pre-audit.js";
import { previousWindow } from "./ranking.js";
import { clipSpec, DEFAULT_CLIP_MIN, type AuditWindow, type PointAuditData } from "./types.js";

export interface AuditRequest {
  /** Default: every enabled point. */
  pointIds?: readonly string[];
  /** Default: the last retentionDays up to now. */
  window?: AuditWindow;
  clipMin?: number;
  seed?: number;
  slotLimit?: number;
}

export type AuditStores = Omit<AuditSources, "scanKeyFor" | "nowMs">;

export interface DeploymentAudit extends PreAudit {
  /** Each point's data over the window and the previous one (for heatmaps). */
  data: PointAuditData[];
}

export const DEFAULT_SEED = 1;

export function defaultWindow(deployment: Pick<Deployment, "retentionDays">, nowMs: number, days?: number): AuditWindow {
  return { fromMs: retentionCutoff(nowMs, days ?? deployment.retentionDays), toMs: nowMs };
}

export function auditPoints(deployment: Pick<Deployment, "points" | "file">, pointIds?: readonly string[]): PointConfig[] {
  const enabled = deployment.points.filter((p) => p.enabled);
  if (pointIds === undefined) return enabled;
  return pointIds.map((id) => {
    const point = enabled.find((p) => p.id === id);
    if (!point) throw new KerbsideError("KERB_ERR_POINT_UNKNOWN", `no enabled point "${id}" in ${deployment.file} (points: ${enabled.map((p) => p.id).join(", ")})`);
    return point;
  });
}

/** The scan key a point's footage is scanned with by `kerbside run` and `kerbside scan --config`. */
export async function scanKeyFactory(deployment: Deployment): Promise<(point: PointConfig) => string> {
  const model = (await findModel(detectorModelName(deployment.detector))).card.name;
  return (point) => scanKey({ deployment, point, model, scoreThreshold: deployment.detector.scoreThreshold });
}

export async function auditDeployment(deployment: Deployment, stores: AuditStores, request: AuditRequest, nowMs: number): Promise<DeploymentAudit> {
  const window = request.window ?? defaultWindow(deployment, nowMs);
  const clip = clipSpec(request.clipMin ?? DEFAULT_CLIP_MIN);
  const points = auditPoints(deployment, request.pointIds);
  const sources: AuditSources = { ...stores, scanKeyFor: await scanKeyFactory(deployment), nowMs };
  const range = { fromMs: previousWindow(window).fromMs, toMs: window.toMs };
  const data = points.map((point) => loadPointData(point, range, sources));
  const audit = preAudit(data, { window, clip, timeZone: deployment.timezone, seed: request.seed ?? DEFAULT_SEED, slotLimit: request.slotLimit });
  return { ...audit, data };
}
