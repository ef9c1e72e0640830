/**
 * Scan progress per segment, so a re-run skips what is finished and a crash
 * resumes at the first unfinished segment. A segment counts as done only for
 * the same scan settings (`scanKey`: zones, rules, interval, model): changing
 * them scans it again. Failed segments are retried on the next run.
 */
import type { Db, Migration } from "../store/database.js";
import { migrate } from "../store/database.js";

export const SCAN_MIGRATIONS: readonly Migration[] = [
  {
    id: "scan-001",
    sql: `CREATE TABLE scan_segments (
      point_id TEXT NOT NULL,
      path TEXT NOT NULL,
      scan_key TEXT NOT NULL,
      start_ms INTEGER NOT NULL,
      end_ms INTEGER,
      status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
      frames INTEGER NOT NULL DEFAULT 0,
      error TEXT,
      finished_at TEXT NOT NULL,
      PRIMARY KEY (point_id, path)
    )`,
  },
];

export type SegmentScanStatus = "done" | "failed";

export interface SegmentProgress {
  pointId: string;
  path: string;
  scanKey: string;
  startMs: number;
  /** null when the segment could not be probed. */
  endMs: number | null;
  status: SegmentScanStatus;
  frames: number;
  error: string | null;
  finishedAt: string;
}

interface Row {
  point_id: string;
  path: string;
  scan_key: string;
  start_ms: number;
  end_ms: number | null;
  status: SegmentScanStatus;
  frames: number;
  error: string | null;
  finished_at: string;
}

export class ScanProgressStore {
  constructor(private readonly db: Db) {
    migrate(db, SCAN_MIGRATIONS);
  }

  get(pointId: string, path: string): SegmentProgress | undefined {
    const row = this.db.prepare("SELECT * FROM scan_segments WHERE point_id = ? AND path = ?").get(pointId, path) as Row | undefined;
    return row && fromRow(row);
  }

  isDone(pointId: string, path: string, scanKey: string): boolean {
    const row = this.get(pointId, path);
    return row?.status === "done" && row.scanKey === scanKey;
  }

  mark(progress: Omit<SegmentProgress, "finishedAt">): void {
    this.db
      .prepare(
        `INSERT INTO scan_segments (point_id, path, scan_key, start_ms, end_ms, status, frames, error, finished_at)
         VALUES (@pointId, @path, @scanKey, @startMs, @endMs, @status, @frames, @error, @finishedAt)
         ON CONFLICT (point_id, path) DO UPDATE SET scan_key = excluded.scan_key, start_ms = excluded.start_ms,
           end_ms = excluded.end_ms, status = excluded.status,
           frames = excluded.frames, error = excluded.error, finished_at = excluded.finished_at`,
      )
      .run({ ...progress, finishedAt: new Date().toISOString() });
  }

  list(pointId: string): SegmentProgress[] {
    const rows = this.db.prepare("SELECT * FROM scan_segments WHERE point_id = ? ORDER BY path").all(pointId) as Row[];
    return rows.map(fromRow);
  }
}

function fromRow(row: Row): SegmentProgress {
  return {
    pointId: row.point_id,
    path: row.path,
    scanKey: row.scan_key,
    startMs: row.start_ms,
    endMs: row.end_ms,
    status: row.status,
    frames: row.frames,
    error: row.error,
    finishedAt: row.finished_at,
  };
}
