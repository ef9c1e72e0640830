/**
 * The state machine as pure functions: every state × action × role, against
 * the expected table written out here by hand (not read from permissions.ts).
 */
import { describe, expect, it } from "vitest";
import { newCase } from "../../src/workflow/case-store.js";
import { allowedActions } from "../../src/workflow/permissions.js";
import { transition } from "../../src/workflow/transition.js";
import { CASE_ACTIONS, CASE_STATES, type ActorRole, type CaseAction, type CaseActionName, type CaseRecord, type CaseState } from "../../src/workflow/types.js";

const AT = Date.parse("2026-12-08T10:00:00+08:00");
const DEADLINE = AT + 2 * 3_600_000;
const ctx = { atMs: AT, deadlineFor: () => DEADLINE };

/** Expected next state per (state, action); absent = refused as not applicable. */
const NEXT: Record<CaseState, Partial<Record<CaseActionName, CaseState>>> = {
  new: { file: "filed", cancel: "cancelled", dispatch: "dispatched" },
  filed: { cancel: "cancelled", dispatch: "dispatched", park: "parked" },
  dispatched: { return: "returned", resolve: "resolved", verify: "closed", park: "parked" },
  resolved: { verify: "closed", close: "closed", park: "parked" },
  closed: { reopen: "filed" },
  cancelled: { reopen: "filed" },
  returned: { cancel: "cancelled", dispatch: "dispatched", park: "parked" },
  parked: { cancel: "cancelled", dispatch: "dispatched", close: "closed" },
};

/** Roles allowed per action (system = Kerbside itself). */
const ROLES: Record<CaseActionName, ActorRole[]> = {
  file: ["admin", "organiser", "system"],
  cancel: ["admin", "organiser"],
  dispatch: ["admin", "organiser", "system"],
  return: ["police", "enforcement", "admin"],
  resolve: ["police", "enforcement", "admin"],
  verify: ["admin", "organiser", "system"],
  close: ["admin", "organiser"],
  park: ["admin", "organiser"],
  reopen: ["admin", "organiser"],
};
const ALL_ROLES: ActorRole[] = ["admin", "organiser", "police", "enforcement", "viewer", "system"];

const INPUT: Record<CaseActionName, CaseAction> = {
  file: { action: "file" },
  cancel: { action: "cancel", reason: "false_alarm", note: "a shadow" },
  dispatch: { action: "dispatch", unit: "traffic_police", assignee: "王警官" },
  return: { action: "return", reason: "not our road" },
  resolve: { action: "resolve", note: "driver moved the car" },
  verify: { action: "verify", result: "pass", note: "spot clear" },
  close: { action: "close", note: "done" },
  park: { action: "park", explanation: "road works until March" },
  reopen: { action: "reopen", note: "came back" },
};

function caseIn(state: CaseState, version = 3): CaseRecord {
  return { ...newCase({ id: "J01-1", pointId: "J01", rule: "illegal_parking", zoneId: "kerb" }, AT - 1000), state, version };
}

describe("transition: every state × action × role", () => {
  for (const state of CASE_STATES) {
    for (const action of CASE_ACTIONS) {
      for (const role of ALL_ROLES) {
        const expected = ROLES[action].includes(role) ? NEXT[state][action] : undefined;
        it(`${state} —${action} by ${role}→ ${expected ?? "refused"}`, () => {
          const result = transition(caseIn(state), INPUT[action], { name: "u", role }, ctx);
          if (expected) {
            expect(result.ok).toBe(true);
            if (!result.ok) return;
            expect(result.next.state).toBe(expected);
            expect(result.next.version).toBe(4);
            expect(result.entry).toMatchObject({ action, from: state, to: expected, actor: "u", role, atMs: AT, version: 4 });
          } else {
            expect(result.ok).toBe(false);
            if (result.ok) return;
            expect(result.code).toBe(ROLES[action].includes(role) ? "KERB_ERR_CASE_STATE" : "KERB_ERR_CASE_ROLE");
            expect(result.message).toContain(action);
          }
        });
      }
    }
  }
});

