/**
 * THE access policy: the one place that answers "may this user see / act on
 * this point, incident, evidence file, socket room?". REST routes, evidence
 * downloads, socket rooms and exports all ask here; never re-implement a
 * scope check elsewhere (scope bugs come from second copies).
 *
 * Scope:
 *   - admin, organiser: every point and incident (a point list, if set, still limits them).
 *   - police, enforcement: the points of their units, and there only the
 *     incidents whose responsible `unit` is one of theirs (police get the
 *     traffic rules' incidents, enforcement the sidewalk/non-motor/stall ones,
 *     because rules resolve to those units).
 *   - viewer: read-only; the points of their units (all points when they have
 *     no unit) and the incidents of their units there.
 *   - A user limited to points sees nothing of any other point: not its
 *     name, its health, its frame, or its incidents.
 *
 * Socket rooms mirror this exactly: an incident is published to
 * `incidentRoom(pointId, unit)`, point events to `pointRoom(pointId)`, and
 * `roomsFor(user)` lists the rooms the server joins a user's socket to
 * (the browser never picks). canSeeIncident(u, i) ⇔ roomsFor(u) ∋ incidentRoom(i);
 * canUseOrganiserPages(u) ∧ canSeePoint(u, p) ⇔ roomsFor(u) ∋ organiserRoom(p).
 */
import type { Principal, Role } from "../accounts/types.js";
import type { Deployment, PointConfig } from "../config/schema.js";

/** What the policy needs of a deployment. */
export type PolicyDeployment = Pick<Deployment, "points" | "units">;
/** What the policy needs of an incident. */
export interface ScopedIncident {
  pointId: string;
  unit: string;
}

const EVERYTHING: readonly Role[] = ["admin", "organiser"];

/** True for roles that see every unit's incidents (admin, organiser). */
export function seesAllUnits(user: Principal): boolean {
  return EVERYTHING.includes(user.role) || (user.role === "viewer" && user.units.length === 0);
}

/** May the user see this point at all (its name, health, frame, status)? */
export function canSeePoint(user: Principal, point: Pick<PointConfig, "id" | "units">): boolean {
  if (user.points.length > 0 && !user.points.includes(point.id)) return false;
  if (seesAllUnits(user)) return true;
  return point.units.some((unit) => user.units.includes(unit));
}

/** The points the user may see, in config order (disabled points included: they may hold history). */
export function visiblePoints(user: Principal, deployment: PolicyDeployment): PointConfig[] {
  return deployment.points.filter((point) => canSeePoint(user, point));
}

/** May the user see this incident (and so its evidence files and its socket events)? */
export function canSeeIncident(user: Principal, incident: ScopedIncident, deployment: PolicyDeployment): boolean {
  const point = deployment.points.find((p) => p.id === incident.pointId);
  if (!point || !canSeePoint(user, point)) return false;
  return seesAllUnits(user) || user.units.includes(incident.unit);
}

/** Evidence files follow their incident. */
export const canSeeEvidence = canSeeIncident;

/**
 * May the user act on the incident (acknowledge, workflow actions)? Viewers
 * never; others within their scope. The workflow narrows this per action.
 */
export function canActOnIncident(user: Principal, incident: ScopedIncident, deployment: PolicyDeployment): boolean {
  return user.role !== "viewer" && canSeeIncident(user, incident, deployment);
}

/**
 * Not limited to points: may see what spans every point (the user list, the
 * audit trail, the daily reports and ledgers, county-wide socket events),
 * which cannot be cut down to a user's points.
 */
export function hasCountyScope(user: Principal): boolean {
  return user.points.length === 0;
}

/** User accounts are managed by admins not limited to points (the list names every user's points). */
export function canManageUsers(user: Principal): boolean {
  return user.role === "admin" && hasCountyScope(user);
}

/** The audit trail: organisers and admins not limited to points (its entries name every point's incidents). */
export function canReadAuditTrail(user: Principal): boolean {
  return EVERYTHING.includes(user.role) && hasCountyScope(user);
}

/** The daily reports and ledgers cover every point: as the audit trail. */
export const canReadDailyReports = canReadAuditTrail;

/** The organiser pages (pre-audit, on-demand jobs): organisers and admins, over the points they may see. */
export function canUseOrganiserPages(user: Principal): boolean {
  return EVERYTHING.includes(user.role);
}

/**
 * The filter a list query must apply for this user: the visible points, and
 * the units whose incidents they may see (null = every unit).
 */
export function incidentScope(user: Principal, deployment: PolicyDeployment): { pointIds: string[]; units: string[] | null } {
  return { pointIds: visiblePoints(user, deployment).map((p) => p.id), units: seesAllUnits(user) ? null : [...user.units] };
}

// ---- socket rooms -------------------------------------------------------

export function pointRoom(pointId: string): string {
  return `point:${pointId}`;
}

export function incidentRoom(incident: ScopedIncident): string {
  return `incidents:${incident.pointId}:${incident.unit}`;
}

export function roleRoom(role: Role): string {
  return `role:${role}`;
}

export function userRoom(userId: number): string {
  return `user:${userId}`;
}

/** Organiser-page users who may see this point (pre-audit job events). */
export function organiserRoom(pointId: string): string {
  return `organiser:${pointId}`;
}

/**
 * Every room a socket of this user joins: its user room, its role room when
 * not limited to points (role rooms carry county-wide events), the room of
 * each visible point, for each visible point the incident rooms of the units
 * the user may see (every deployment unit for all-unit roles), and for
 * organiser-page users each visible point's organiser room.
 */
export function roomsFor(user: Principal, deployment: PolicyDeployment): string[] {
  const units = seesAllUnits(user) ? unitIdsOf(deployment) : user.units;
  const rooms = [userRoom(user.id)];
  if (hasCountyScope(user)) rooms.push(roleRoom(user.role));
  for (const point of visiblePoints(user, deployment)) {
    rooms.push(pointRoom(point.id));
    for (const unit of units) rooms.push(incidentRoom({ pointId: point.id, unit }));
    if (canUseOrganiserPages(user)) rooms.push(organiserRoom(point.id));
  }
  return rooms;
}

/** Deployment units plus any unit a point names (rules may name one not in `units`). */
function unitIdsOf(deployment: PolicyDeployment): string[] {
  return [...new Set([...deployment.units.map((u) => u.id), ...deployment.points.flatMap((p) => p.units)])];
}

/**
 * Plates are personal data: the roles that act on cases (and organisers and
 * admins) see them whole; viewers see them masked (浙A·D***4), never the plate
 * crop, and may not search by plate. Socket events carry masked plates only,
 * because a room can hold viewers.
 */
export function seesPlates(user: Principal): boolean {
  return user.role !== "viewer";
}
