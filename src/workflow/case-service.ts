/**
 * The closed loop's one entry point: takes an action on an incident's case
 * (from the board, or from Kerbside itself), runs the pure transition, stores
 * it with a version check, records it in the audit trail and publishes
 * "case.updated" on the bus. New incidents are linked to a recurrence and
 * filed/dispatched automatically as the workflow config says; a sweep flags
 * cases past their deadline as overdue.
 */
import type { Deployment, PointConfig, RuleKind } from "../config/schema.js";
import type { WorkflowConfig } from "../config/schema-workflow.js";
import { KerbsideError, errorMessage, isKerbsideError } from "../errors.js";
import type { IncidentBus } from "../incidents/bus.js";
import type { Incident, IncidentStore } from "../incidents/types.js";
import { logger, type Logger } from "../log.js";
import { newCase, type CaseStore } from "./case-store.js";
import { allowedActions } from "./permissions.js";
import { findRecurrence } from "./recurrence.js";
import { transition } from "./transition.js";
import { CASE_STATE_LABELS, type Actor, type ActorRole, type CaseAction, type CaseActionName, type CaseRecord, type CaseView, type HistoryEntry } from "./types.js";
import { autoStepFor, ruleDeadline } from "./workflow-settings.js";

export const SYSTEM_ACTOR: Actor = { name: "kerbside", role: "system" };

/** Where case actions go besides the history: the board server's audit trail (issue 8). */
export type CaseAuditSink = (entry: HistoryEntry, incident: Incident) => void;

export interface CaseServiceOptions {
  cases: CaseStore;
  incidents: Pick<IncidentStore, "get">;
  bus: IncidentBus;
  deployment: Pick<Deployment, "timezone" | "schedules"> & { points: readonly Pick<PointConfig, "id" | "category" | "schedules">[] };
  workflow: WorkflowConfig;
  audit?: CaseAuditSink;
  now?: () => number;
  log?: Logger;
}

export interface ActOptions {
  /** The version the user saw; a different stored version is a conflict. Default: the current one. */
  expectedVersion?: number;
  /** Extra fields stored with the action (e.g. a system verification's overdue flag). */
  amend?: (next: CaseRecord, entry: HistoryEntry) => void;
}

export class CaseService {
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(private readonly options: CaseServiceOptions) {
    this.log = (options.log ?? logger).child({ module: "workflow" });
    this.now = options.now ?? (() => Date.now());
  }

  /** Subscribes to new incidents (recurrence, auto file/dispatch); returns the unsubscribe. */
  attach(): () => void {
    return this.options.bus.on("incident.created", (incident) => this.onIncidentCreated(incident));
  }

  /** The stored case, or the `new` case nobody acted on yet. */
  current(incident: Incident): CaseRecord {
    return this.options.cases.get(incident.id) ?? newCase(incident, this.now());
  }

  view(incidentId: string): CaseView {
    return this.viewOf(this.current(this.incident(incidentId)));
  }

  history(incidentId: string): HistoryEntry[] {
    return this.options.cases.history(incidentId);
  }

  allowed(incidentId: string, role: ActorRole): CaseActionName[] {
    return allowedActions(this.current(this.incident(incidentId)).state, role);
  }

  /** Takes the action or throws a coded KerbsideError (state, role, input, conflict). */
  act(incidentId: string, action: CaseAction, actor: Actor, options: ActOptions = {}): CaseView {
    const incident = this.incident(incidentId);
    const before = this.current(incident);
    if (options.expectedVersion !== undefined && options.expectedVersion !== before.version) {
      throw new KerbsideError("KERB_ERR_CASE_CONFLICT", `case ${incidentId} is at version ${before.version}, not ${options.expectedVersion}; reload and try again`);
    }
    const atMs = this.now();
    const result = transition(before, action, actor, { atMs, deadlineFor: (t) => this.deadlineFor(incident.rule, t) });
    if (!result.ok) throw new KerbsideError(result.code, result.message);
    options.amend?.(result.next, result.entry);
    return this.store(result.next, before.version, result.entry, incident);
  }

  /** Flags open cases whose deadline passed (clock time) as overdue, once each; returns them. */
  sweepOverdue(): CaseView[] {
    const nowMs = this.now();
    const due = this.options.cases.list({ states: ["dispatched", "resolved"] }).filter((c) => c.deadlineMs !== null && c.deadlineMs < nowMs && c.overdueAtMs === null);
    return due.flatMap((c) => {
      const incident = this.options.incidents.get(c.incidentId);
      if (!incident) return [];
      const next: CaseRecord = { ...c, overdueAtMs: nowMs, version: c.version + 1, updatedAtMs: nowMs };
      return this.tryStore(next, c.version, this.entry(c, next, "overdue", SYSTEM_ACTOR, "deadline passed", { deadlineMs: c.deadlineMs }), incident);
    });
  }

