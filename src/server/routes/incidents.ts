/**
 * Incidents: GET /api/incidents (filters, cursor paging, scoped),
 * GET /api/incidents/:id (with evidence and history), and
 * POST /api/incidents/:id/acknowledge (the one action before the workflow's
 * own). An incident outside the user's scope answers 404, like a missing one.
 */
import { z } from "zod";
import { POINT_CATEGORIES, RULE_KINDS } from "../../config/schema.js";
import type { Incident } from "../../incidents/types.js";
import type { Principal } from "../../accounts/types.js";
import type { RouteModule } from "../api-builder.js";
import { canActOnIncident, canSeeIncident } from "../access-policy.js";
import { recordAudit } from "../audit.js";
import type { BoardContext } from "../context.js";
import { forbidden, notFound } from "../http-errors.js";
import { HistoryEntrySchema, incidentHistory } from "../views/incident-history.js";
import { searchIncidents } from "../views/incident-search.js";
import { CaseSummarySchema, CaseViewSchema, caseSummary, caseView } from "../views/case-view.js";
import { IncidentAccessSchema, incidentAccess } from "../views/incident-access.js";
import { IncidentViewSchema, incidentView } from "../views/incident-view.js";
import { withPlate } from "../views/plate-view.js";

/** `a,b` or repeated `?x=a&x=b`, into a list. */
const list = <T extends z.ZodType<string, string>>(item: T) =>
  z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter(Boolean)).pipe(z.array(item));
const isoTime = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

export const IncidentQuerySchema = z.object({
  point: list(z.string()).optional(),
  category: list(z.enum(POINT_CATEGORIES)).optional(),
  rule: list(z.enum(RULE_KINDS)).optional(),
  unit: list(z.string()).optional(),
  status: z.enum(["open", "ended"]).optional(),
  plate: z.string().min(3).max(20).optional().meta({ description: "Only incidents whose vehicle's plate was read as this (e.g. 浙A·D1234 or 浙AD1234); not for viewers" }),
  from: isoTime.optional().meta({ description: "Incidents still seen at or after this ISO time" }),
  to: isoTime.optional().meta({ description: "Incidents that started before this ISO time" }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});

/** A listed incident with what the asking user may do to it, and its case's state and deadline (work lists). */
export const IncidentListItemSchema = IncidentViewSchema.extend(IncidentAccessSchema.shape)
  .extend({ case: CaseSummarySchema.meta({ description: "The case's state, deadline and overdue flag (the detail has the whole case)" }) })
  .meta({ id: "IncidentListItem" });
export const IncidentDetailSchema = IncidentListItemSchema.extend({
  history: z.array(HistoryEntrySchema),
  case: CaseViewSchema.meta({ description: "The closed loop: state, version, deadline, overdue, recurrence, allowed actions, case history" }),
}).meta({ id: "IncidentDetail" });
const IdParams = z.object({ id: z.string().min(1).max(200) });

/** The incident if the user may see it; 404 otherwise (existence is not revealed). */
export function incidentFor(ctx: BoardContext, user: Principal, id: string): Incident {
  const incident = ctx.incidents.get(id);
  if (!incident || !canSeeIncident(user, incident, ctx.deployment)) throw notFound(`incident ${id}`);
  return incident;
}

/** The incident page's answer: the view, what this user may do, and the history. */
function detailOf(ctx: BoardContext, user: Principal, incident: Incident): z.input<typeof IncidentDetailSchema> {
  const repeatOf = ctx.plates?.earlierWithPlate(incident.id, ctx.deployment.workflow.recurrenceDays) ?? [];
  return {
    ...withPlate(incidentView(incident, ctx.deployment), ctx.plates?.get(incident.id), user, repeatOf),
    ...incidentAccess(user, incident, ctx.deployment, ctx.accounts.audit),
    history: incidentHistory(incident, ctx.accounts.audit, ctx.deployment.timezone),
    case: caseView(ctx.workflow, user, incident, ctx.deployment),
  };
}

export const register: RouteModule = (api) => {
  api.route({
    method: "get", path: "/api/incidents", summary: "Incidents in the user's scope, newest first", tags: ["incidents"],
    query: IncidentQuerySchema,
    response: z.object({ incidents: z.array(IncidentListItemSchema), nextCursor: z.string().nullable() }),
    handler: ({ auth, ctx, query }) => {
      const found = searchIncidents(ctx, auth.user, { ...query, fromMs: query.from, toMs: query.to });
      const items = found.incidents.map((i) => ({
        ...withPlate(incidentView(i, ctx.deployment), ctx.plates?.get(i.id), auth.user),
        ...incidentAccess(auth.user, i, ctx.deployment, ctx.accounts.audit),
        case: caseSummary(ctx.workflow, i, ctx.deployment.timezone),
      }));
      return { incidents: items, nextCursor: found.nextCursor };
    },
  });
  api.route({
    method: "get", path: "/api/incidents/:id", summary: "One incident with its evidence and history", tags: ["incidents"],
    params: IdParams, response: IncidentDetailSchema,
    handler: ({ auth, ctx, params }) => {
      const incident = incidentFor(ctx, auth.user, params.id);
      return detailOf(ctx, auth.user, incident);
    },
  });
  api.route({
    method: "post", path: "/api/incidents/:id/acknowledge", summary: "Acknowledge an incident (recorded in its history)", tags: ["incidents"],
    params: IdParams, body: z.object({ note: z.string().max(2000).optional() }).optional(), response: IncidentDetailSchema,
    handler: ({ auth, ctx, params, body, req }) => {
      const incident = incidentFor(ctx, auth.user, params.id);
      if (!canActOnIncident(auth.user, incident, ctx.deployment)) throw forbidden(`a ${auth.user.role} cannot act on incidents`);
      recordAudit(req, ctx, { action: "incident.acknowledge", target: `incident:${incident.id}`, detail: body?.note ? { note: body.note } : null });
      ctx.push.publish("incident.updated", withPlate(incidentView(incident, ctx.deployment), ctx.plates?.get(incident.id), null), { incident });
      return detailOf(ctx, auth.user, incident);
    },
  });
};
