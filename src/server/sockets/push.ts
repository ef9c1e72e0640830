/**
 * Publishing live events to the board. Other modules (the workflow's case
 * updates, the pre-audit's job progress…) use ctx.push.publish with a scope;
 * the hub maps the scope to socket rooms (access-policy.ts), so an event
 * only reaches users who may see what it is about.
 *
 *   ctx.push.publish("case.updated", payload, { incident });      // like incident.* events
 *   ctx.push.publish("audit.job", payload, { organiserPagesOf: job.pointId });  // organisers/admins who see J01
 *   ctx.push.publish("county.news", payload, { roles: ["admin", "organiser"] }); // county-wide: not for point-limited users
 *   ctx.push.publish("point.health", payload, { pointId: "J01" });
 *
 * Payloads must be plain JSON and carry no secret (camera URLs, tokens).
 * publish() never blocks: socket.io buffers per client, so a slow or dead
 * client cannot slow the caller (the scanner).
 */
import type { Role } from "../../accounts/types.js";
import { incidentRoom, organiserRoom, pointRoom, roleRoom, userRoom, type ScopedIncident } from "../access-policy.js";

export type PushScope =
  /** Users who may see this incident. */
  | { incident: ScopedIncident }
  /** Users who may see this point. */
  | { pointId: string }
  /** Organiser-page users (organisers, admins) who may see this point: pre-audit jobs. */
  | { organiserPagesOf: string }
  /** Every user with one of these roles not limited to points (only for county-wide, not point-scoped, data). */
  | { roles: readonly Role[] }
  /** One user's sockets. */
  | { userId: number };

export interface Push {
  publish(event: string, payload: unknown, scope: PushScope): void;
  /** Disconnects every socket of the user at once (sessions ended). */
  disconnectUser(userId: number): void;
}

export function roomsOfScope(scope: PushScope): string[] {
  if ("incident" in scope) return [incidentRoom(scope.incident)];
  if ("pointId" in scope) return [pointRoom(scope.pointId)];
  if ("organiserPagesOf" in scope) return [organiserRoom(scope.organiserPagesOf)];
  if ("roles" in scope) return scope.roles.map(roleRoom);
  return [userRoom(scope.userId)];
}

/** When no socket server runs (in-process HTTP tests, --no-board). */
export const NO_PUSH: Push = { publish: () => undefined, disconnectUser: () => undefined };
