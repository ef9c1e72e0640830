/**
 * The points a user may see, each with its status and open incidents counted
 * within the user's scope (a police officer's tile is "violation" only for
 * violations they may see).
 */
import type { Principal } from "../../accounts/types.js";
import { canSeeIncident, canSeePoint, visiblePoints } from "../access-policy.js";
import type { BoardReadContext } from "../context.js";
import { pointView, type PointView } from "./point-view.js";

export function pointsFor(ctx: BoardReadContext, user: Principal): PointView[] {
  const { deployment } = ctx;
  const open = new Map<string, number>();
  for (const incident of ctx.incidents.list({ openOnly: true })) {
    if (canSeeIncident(user, incident, deployment)) open.set(incident.pointId, (open.get(incident.pointId) ?? 0) + 1);
  }
  return visiblePoints(user, deployment).map((point) => pointView(point, deployment, ctx.health(point.id), open.get(point.id) ?? 0, ctx.frames.latestTime(point.id), ctx.live?.health(point.id)));
}

/** One point for the user, or undefined when it does not exist or is out of their scope (the same answer, on purpose). */
export function pointFor(ctx: BoardReadContext, user: Principal, pointId: string): PointView | undefined {
  const point = ctx.deployment.points.find((p) => p.id === pointId);
  if (!point || !canSeePoint(user, point)) return undefined;
  const open = ctx.incidents.list({ pointId, openOnly: true }).filter((i) => canSeeIncident(user, i, ctx.deployment)).length;
  return pointView(point, ctx.deployment, ctx.health(point.id), open, ctx.frames.latestTime(point.id), ctx.live?.health(point.id));
}
