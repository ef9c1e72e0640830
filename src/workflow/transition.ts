/**
 * The state machine as one pure function: current case × action × actor →
 * the next case and its history entry, or a coded refusal. No clock, no
 * storage: the caller passes the time and the rule's default deadline, and
 * stores the result with optimistic concurrency (case-service.ts).
 *
 *   new ─file→ filed ─dispatch→ dispatched ─resolve→ resolved ─verify pass→ closed
 *   cancel (new/filed/returned/parked) → cancelled      return (dispatched) → returned
 *   park → parked (stays on the ledger)   verify fail → dispatched (back to the unit)
 *   close (resolved/parked) → closed      reopen (closed/cancelled) → filed
 */
import type { ErrorCode } from "../errors.js";
import { ACTION_RULES, allowedActions, appliesTo, roleMay } from "./permissions.js";
import { CANCEL_REASONS, type Actor, type CaseAction, type CaseRecord, type CaseState, type HistoryEntry } from "./types.js";

export interface TransitionContext {
  atMs: number;
  /** The rule's time limit from a dispatch instant (working calendar); null: no deadline. */
  deadlineFor: (dispatchedAtMs: number) => number | null;
}

export type TransitionResult =
  | { ok: true; next: CaseRecord; entry: HistoryEntry }
  | { ok: false; code: Extract<ErrorCode, `KERB_ERR_CASE_${string}`>; message: string };

type Refusal = Extract<TransitionResult, { ok: false }>;

export function transition(current: CaseRecord, input: CaseAction, actor: Actor, ctx: TransitionContext): TransitionResult {
  const { action } = input;
  if (!roleMay(actor.role, action)) {
    return refuse("KERB_ERR_CASE_ROLE", `role ${actor.role} may not ${action} a case (allowed: ${ACTION_RULES[action].roles.join(", ")})`);
  }
  if (!appliesTo(current.state, action)) {
    const possible = allowedActions(current.state, actor.role);
    return refuse(
      "KERB_ERR_CASE_STATE",
      `cannot ${action} case ${current.incidentId}: it is ${current.state}; ${possible.length ? `allowed now: ${possible.join(", ")}` : "no action is allowed now"}`,
    );
  }
  const invalid = checkInput(input, ctx.atMs);
  if (invalid) return invalid;
  const changes = apply(current, input, ctx);
  const next: CaseRecord = { ...current, ...changes, version: current.version + 1, updatedAtMs: ctx.atMs };
  const entry: HistoryEntry = {
    incidentId: current.incidentId,
    version: next.version,
    action,
    actor: actor.name,
    role: actor.role,
    atMs: ctx.atMs,
    from: current.state,
    to: next.state,
    note: noteOf(input),
    details: detailsOf(input, next),
  };
  return { ok: true, next, entry };
}

function refuse(code: Refusal["code"], message: string): Refusal {
  return { ok: false, code, message };
}

function blank(text: string | undefined): boolean {
  return text === undefined || text.trim().length === 0;
}

function checkInput(input: CaseAction, atMs: number): Refusal | null {
  switch (input.action) {
    case "cancel":
      return CANCEL_REASONS.includes(input.reason) ? null : refuse("KERB_ERR_CASE_INPUT", `cancel: reason must be one of ${CANCEL_REASONS.join(", ")}`);
    case "dispatch":
      if (blank(input.unit)) return refuse("KERB_ERR_CASE_INPUT", "dispatch: a unit is required");
      if (input.deadlineMs !== undefined && input.deadlineMs <= atMs) return refuse("KERB_ERR_CASE_INPUT", "dispatch: the deadline must be in the future");
      return null;
    case "return":
      return blank(input.reason) ? refuse("KERB_ERR_CASE_INPUT", "return: a reason is required (why the case is not the unit's)") : null;
    case "resolve":
      return blank(input.note) ? refuse("KERB_ERR_CASE_INPUT", "resolve: a note saying what was done is required") : null;
    case "verify":
      if (input.result !== "pass" && input.result !== "fail") return refuse("KERB_ERR_CASE_INPUT", "verify: result must be pass or fail");
      return blank(input.note) ? refuse("KERB_ERR_CASE_INPUT", "verify: a note is required") : null;
    case "park":
      return blank(input.explanation) ? refuse("KERB_ERR_CASE_INPUT", "park: a written explanation is required") : null;
    default:
      return null;
  }
}

function apply(current: CaseRecord, input: CaseAction, ctx: TransitionContext): Partial<CaseRecord> {
  const note = noteOf(input);
  switch (input.action) {
    case "file":
      return { state: "filed", note };
    case "cancel":
      return { state: "cancelled", reason: input.reason, note, watchFromMs: null };
    case "dispatch":
      return {
        state: "dispatched", unit: input.unit, assignee: input.assignee ?? null, reason: null, note,
        dispatchedAtMs: ctx.atMs, deadlineMs: input.deadlineMs ?? ctx.deadlineFor(ctx.atMs), watchFromMs: ctx.atMs, overdueAtMs: null,
      };
    case "return":
      return { state: "returned", reason: input.reason, note, watchFromMs: null };
    case "resolve":
      return { state: "resolved", note, watchFromMs: ctx.atMs };
    case "verify":
      return input.result === "pass"
        ? { state: "closed", note, closedAtMs: ctx.atMs, watchFromMs: null }
        : { state: "dispatched", note };
    case "close":
      return { state: "closed", note, closedAtMs: ctx.atMs, watchFromMs: null };
    case "park":
      return { state: "parked", note, watchFromMs: null };
    case "reopen":
      return reopened(note);
  }
}

function reopened(note: string | null): Partial<CaseRecord> {
  const state: CaseState = "filed";
  return { state, note, reason: null, unit: null, assignee: null, dispatchedAtMs: null, deadlineMs: null, watchFromMs: null, overdueAtMs: null, closedAtMs: null };
}

function noteOf(input: CaseAction): string | null {
  if (input.action === "park") return input.explanation;
  return input.note ?? null;
}

function detailsOf(input: CaseAction, next: CaseRecord): Record<string, unknown> {
  switch (input.action) {
    case "cancel":
    case "return":
      return { reason: input.reason };
    case "dispatch":
      return { unit: input.unit, assignee: input.assignee ?? null, deadlineMs: next.deadlineMs };
    case "resolve":
      return input.photo ? { photo: input.photo } : {};
    case "verify":
      return { result: input.result };
    default:
      return {};
  }
}
