// The incident page's timeline as one list, oldest first: what the footage
// showed (detected, threshold, ended), other recorded actions (acknowledge,
// evidence checks, photo uploads) and each case step from the case history.
// The audit trail also records every case step; those audit copies are left
// out so each step shows once, with the case history's from → to and details.
import type { CaseHistoryEntry, HistoryEntry } from "../api/types";

export interface TimelineStep {
  at: string;
  /** detected | threshold | ended | acknowledge | … or a case action (dispatch, verify, overdue, …). */
  action: string;
  actor: string | null;
  role: string | null;
  note: string | null;
  /** From the case history. */
  transition: { from: string; to: string } | null;
  details: Record<string, unknown>;
}

export function timelineSteps(history: HistoryEntry[], caseHistory: CaseHistoryEntry[]): TimelineStep[] {
  const caseActions = new Set(caseHistory.map((e) => `incident.${e.action}`));
  const plain: TimelineStep[] = history
    .filter((h) => !caseActions.has(h.action))
    .map((h) => ({
      at: h.at,
      action: h.action.replace(/^incident\./, ""),
      actor: h.actor,
      role: null,
      note: typeof h.detail?.note === "string" ? h.detail.note : null,
      transition: null,
      details: h.detail ?? {},
    }));
  const steps: TimelineStep[] = caseHistory.map((e) => ({
    at: e.at,
    action: e.action,
    actor: e.role === "system" ? null : e.actor,
    role: e.role,
    note: e.note,
    transition: { from: e.from, to: e.to },
    details: e.details,
  }));
  return [...plain, ...steps].map((s, i) => ({ s, i })).sort((a, b) => Date.parse(a.s.at) - Date.parse(b.s.at) || a.i - b.i).map(({ s }) => s);
}
