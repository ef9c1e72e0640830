/**
 * The case service on a real SQLite file: auto-dispatch of new incidents,
 * recurrence links, the overdue sweep, events on the bus, the audit hook and
 * coded refusals.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { WorkflowSchema } from "../../src/config/schema-workflow.js";
import { isKerbsideError } from "../../src/errors.js";
import { IncidentBus } from "../../src/incidents/bus.js";
import { PublishingIncidentStore } from "../../src/incidents/publishing-store.js";
import { SqliteIncidentStore } from "../../src/incidents/sqlite-incident-store.js";
import type { IncidentEvents } from "../../src/incidents/types.js";
import { openDatabase, type Db } from "../../src/store/database.js";
import { CaseService } from "../../src/workflow/case-service.js";
import { SqliteCaseStore } from "../../src/workflow/sqlite-case-store.js";
import type { HistoryEntry } from "../../src/workflow/types.js";
import { episode } from "../incidents/incident-store.contract.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "kerbside-case-service-"));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUSH = Date.parse("2026-12-08T08:00:00+08:00"); // a Tuesday, rush hour
const NOON = Date.parse("2026-12-08T12:30:00+08:00");

interface Rig {
  db: Db;
  service: CaseService;
  incidents: PublishingIncidentStore;
  events: IncidentEvents["case.updated"][];
  audit: HistoryEntry[];
  clock: { now: number };
}
const rigs: Rig[] = [];
afterEach(() => rigs.splice(0).forEach((r) => r.db.close()));

function rig(category: "junction" | "main_road" = "junction", workflow = WorkflowSchema.parse({})): Rig {
  const db = openDatabase(path.join(dir, `s-${++n}.db`));
  const bus = new IncidentBus();
  const incidents = new PublishingIncidentStore(new SqliteIncidentStore(db), bus);
  const clock = { now: RUSH };
  const audit: HistoryEntry[] = [];
  const service = new CaseService({
    cases: new SqliteCaseStore(db), incidents, bus, workflow, audit: (e) => void audit.push(e), now: () => clock.now,
    deployment: { timezone: "Asia/Shanghai", schedules: {}, points: [{ id: "P01", category }] },
  });
  service.attach();
  const events: IncidentEvents["case.updated"][] = [];
  bus.on("case.updated", (e) => void events.push(e));
  const r = { db, service, incidents, events, audit, clock };
  rigs.push(r);
  return r;
}

describe("CaseService", () => {
  it("dispatches a rush-hour junction parking incident at once to its unit, with the rule's working-hours deadline", () => {
    const r = rig();
    const { incident } = r.incidents.recordEpisode(episode({ startMs: RUSH, thresholdMs: RUSH + 120_000, lastSeenMs: RUSH + 120_000 }));
    const view = r.service.view(incident.id);
    expect(view).toMatchObject({ state: "dispatched", stateLabel: "已派遣", unit: "jiaojing-1", version: 1, dispatchedAtMs: RUSH, overdue: false });
    // 08:00 is before work: 2 working hours from 08:30 → 10:30.
    expect(view.deadlineMs).toBe(Date.parse("2026-12-08T10:30:00+08:00"));
    expect(r.events.map((e) => [e.entry.action, e.entry.actor, e.case.state])).toEqual([["dispatch", "kerbside", "dispatched"]]);
    expect(r.audit).toHaveLength(1);
  });

  it("leaves other incidents new for a dispatcher", () => {
    const r = rig("main_road");
    const { incident } = r.incidents.recordEpisode(episode({ startMs: RUSH }));
    expect(r.service.view(incident.id)).toMatchObject({ state: "new", version: 0 });
    expect(r.service.allowed(incident.id, "organiser")).toEqual(["file", "cancel", "dispatch"]);
    expect(r.service.allowed(incident.id, "police")).toEqual([]);
  });

  it("refuses with coded errors: wrong state, wrong role, stale version", () => {
    const r = rig("main_road");
    const { incident } = r.incidents.recordEpisode(episode({ startMs: RUSH }));
    const code = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (e) {
        return isKerbsideError(e) ? e.code : "not coded";
      }
      return undefined;
    };
    expect(code(() => r.service.act(incident.id, { action: "file" }, { name: "v", role: "viewer" }))).toBe("KERB_ERR_CASE_ROLE");
    expect(code(() => r.service.act(incident.id, { action: "close" }, { name: "o", role: "organiser" }))).toBe("KERB_ERR_CASE_STATE");
    r.service.act(incident.id, { action: "file" }, { name: "o", role: "organiser" }, { expectedVersion: 0 });
    expect(code(() => r.service.act(incident.id, { action: "cancel", reason: "duplicate" }, { name: "o2", role: "organiser" }, { expectedVersion: 0 }))).toBe("KERB_ERR_CASE_CONFLICT");
    expect(code(() => r.service.view("missing"))).toBe("KERB_ERR_INCIDENT_UNKNOWN");
    expect(r.service.history(incident.id).map((h) => h.action)).toEqual(["file"]);
  });

  it("flags a case overdue once when its deadline passes, and shows it on the view", () => {
    const r = rig();
    const { incident } = r.incidents.recordEpisode(episode({ startMs: RUSH }));
    r.clock.now = Date.parse("2026-12-08T10:29:00+08:00");
    expect(r.service.sweepOverdue()).toEqual([]);
    r.clock.now = Date.parse("2026-12-08T10:31:00+08:00");
    expect(r.service.view(incident.id).overdue).toBe(true);
    const flagged = r.service.sweepOverdue();
    expect(flagged.map((c) => [c.incidentId, c.overdue, c.state])).toEqual([[incident.id, true, "dispatched"]]);
    expect(r.service.sweepOverdue()).toEqual([]);
    expect(r.events.map((e) => e.entry.action)).toEqual(["dispatch", "overdue"]);
  });

  it("links a new violation at a spot closed within recurrenceDays, and counts the chain", () => {
    const r = rig("main_road");
    const organiser = { name: "o", role: "organiser" as const };
    const first = r.incidents.recordEpisode(episode({ startMs: NOON, thresholdMs: NOON + 300_000, lastSeenMs: NOON + 400_000, endMs: NOON + 400_000 })).incident;
    r.clock.now = NOON + 500_000;
    r.service.act(first.id, { action: "dispatch", unit: "jiaojing-1" }, organiser);
    r.service.act(first.id, { action: "verify", result: "pass", note: "clear" }, organiser);
    const day = 86_400_000;
    const again = r.incidents.recordEpisode(episode({ key: "k2", startMs: NOON + 2 * day, thresholdMs: NOON + 2 * day + 300_000, lastSeenMs: NOON + 2 * day + 300_000 })).incident;
    expect(r.service.view(again.id)).toMatchObject({ recurrenceOf: first.id, recurrenceRoot: first.id, recurrenceCount: 1, state: "new" });
    r.clock.now = NOON + 2 * day + 500_000;
    r.service.act(again.id, { action: "dispatch", unit: "jiaojing-1" }, organiser);
    r.service.act(again.id, { action: "verify", result: "pass", note: "clear" }, organiser);
    const third = r.incidents.recordEpisode(episode({ key: "k3", startMs: NOON + 4 * day, lastSeenMs: NOON + 4 * day + 300_000 })).incident;
    expect(r.service.view(third.id)).toMatchObject({ recurrenceOf: again.id, recurrenceRoot: first.id, recurrenceCount: 2 });
    expect(r.service.view(first.id).recurrenceCount).toBe(2);
    // Another zone, or later than recurrenceDays: not a recurrence.
    const elsewhere = r.incidents.recordEpisode(episode({ key: "k4", zoneId: "other", startMs: NOON + 5 * day })).incident;
    const late = r.incidents.recordEpisode(episode({ key: "k5", startMs: NOON + 20 * day, lastSeenMs: NOON + 20 * day + 1 })).incident;
    expect(r.service.view(elsewhere.id).recurrenceOf).toBeNull();
    expect(r.service.view(late.id).recurrenceOf).toBeNull();
    expect(r.events.filter((e) => e.entry.action === "recurrence")).toHaveLength(2);
  });
});
