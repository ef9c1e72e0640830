/**
 * An incident's case as the board sees it: state (with its Chinese label),
 * version (send it back with the next action), unit, deadline, the overdue
 * flag, the recurrence link and count, the actions this user may take now,
 * and the case history (who, when, what, note), oldest first.
 */
import { z } from "zod";
import type { Principal } from "../../accounts/types.js";
import type { Incident } from "../../incidents/types.js";
import { isoInZone } from "../../time/time-zone.js";
import type { CaseService } from "../../workflow/case-service.js";
import { CASE_ACTIONS, CASE_STATES, type HistoryEntry } from "../../workflow/types.js";
import { canActOnIncident, type PolicyDeployment } from "../access-policy.js";

export const CaseHistoryEntrySchema = z
  .object({
    version: z.number().int(),
    action: z.string().meta({ description: "A case action, or overdue / recurrence (the system's)" }),
    actor: z.string(),
    role: z.string(),
    at: z.string(),
    from: z.enum(CASE_STATES),
    to: z.enum(CASE_STATES),
    note: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "CaseHistoryEntry" });

export const CaseViewSchema = z
  .object({
    state: z.enum(CASE_STATES),
    stateLabel: z.string().meta({ description: "待受理 已立案 已派遣 已处置(待核查) 已结案 已注销 已退回 挂账" }),
    version: z.number().int().meta({ description: "Send it back as `version` with the next action (optimistic concurrency)" }),
    unit: z.string().nullable(),
    assignee: z.string().nullable(),
    reason: z.string().nullable(),
    note: z.string().nullable(),
    dispatchedAt: z.string().nullable(),
    deadline: z.string().nullable(),
    overdue: z.boolean(),
    overdueAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    recurrenceOf: z.string().nullable().meta({ description: "The closed case at the same spot this incident recurs" }),
    recurrenceCount: z.number().int().meta({ description: "Recurrences in this spot's chain" }),
    allowedActions: z.array(z.enum(CASE_ACTIONS)),
    history: z.array(CaseHistoryEntrySchema),
  })
  .meta({ id: "Case" });

export type CaseViewBody = z.infer<typeof CaseViewSchema>;

/** What a list item carries of its case: enough for work lists (state, deadline, overdue), not the history. */
export const CaseSummarySchema = CaseViewSchema.pick({ state: true, stateLabel: true, version: true, unit: true, dispatchedAt: true, deadline: true, overdue: true })
  .meta({ id: "CaseSummary" });

export type CaseSummary = z.infer<typeof CaseSummarySchema>;

export function caseSummary(workflow: CaseService, incident: Incident, timeZone: string): CaseSummary {
  const c = workflow.viewOf(workflow.current(incident));
  const at = (ms: number | null): string | null => (ms === null ? null : isoInZone(ms, timeZone));
  return { state: c.state, stateLabel: c.stateLabel, version: c.version, unit: c.unit, dispatchedAt: at(c.dispatchedAtMs), deadline: at(c.deadlineMs), overdue: c.overdue };
}

export function caseHistoryView(entry: HistoryEntry, timeZone: string): z.infer<typeof CaseHistoryEntrySchema> {
  return { ...entry, at: isoInZone(entry.atMs, timeZone) };
}

export function caseView(workflow: CaseService, user: Principal, incident: Incident, deployment: PolicyDeployment & { timezone: string }): CaseViewBody {
  const tz = deployment.timezone;
  const c = workflow.viewOf(workflow.current(incident));
  const at = (ms: number | null): string | null => (ms === null ? null : isoInZone(ms, tz));
  return {
    state: c.state, stateLabel: c.stateLabel, version: c.version, unit: c.unit, assignee: c.assignee, reason: c.reason, note: c.note,
    dispatchedAt: at(c.dispatchedAtMs), deadline: at(c.deadlineMs), overdue: c.overdue, overdueAt: at(c.overdueAtMs), closedAt: at(c.closedAtMs),
    recurrenceOf: c.recurrenceOf, recurrenceCount: c.recurrenceCount,
    allowedActions: canActOnIncident(user, incident, deployment) ? workflow.allowed(incident.id, user.role) : [],
    history: workflow.history(incident.id).map((e) => caseHistoryView(e, tz)),
  };
}
