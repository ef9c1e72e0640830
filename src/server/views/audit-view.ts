/**
 * The pre-audit for a board user: the deployment audit over the points the
 * access policy lets them see, with the stores of the board's database (scan
 * progress and the closed loop's cases, for "scanned" and false alarms).
 * Only organisers and admins use the organiser pages.
 */
import type { Principal } from "../../accounts/types.js";
import { auditDeployment, defaultWindow, type DeploymentAudit } from "../../audit/deployment-audit.js";
import { falseAlarmExclusion } from "../../audit/false-alarms.js";
import { ScanProgressStore } from "../../scan/scan-progress.js";
import { SqliteCaseStore } from "../../workflow/sqlite-case-store.js";
import { canUseOrganiserPages, visiblePoints } from "../access-policy.js";
import type { BoardContext } from "../context.js";
import { forbidden, notFound } from "../http-errors.js";

export interface AuditQuery {
  points?: string[];
  from?: number;
  to?: number;
  windowDays?: number;
  clipMin: number;
  seed: number;
}

export function requireOrganiser(user: Principal): void {
  if (!canUseOrganiserPages(user)) throw forbidden("the pre-audit and the ledgers are for organisers and admins");
}

/** The requested points, each checked against the user's scope (a point out of scope answers like a missing one). */
export function scopedPointIds(ctx: BoardContext, user: Principal, requested?: readonly string[]): string[] {
  const visible = visiblePoints(user, ctx.deployment).filter((p) => p.enabled).map((p) => p.id);
  if (!requested || requested.length === 0) return visible;
  for (const id of requested) if (!visible.includes(id)) throw notFound(`point ${id}`);
  return [...new Set(requested)];
}

export async function auditFor(ctx: BoardContext, user: Principal, query: AuditQuery): Promise<DeploymentAudit> {
  requireOrganiser(user);
  const pointIds = scopedPointIds(ctx, user, query.points);
  const nowMs = ctx.now();
  const window = query.from !== undefined && query.to !== undefined ? { fromMs: query.from, toMs: query.to } : defaultWindow(ctx.deployment, nowMs, query.windowDays);
  const stores = { segments: ctx.segments, incidents: ctx.incidents, progress: new ScanProgressStore(ctx.db), excluded: falseAlarmExclusion(new SqliteCaseStore(ctx.db)) };
  return auditDeployment(ctx.deployment, stores, { pointIds, window, clipMin: query.clipMin, seed: query.seed }, nowMs);
}
