/**
 * Incidents as stored and published. One incident per object episode;
 * re-scanning the same footage or resuming after a crash updates the same
 * incident instead of adding another.
 */
import type { Box } from "../detect/types.js";
import type { Interval } from "../footage/types.js";
import type { RuleKind, ZoneKind } from "../config/schema.js";
import type { Episode } from "../rules/types.js";
import type { CaseEvent } from "../workflow/types.js";

export type EvidenceKind =
  | "snapshot_first" | "snapshot_threshold" | "snapshot_last" | "crop" | "clip"
  /** The browser-playable H.264 MP4 derived from the clip (evidence-preview.ts). */
  | "clip_preview"
  /** The closed loop: the before/after pair that verified a case, the frame that failed it, a unit's photo. */
  | "verify_before" | "verify_after" | "verify_fail" | "resolve_photo"
  /** The plate crop of a parked vehicle (src/plates/). */
  | "plate";

export interface Evidence {
  kind: EvidenceKind;
  /** Path relative to the deployment's storage dir (or absolute for ad-hoc scans). */
  path: string;
  sha256: string;
  bytes: number;
  /** Footage time the file shows (clip: its start). */
  atMs: number;
}

export interface Incident {
  id: string;
  pointId: string;
  rule: RuleKind;
  zoneId: string;
  zoneKind: ZoneKind;
  unit: string;
  label: string;
  startMs: number;
  thresholdMs: number;
  lastSeenMs: number;
  /** null while still open. */
  endMs: number | null;
  durationSec: number;
  peakScore: number;
  box: Box;
  /**
   * When the violation was watched (sorted, disjoint; observed-time.ts). The
   * rest of [startMs, lastSeenMs] is `unseen`: an outage or a gap between
   * episodes keeps the incident's identity but never counts as violation time.
   */
  observed: Interval[];
  unseen: Interval[];
  /** durationSec = observedSec + unseenSec; inspector-facing figures use observedSec. */
  observedSec: number;
  unseenSec: number;
  evidence: Evidence[];
  createdAt: string;
  updatedAt: string;
}

export interface RecordResult {
  incident: Incident;
  created: boolean;
  /** False when a merge left the incident exactly as it was (e.g. a re-scan); absent means unknown. */
  changed?: boolean;
}

export interface IncidentQuery {
  pointId?: string;
  rule?: RuleKind;
  /** Incidents still seen at or after this time (lastSeenMs ≥ fromMs). */
  fromMs?: number;
  /** Incidents that started before this time (startMs < toMs). */
  toMs?: number;
  /** Only incidents without an end. */
  openOnly?: boolean;
  /** Only incidents that have ended. */
  endedOnly?: boolean;
  /** Only these points (an empty list matches nothing). */
  pointIds?: readonly string[];
  /** Only incidents of these responsible units (an empty list matches nothing). */
  units?: readonly string[];
  /** Paging: incidents after this one in the list order (start descending, then id). */
  after?: { startMs: number; id: string };
  limit?: number;
}

/**
 * Storage for incidents. SQLite is one backend; any other must pass
 * tests/incidents/incident-store.contract.ts.
 */
export interface IncidentStore {
  /**
   * Insert or merge: an episode matching an existing incident (same point,
   * rule, zone, overlapping box, and time-adjacent within mergeGapMs) updates
   * it; otherwise a new incident is created.
   */
  recordEpisode(episode: Episode, options?: { mergeGapMs?: number }): RecordResult;
  addEvidence(incidentId: string, evidence: Evidence): Incident;
  get(id: string): Incident | undefined;
  list(query?: IncidentQuery): Incident[];
  /**
   * Ends the point's open incidents last seen before `lastSeenBeforeMs`
   * (endMs = lastSeenMs): an incident a crashed scan left open whose object
   * the resumed scan no longer saw. Returns the incidents it closed.
   */
  closeStale(pointId: string, lastSeenBeforeMs: number): Incident[];
  close(): void;
}

export interface IncidentEvents {
  "incident.created": Incident;
  "incident.updated": Incident;
  /** A case action (or the system's verification, overdue flag, recurrence link) changed the incident's case. */
  "case.updated": CaseEvent;
}
