/**
 * The closed loop (问题交办—整改跟踪—验收销号): every incident is a case that
 * moves through states by actions. Overdue is a flag on dispatched/resolved
 * cases past their deadline, not a state. Recurrence links a new incident at
 * the same spot to a case closed within `recurrenceDays`.
 */
import type { Incident } from "../incidents/types.js";

export const CASE_STATES = ["new", "filed", "dispatched", "resolved", "closed", "cancelled", "returned", "parked"] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** Chinese labels as the campaign office writes them. */
export const CASE_STATE_LABELS: Readonly<Record<CaseState, string>> = {
  new: "待受理",
  filed: "已立案",
  dispatched: "已派遣",
  resolved: "已处置(待核查)",
  closed: "已结案",
  cancelled: "已注销",
  returned: "已退回",
  parked: "挂账",
};

export const CASE_ACTIONS = ["file", "cancel", "dispatch", "return", "resolve", "verify", "close", "park", "reopen"] as const;
export type CaseActionName = (typeof CASE_ACTIONS)[number];

export const CANCEL_REASONS = ["false_alarm", "duplicate", "out_of_scope"] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** Board accounts' roles (issue 8) plus `system`: Kerbside itself (auto-dispatch, footage verification). */
export const USER_ROLES = ["admin", "organiser", "police", "enforcement", "viewer"] as const;
export type UserRole = (typeof USER_ROLES)[number];
export type ActorRole = UserRole | "system";

export type CaseAction =
  | { action: "file"; note?: string }
  | { action: "cancel"; reason: CancelReason; note?: string }
  | { action: "dispatch"; unit: string; assignee?: string; /** Epoch ms; default from the rule's time limit. */ deadlineMs?: number; note?: string }
  | { action: "return"; reason: string; note?: string }
  | { action: "resolve"; note: string; /** Evidence path of an uploaded photo. */ photo?: string }
  | { action: "verify"; result: "pass" | "fail"; note: string }
  | { action: "close"; note?: string }
  | { action: "park"; explanation: string }
  | { action: "reopen"; note?: string };

export interface Actor {
  /** User name, or "kerbside" for the system. */
  name: string;
  role: ActorRole;
}

/** A case as stored: the workflow side of one incident. */
export interface CaseRecord {
  incidentId: string;
  pointId: string;
  rule: string;
  zoneId: string;
  state: CaseState;
  /** Starts at 0 for a case that was never acted on; +1 per action. */
  version: number;
  /** The unit the case is dispatched to (null before dispatch). */
  unit: string | null;
  assignee: string | null;
  /** cancel / return reason. */
  reason: string | null;
  /** The last action's note (park: the explanation). */
  note: string | null;
  dispatchedAtMs: number | null;
  deadlineMs: number | null;
  /** Footage later than this proves the spot clear (dispatch or resolve time); null when not watched. */
  watchFromMs: number | null;
  /** Set when the deadline passed with the case open (footage or clock). */
  overdueAtMs: number | null;
  closedAtMs: number | null;
  /** The closed case this incident recurs (same spot within recurrenceDays), and the first of the chain. */
  recurrenceOf: string | null;
  recurrenceRoot: string | null;
  updatedAtMs: number;
}

export interface HistoryEntry {
  incidentId: string;
  /** The version the action produced. */
  version: number;
  action: CaseActionName | "overdue" | "recurrence";
  actor: string;
  role: ActorRole;
  atMs: number;
  from: CaseState;
  to: CaseState;
  note: string | null;
  /** Action details (unit, deadline, reason, result, evidence names…). */
  details: Record<string, unknown>;
}

/** What the bus carries on "case.updated": the case as it is now and the entry that changed it. */
export interface CaseEvent {
  case: CaseView;
  entry: HistoryEntry;
  incident: Incident;
}

/** A case enriched for the board and the ledger. */
export interface CaseView extends CaseRecord {
  stateLabel: string;
  overdue: boolean;
  /** How many times this spot recurred in the chain this case belongs to. */
  recurrenceCount: number;
}
