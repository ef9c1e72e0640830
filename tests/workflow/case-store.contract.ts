/**
 * The conformance suite every CaseStore backend must pass: a backend's test
 * calls describeCaseStoreContract with a factory returning a fresh store.
 */
import { afterEach, describe, expect, it } from "vitest";
import { isKerbsideError } from "../../src/errors.js";
import { newCase, type CaseStore } from "../../src/workflow/case-store.js";
import { transition } from "../../src/workflow/transition.js";
import type { CaseAction, CaseRecord, HistoryEntry } from "../../src/workflow/types.js";

export const AT = Date.parse("2026-12-08T10:00:00+08:00");

export function incidentRef(id = "J01-20261208020000-illegal_parking-1", zoneId = "kerb"): { id: string; pointId: string; rule: string; zoneId: string } {
  return { id, pointId: "J01", rule: "illegal_parking", zoneId };
}

/** Applies an action through the pure transition and stores it. */
export function act(store: CaseStore, current: CaseRecord, action: CaseAction, atMs = AT): CaseRecord {
  const r = transition(current, action, { name: "li", role: action.action === "resolve" ? "police" : "organiser" }, { atMs, deadlineFor: (t) => t + 3_600_000 });
  if (!r.ok) throw new Error(r.message);
  return store.save(r.next, current.version, r.entry);
}

export function describeCaseStoreContract(name: string, open: () => CaseStore): void {
  describe(`CaseStore contract: ${name}`, () => {
    const opened: CaseStore[] = [];
    const fresh = (): CaseStore => {
      const store = open();
      opened.push(store);
      return store;
    };
    afterEach(() => opened.splice(0).forEach((s) => s.close()));

    it("has no case for an incident nobody acted on", () => {
      const store = fresh();
      expect(store.get("nope")).toBeUndefined();
      expect(store.history("nope")).toEqual([]);
      expect(store.list()).toEqual([]);
    });

    it("stores each action with its history entry, oldest first", () => {
      const store = fresh();
      let c = newCase(incidentRef(), AT);
      c = act(store, c, { action: "file", note: "立案" });
      c = act(store, c, { action: "dispatch", unit: "traffic_police", assignee: "王警官" }, AT + 1000);
      c = act(store, c, { action: "resolve", note: "moved" }, AT + 2000);
      expect(store.get(c.incidentId)).toEqual(c);
      expect(c).toMatchObject({ state: "resolved", version: 3, unit: "traffic_police", deadlineMs: AT + 1000 + 3_600_000, watchFromMs: AT + 2000 });
      const history = store.history(c.incidentId);
      expect(history.map((h) => [h.version, h.action, h.from, h.to])).toEqual([
        [1, "file", "new", "filed"], [2, "dispatch", "filed", "dispatched"], [3, "resolve", "dispatched", "resolved"],
      ]);
      expect(history[0]).toMatchObject({ actor: "li", role: "organiser", atMs: AT, note: "立案" });
      expect(history[1]!.details).toEqual({ unit: "traffic_police", assignee: "王警官", deadlineMs: AT + 1000 + 3_600_000 });
    });

    it("lets only one of two concurrent actions on the same version succeed, storing nothing for the loser", () => {
      const store = fresh();
      const filed = act(store, newCase(incidentRef(), AT), { action: "file" });
      const first = act(store, filed, { action: "dispatch", unit: "a" });
      let error: unknown;
      try {
        act(store, filed, { action: "cancel", reason: "duplicate" });
      } catch (e) {
        error = e;
      }
      expect(isKerbsideError(error, "KERB_ERR_CASE_CONFLICT")).toBe(true);
      expect(store.get(filed.incidentId)).toEqual(first);
      expect(store.history(filed.incidentId)).toHaveLength(2);
    });

    it("refuses a second first action on a case (both saw version 0)", () => {
      const store = fresh();
      const blank = newCase(incidentRef(), AT);
      act(store, blank, { action: "file" });
      expect(() => act(store, blank, { action: "cancel", reason: "false_alarm" })).toThrow(/changed meanwhile/);
      expect(store.history(blank.incidentId).map((h) => h.action)).toEqual(["file"]);
    });

    it("lists by state, point, unit and closing time", () => {
      const store = fresh();
      const a = act(store, newCase(incidentRef("a"), AT), { action: "dispatch", unit: "police" });
      const b = act(store, act(store, newCase(incidentRef("b"), AT), { action: "dispatch", unit: "city" }), { action: "resolve", note: "ok" });
      act(store, b, { action: "verify", result: "pass", note: "clear" }, AT + 5000);
      const other: CaseRecord = { ...newCase({ ...incidentRef("c"), pointId: "J02" }, AT) };
      act(store, other, { action: "file" });
      expect(store.list({ states: ["dispatched"] }).map((c) => c.incidentId)).toEqual([a.incidentId]);
      expect(store.list({ pointId: "J02" }).map((c) => c.incidentId)).toEqual(["c"]);
      expect(store.list({ unit: "city" }).map((c) => c.incidentId)).toEqual(["b"]);
      expect(store.list({ closedSinceMs: AT + 5000 }).map((c) => c.incidentId)).toEqual(["b"]);
      expect(store.list({ closedSinceMs: AT + 5001 })).toEqual([]);
    });

    it("counts the recurrences of a chain", () => {
      const store = fresh();
      const entry = (c: CaseRecord): HistoryEntry => ({ incidentId: c.incidentId, version: 1, action: "recurrence", actor: "kerbside", role: "system", atMs: AT, from: "new", to: "new", note: null, details: {} });
      expect(store.recurrenceCount("root")).toBe(0);
      for (const id of ["r1", "r2"]) {
        const c = { ...newCase(incidentRef(id), AT), version: 1, recurrenceOf: "root", recurrenceRoot: "root" };
        store.save(c, 0, entry(c));
      }
      expect(store.recurrenceCount("root")).toBe(2);
      expect(store.get("r1")).toMatchObject({ recurrenceOf: "root", recurrenceRoot: "root", state: "new", version: 1 });
    });

    it("can be closed twice, and refuses work after close", () => {
      const store = open();
      store.close();
      store.close();
      expect(() => store.get("x")).toThrow(/closed/);
    });
  });
}