describe("transition: what each action records", () => {
  it("dispatch sets unit, assignee, the rule's deadline and starts watching the spot", () => {
    const r = transition(caseIn("filed"), INPUT.dispatch, { name: "li", role: "organiser" }, ctx);
    expect(r.ok && r.next).toMatchObject({ unit: "traffic_police", assignee: "王警官", dispatchedAtMs: AT, deadlineMs: DEADLINE, watchFromMs: AT });
    expect(r.ok && r.entry.details).toEqual({ unit: "traffic_police", assignee: "王警官", deadlineMs: DEADLINE });
  });

  it("an explicit deadline wins over the rule's, and one in the past is refused", () => {
    const own = transition(caseIn("new"), { action: "dispatch", unit: "u", deadlineMs: AT + 60_000 }, { name: "x", role: "admin" }, ctx);
    expect(own.ok && own.next.deadlineMs).toBe(AT + 60_000);
    const past = transition(caseIn("new"), { action: "dispatch", unit: "u", deadlineMs: AT - 1 }, { name: "x", role: "admin" }, ctx);
    expect(past).toMatchObject({ ok: false, code: "KERB_ERR_CASE_INPUT" });
  });

  it("resolve moves the watch to the resolve time; verify fail sends the case back to the unit", () => {
    const dispatched = { ...caseIn("dispatched"), watchFromMs: AT - 500_000, deadlineMs: DEADLINE };
    const resolved = transition(dispatched, INPUT.resolve, { name: "p", role: "police" }, ctx);
    expect(resolved.ok && resolved.next).toMatchObject({ state: "resolved", watchFromMs: AT, deadlineMs: DEADLINE });
    if (!resolved.ok) return;
    const failed = transition(resolved.next, { action: "verify", result: "fail", note: "still there" }, { name: "o", role: "organiser" }, ctx);
    expect(failed.ok && failed.next).toMatchObject({ state: "dispatched", deadlineMs: DEADLINE, watchFromMs: AT });
  });

  it("cancel keeps its reason; close and verify pass record when; reopen clears the dispatch", () => {
    const cancelled = transition(caseIn("new"), INPUT.cancel, { name: "o", role: "organiser" }, ctx);
    expect(cancelled.ok && cancelled.next).toMatchObject({ state: "cancelled", reason: "false_alarm", note: "a shadow" });
    const closed = transition({ ...caseIn("resolved"), unit: "u", deadlineMs: DEADLINE }, INPUT.verify, { name: "kerbside", role: "system" }, ctx);
    expect(closed.ok && closed.next).toMatchObject({ state: "closed", closedAtMs: AT, watchFromMs: null });
    if (!closed.ok) return;
    const reopened = transition(closed.next, INPUT.reopen, { name: "o", role: "organiser" }, ctx);
    expect(reopened.ok && reopened.next).toMatchObject({ state: "filed", unit: null, deadlineMs: null, closedAtMs: null });
  });

  it.each([
    [{ action: "cancel", reason: "bored" } as unknown as CaseAction, "new"],
    [{ action: "dispatch", unit: " " } as CaseAction, "new"],
    [{ action: "return", reason: "" } as CaseAction, "dispatched"],
    [{ action: "resolve", note: "" } as CaseAction, "dispatched"],
    [{ action: "verify", result: "pass", note: "" } as CaseAction, "resolved"],
    [{ action: "verify", result: "maybe", note: "x" } as unknown as CaseAction, "resolved"],
    [{ action: "park", explanation: "  " } as CaseAction, "filed"],
  ] as const)("refuses %j without its required field", (input, state) => {
    const r = transition(caseIn(state), input, { name: "a", role: "admin" }, ctx);
    expect(r).toMatchObject({ ok: false, code: "KERB_ERR_CASE_INPUT" });
  });

  it("lists the allowed actions per role for the board", () => {
    expect(allowedActions("dispatched", "police")).toEqual(["return", "resolve"]);
    expect(allowedActions("dispatched", "organiser")).toEqual(["verify", "park"]);
    expect(allowedActions("new", "viewer")).toEqual([]);
    expect(allowedActions("closed", "admin")).toEqual(["reopen"]);
  });
});
