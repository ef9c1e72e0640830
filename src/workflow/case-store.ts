/**
 * Storage for cases and their history, behind an interface: SQLite is one
 * backend (sqlite-case-store.ts); any other must pass
 * tests/workflow/case-store.contract.ts. Every write goes through save(),
 * which checks the version (optimistic concurrency: two users acting on the
 * same case at once cannot both succeed) and appends the history entry in
 * the same transaction.
 */
import type { CaseRecord, CaseState, HistoryEntry } from "./types.js";

export interface CaseQuery {
  states?: readonly CaseState[];
  pointId?: string;
  unit?: string;
  /** Cases closed at or after this instant (recurrence look-up). */
  closedSinceMs?: number;
}

export interface CaseStore {
  /** The stored case, or undefined when nobody acted on the incident yet (it is `new`, version 0). */
  get(incidentId: string): CaseRecord | undefined;
  /**
   * Stores `next` when the stored version is still `expectedVersion` (0: no
   * row yet) and appends `entry`; otherwise throws KERB_ERR_CASE_CONFLICT and
   * stores nothing. Returns what was stored.
   */
  save(next: CaseRecord, expectedVersion: number, entry: HistoryEntry): CaseRecord;
  /** The incident's history, oldest first. */
  history(incidentId: string): HistoryEntry[];
  list(query?: CaseQuery): CaseRecord[];
  /** Cases linked as recurrences to the chain starting at `rootIncidentId`. */
  recurrenceCount(rootIncidentId: string): number;
  close(): void;
}

/** A case nobody acted on yet: what get() stands for when it returns undefined. */
export function newCase(incident: { id: string; pointId: string; rule: string; zoneId: string }, atMs: number): CaseRecord {
  return {
    incidentId: incident.id, pointId: incident.pointId, rule: incident.rule, zoneId: incident.zoneId,
    state: "new", version: 0, unit: null, assignee: null, reason: null, note: null,
    dispatchedAtMs: null, deadlineMs: null, watchFromMs: null, overdueAtMs: null, closedAtMs: null,
    recurrenceOf: null, recurrenceRoot: null, updatedAtMs: atMs,
  };
}
