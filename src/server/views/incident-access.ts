/**
 * Acknowledging an incident, for the board's buttons and lists: offered
 * (through the access policy) until someone has acknowledged it. The browser
 * shows exactly these `actions`, next to the case's own allowed transitions
 * (case.allowedActions on the incident page), and holds no workflow rule.
 */
import { z } from "zod";
import type { AuditTrail } from "../../accounts/audit-trail.js";
import type { Principal } from "../../accounts/types.js";
import type { Incident } from "../../incidents/types.js";
import { canActOnIncident, type PolicyDeployment } from "../access-policy.js";

export const IncidentAccessSchema = z.object({
  actions: z.array(z.string()).meta({ description: "Actions this user may take now (POST …/acknowledge, later the workflow's)" }),
  acknowledged: z.boolean().meta({ description: "Someone has acknowledged it" }),
});

export type IncidentAccess = z.infer<typeof IncidentAccessSchema>;

export function incidentAccess(user: Principal, incident: Incident, deployment: PolicyDeployment, audit: AuditTrail): IncidentAccess {
  const acknowledged = audit.list({ target: `incident:${incident.id}`, action: "incident.acknowledge", limit: 1 }).length > 0;
  const actions = canActOnIncident(user, incident, deployment) && !acknowledged ? ["acknowledge"] : [];
  return { actions, acknowledged };
}
