/**
 * Every route module of the board API, in mounting order. To add a resource:
 * write routes/<resource>.ts exporting `register: RouteModule`, then add one
 * line here. The OpenAPI document and the route test pick it up by themselves.
 */
import type { RouteModule } from "../api-builder.js";
import { register as audit } from "./audit.js";
import { register as auditTrail } from "./audit-trail.js";
import { register as auth } from "./auth.js";
import { register as evidence } from "./evidence.js";
import { register as evidenceVerify } from "./evidence-verify.js";
import { register as health } from "./health.js";
import { register as incidentActions } from "./incident-actions.js";
import { register as incidents } from "./incidents.js";
import { register as metrics } from "./metrics.js";
import { register as pointHealth } from "./point-health.js";
import { register as points } from "./points.js";
import { register as reports } from "./reports.js";
import { register as users } from "./users.js";

export const ROUTE_MODULES: readonly RouteModule[] = [
  health,
  auth,
  points,
  pointHealth,
  incidents,
  incidentActions,
  evidence,
  evidenceVerify,
  users,
  auditTrail,
  audit,
  reports,
  metrics,
];
