// Shapes the board reads from the API. Provisional until the server's
// OpenAPI document lands; then these become aliases of schema.d.ts.
export type Role = "admin" | "organiser" | "police" | "enforcement" | "viewer";
export type PointStatus = "clear" | "violation" | "offline";

export interface Me {
  username: string;
  role: Role;
  units: string[];
  points: string[] | null;
  timezone: string;
}

export interface BoardConfig {
  name: string;
  timezone: string;
  units: Unit[];
}

export interface Unit {
  id: string;
  name: string;
  name_en?: string;
}

export interface PointHealth {
  state: string;
  since: string | null;
  lastSegmentAt: string | null;
  reconnects: number;
  lastError: string | null;
}

export interface PointView {
  id: string;
  name: string;
  category: string;
  units: string[];
  status: PointStatus;
  openIncidents: number;
  health: PointHealth;
  frameUrl: string | null;
  frameAt: string | null;
}

export interface EvidenceView {
  name: string;
  kind: string;
  sha256: string;
  bytes: number;
  atMs: number;
  url: string;
}

export interface HistoryEntry {
  at: string;
  action: string;
  state: string;
  by: string | null;
  note: string | null;
}

export interface IncidentView {
  id: string;
  pointId: string;
  pointName: string;
  category: string;
  rule: string;
  zoneId: string;
  unit: string;
  label: string;
  startMs: number;
  thresholdMs: number;
  lastSeenMs: number;
  endMs: number | null;
  durationSec: number;
  state: string;
  rushHour: boolean;
  deadline: string | null;
  thumbnailUrl: string | null;
  /** What this user may do to it now (from the server's workflow). */
  allowedActions?: string[];
  createdAt: string;
  updatedAt: string;
}

export interface IncidentDetail extends IncidentView {
  evidence: EvidenceView[];
  history: HistoryEntry[];
  allowedActions: string[];
}

export interface IncidentPage {
  items: IncidentView[];
  nextCursor: string | null;
}

export interface HealthInterval {
  from: string;
  to: string;
  state: "online" | "offline";
}

export interface PointHealthHistory {
  pointId: string;
  from: string;
  to: string;
  intervals: HealthInterval[];
  gaps: { from: string; to: string }[];
  reconnects: number;
  lastError: string | null;
}

export interface UserView {
  username: string;
  role: Role;
  units: string[];
  points: string[] | null;
  disabled: boolean;
}

export interface AuditEntry {
  at: string;
  username: string | null;
  action: string;
  ip: string | null;
  detail: string | null;
}
