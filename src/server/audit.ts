/**
 * recordAudit: the request-side way to write the audit trail. Route modules
 * (incident actions, pre-audit jobs, user changes) call it with the request,
 * so who and from where are filled in the same way everywhere.
 *
 *   recordAudit(req, ctx, { action: "incident.dispatch", target: `incident:${id}`, detail: { unit } });
 */
import type { Request } from "express";
import type { AuditEntry, AuditRecord } from "../accounts/audit-trail.js";
import type { BoardContext } from "./context.js";
import { authOf } from "./auth/session-auth.js";

export function recordAudit(req: Request, ctx: Pick<BoardContext, "accounts">, entry: Omit<AuditEntry, "actor" | "ip"> & { actor?: string | null }): AuditRecord {
  const actor = entry.actor !== undefined ? entry.actor : (authOf(req)?.user.username ?? null);
  return ctx.accounts.audit.record({ ...entry, actor, ip: req.ip ?? null });
}
