/**
 * The daily report: per responsible unit the day's case counts, the points
 * most at risk of an inspector's random clip showing a problem, and camera
 * health; plus the ledger (台账), one row per incident.
 */
import type { ReportLang } from "../config/schema-report.js";
import type { Incident } from "../incidents/types.js";
import type { CaseState } from "../workflow/types.js";

/** An incident with its case as the ledger shows it (state as of the report). */
export interface LedgerItem {
  incident: Incident;
  /** The unit the case is with: dispatched unit, else the incident's. */
  unit: string;
  state: CaseState;
  overdue: boolean;
  assignee: string | null;
  deadlineMs: number | null;
  closedAtMs: number | null;
  /** The note the case was closed (or parked, cancelled) with. */
  note: string | null;
  recurrenceCount: number;
  /** The vehicle's plate as read (parking rules), "unreadable: <reason>" when it could not be, null when not tried. */
  plate: string | null;
  /** When the case last changed (cancelled that day?). */
  updatedAtMs: number;
}

export interface UnitCounts {
  new: number;
  open: number;
  overdue: number;
  closed: number;
  cancelled: number;
}

export interface UnitReport {
  id: string;
  name: string;
  counts: UnitCounts;
}

export interface PointAtRisk {
  id: string;
  name: string;
  units: string[];
  pAny: number;
  pViolation: number;
  pNoFootage: number;
}

export interface CameraHealthLine {
  pointId: string;
  name: string;
  /** online / offline / … now, or null when never recorded. */
  state: string | null;
  offlineHours: number;
  gapMinutes: number;
  gapCount: number;
}

export interface DailyReport {
  date: string;
  timeZone: string;
  lang: ReportLang;
  generatedAt: string;
  units: UnitReport[];
  pointsAtRisk: PointAtRisk[];
  cameras: CameraHealthLine[];
  /** Ledger rows per unit id. */
  ledgerCount: number;
}
