/**
 * What a socket receives on connect (event `snapshot`): the user's points
 * (as GET /api/points) and their open incidents plus the newest ended ones
 * (as GET /api/incidents), so the board can draw itself before any event.
 */
import type { Principal } from "../../accounts/types.js";
import type { BoardReadContext } from "../context.js";
import { searchIncidents } from "../views/incident-search.js";
import { withPlate } from "../views/plate-view.js";
import { incidentView, type IncidentView } from "../views/incident-view.js";
import { pointsFor } from "../views/point-list.js";
import type { PointView } from "../views/point-view.js";

export interface Snapshot {
  at: string;
  points: PointView[];
  /** Open incidents (up to 500), then the 50 newest ended ones. */
  incidents: IncidentView[];
}

export function snapshotFor(ctx: BoardReadContext, user: Principal): Snapshot {
  const open = searchIncidents(ctx, user, { status: "open", limit: 500 }).incidents;
  const ended = searchIncidents(ctx, user, { status: "ended", limit: 50 }).incidents;
  return {
    at: new Date(ctx.now()).toISOString(),
    points: pointsFor(ctx, user),
    incidents: [...open, ...ended].map((i) => withPlate(incidentView(i, ctx.deployment), ctx.plates?.get(i.id), user)),
  };
}
