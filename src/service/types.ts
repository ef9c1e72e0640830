/**
 * What `kerbside run` reports: per point, the footage indexed and scanned in
 * this run and the incidents the retention window holds. Times are ISO 8601
 * with the deployment's UTC offset; evidence paths are absolute.
 */
import type { RejectedPoint } from "../config/load.js";
import type { SourceHealth } from "../footage/types.js";

export type RunMode = "once" | "for" | "service";

export interface UnreadableFile {
  path: string;
  error: string;
}

/** What the scan maintainer did for one point since it started. */
export interface PointScanStats {
  frames: number;
  /** Segments scanned (paths, each once). */
  scanned: string[];
  /** Segments that could not be decoded while scanning. */
  unreadable: UnreadableFile[];
  /** Scans that failed outright (model missing, detector crashed…). */
  errors: string[];
}

export interface IncidentReport {
  id: string;
  rule: string;
  zone: string;
  zoneName: string | null;
  label: string;
  unit: string;
  unitName: string | null;
  start: string;
  end: string | null;
  /** start → last sighting; observedSec of it was watched, unseenSec not (an outage: never violation time). */
  durationSec: number;
  observedSec: number;
  unseenSec: number;
  unseen: { from: string; to: string }[];
  score: number;
  /** Created during this run. */
  new: boolean;
  evidence: string[];
}

export interface PointReport {
  id: string;
  name: string;
  /** The source, credentials redacted. */
  source: string;
  /** Informational: sources left out, files skipped, footage outside the window. */
  notes: string[];
  /** Failures: a folder that cannot be read, a scan that failed. */
  errors: string[];
  /** The running source's health (null when it was not started). */
  health: SourceHealth | null;
  segments: {
    /** Files indexed (probed) in this run. */
    indexed: number;
    /** Readable segments in the retention window. */
    inWindow: number;
    /** Scanned in this run. */
    scanned: number;
    /** Scanned by an earlier run. */
    alreadyScanned: number;
    /** Readable segments in the window not scanned yet (the run was stopped, or their scan failed). */
    unscanned: number;
    /** Readable segments that ended before the retention window: not scanned. */
    olderThanWindow: number;
    unreadable: UnreadableFile[];
  };
  frames: number;
  incidents: IncidentReport[];
}

export interface RunReport {
  name: string;
  config: string;
  database: string;
  storageDir: string;
  timezone: string;
  retentionDays: number;
  mode: RunMode;
  startedAt: string;
  finishedAt: string;
  elapsedSec: number;
  points: PointReport[];
  /** Points the config could not accept: left out, the others ran. */
  rejectedPoints?: RejectedPoint[];
  totals: { segmentsIndexed: number; frames: number; unreadable: number; incidents: number; newIncidents: number; errors: number };
}

export function emptyScanStats(): PointScanStats {
  return { frames: 0, scanned: [], unreadable: [], errors: [] };
}