  viewOf(c: CaseRecord): CaseView {
    const openPastDeadline = (c.state === "dispatched" || c.state === "resolved") && c.deadlineMs !== null && this.now() > c.deadlineMs;
    const root = c.recurrenceRoot ?? c.incidentId;
    return {
      ...c,
      stateLabel: CASE_STATE_LABELS[c.state],
      overdue: (c.overdueAtMs !== null && c.state !== "closed" && c.state !== "cancelled") || openPastDeadline,
      recurrenceCount: this.options.cases.recurrenceCount(root),
    };
  }

  entry(c: CaseRecord, next: CaseRecord, action: HistoryEntry["action"], actor: Actor, note: string, details: Record<string, unknown>): HistoryEntry {
    return { incidentId: c.incidentId, version: next.version, action, actor: actor.name, role: actor.role, atMs: next.updatedAtMs, from: c.state, to: next.state, note, details };
  }

  private onIncidentCreated(incident: Incident): void {
    try {
      this.linkRecurrence(incident);
      this.autoStep(incident);
    } catch (error) {
      this.log.error({ incident: incident.id, err: errorMessage(error) }, "automatic case step failed; the case waits for a dispatcher");
    }
  }

  private linkRecurrence(incident: Incident): void {
    const previous = findRecurrence(incident, this.options.cases, this.options.incidents, this.options.workflow.recurrenceDays);
    if (!previous) return;
    const before = this.current(incident);
    const root = previous.recurrenceRoot ?? previous.incidentId;
    const next: CaseRecord = { ...before, recurrenceOf: previous.incidentId, recurrenceRoot: root, version: before.version + 1, updatedAtMs: this.now() };
    const note = `recurs ${previous.incidentId} (closed ${new Date(previous.closedAtMs ?? 0).toISOString()})`;
    this.tryStore(next, before.version, this.entry(before, next, "recurrence", SYSTEM_ACTOR, note, { of: previous.incidentId, root }), incident);
  }

  private autoStep(incident: Incident): void {
    const point = this.options.deployment.points.find((p) => p.id === incident.pointId);
    if (!point) return;
    const step = autoStepFor(incident.rule, incident.startMs, { deployment: this.options.deployment, point, workflow: this.options.workflow });
    if (step === "file") this.act(incident.id, { action: "file", note: "filed automatically (workflow config)" }, SYSTEM_ACTOR);
    if (step === "dispatch") {
      this.act(incident.id, { action: "dispatch", unit: incident.unit, note: "dispatched automatically (workflow config)" }, SYSTEM_ACTOR);
    }
  }

  private deadlineFor(rule: RuleKind, dispatchedAtMs: number): number {
    return ruleDeadline(rule, dispatchedAtMs, this.options.workflow, this.options.deployment.timezone);
  }

  private tryStore(next: CaseRecord, expected: number, entry: HistoryEntry, incident: Incident): CaseView[] {
    try {
      return [this.store(next, expected, entry, incident)];
    } catch (error) {
      if (!isKerbsideError(error, "KERB_ERR_CASE_CONFLICT")) throw error;
      this.log.info({ incident: incident.id, action: entry.action }, "case changed meanwhile; the system step is skipped");
      return [];
    }
  }

  private store(next: CaseRecord, expected: number, entry: HistoryEntry, incident: Incident): CaseView {
    const stored = this.options.cases.save(next, expected, entry);
    const view = this.viewOf(stored);
    try {
      this.options.audit?.(entry, incident);
    } catch (error) {
      this.log.error({ incident: incident.id, err: errorMessage(error) }, "audit trail write failed");
    }
    this.log.info({ incident: incident.id, action: entry.action, actor: entry.actor, from: entry.from, to: entry.to }, "case action");
    this.options.bus.emit("case.updated", { case: view, entry, incident });
    return view;
  }

  private incident(incidentId: string): Incident {
    const incident = this.options.incidents.get(incidentId);
    if (!incident) throw new KerbsideError("KERB_ERR_INCIDENT_UNKNOWN", `no incident ${incidentId}`);
    return incident;
  }
}
