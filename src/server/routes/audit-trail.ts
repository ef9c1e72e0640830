/** GET /api/audit-trail: who did what, when, from where (organisers and admins), newest first, paged by id. */
import { z } from "zod";
import type { RouteModule } from "../api-builder.js";
import { canReadAuditTrail } from "../access-policy.js";
import { forbidden } from "../http-errors.js";

export const AuditRecordSchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.string().nullable(),
    action: z.string(),
    target: z.string().nullable(),
    ip: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: "AuditRecord" });

const isoTime = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

export const register: RouteModule = (api) => {
  api.route({
    method: "get", path: "/api/audit-trail", summary: "The audit trail (organisers, admins)", tags: ["audit-trail"],
    query: z.object({
      actor: z.string().max(64).optional(),
      action: z.string().max(64).optional(),
      target: z.string().max(200).optional(),
      from: isoTime.optional(),
      to: isoTime.optional(),
      before: z.coerce.number().int().positive().optional().meta({ description: "Entries with an id below this (the next page)" }),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
    response: z.object({ entries: z.array(AuditRecordSchema) }),
    handler: ({ auth, ctx, query }) => {
      if (!canReadAuditTrail(auth.user)) throw forbidden("only organisers and admins read the audit trail");
      const entries = ctx.accounts.audit.list({ actor: query.actor, action: query.action, target: query.target, fromMs: query.from, toMs: query.to, beforeId: query.before, limit: query.limit });
      return { entries };
    },
  });
};
