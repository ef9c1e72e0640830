/**
 * Who may take which case action, and from which states: data, so the board,
 * the tests and the ledger read one table. Which incidents a user may act on
 * at all (their units and points) is the server's access policy; this table
 * only says what their role allows.
 */
import type { ActorRole, CaseActionName, CaseState } from "./types.js";

export interface ActionRule {
  /** States the action applies to. */
  from: readonly CaseState[];
  roles: readonly ActorRole[];
}

const DISPATCHERS = ["admin", "organiser"] as const;
const UNITS = ["police", "enforcement"] as const;

export const ACTION_RULES: Readonly<Record<CaseActionName, ActionRule>> = {
  file: { from: ["new"], roles: [...DISPATCHERS, "system"] },
  cancel: { from: ["new", "filed", "returned", "parked"], roles: DISPATCHERS },
  dispatch: { from: ["new", "filed", "returned", "parked"], roles: [...DISPATCHERS, "system"] },
  return: { from: ["dispatched"], roles: [...UNITS, "admin"] },
  resolve: { from: ["dispatched"], roles: [...UNITS, "admin"] },
  verify: { from: ["dispatched", "resolved"], roles: [...DISPATCHERS, "system"] },
  close: { from: ["resolved", "parked"], roles: DISPATCHERS },
  park: { from: ["filed", "dispatched", "resolved", "returned"], roles: DISPATCHERS },
  reopen: { from: ["closed", "cancelled"], roles: DISPATCHERS },
};

export function roleMay(role: ActorRole, action: CaseActionName): boolean {
  return ACTION_RULES[action].roles.includes(role);
}

export function appliesTo(state: CaseState, action: CaseActionName): boolean {
  return ACTION_RULES[action].from.includes(state);
}

/** The actions this role may take on a case in this state, in the table's order. */
export function allowedActions(state: CaseState, role: ActorRole): CaseActionName[] {
  return (Object.keys(ACTION_RULES) as CaseActionName[]).filter((a) => appliesTo(state, a) && roleMay(role, a));
}
