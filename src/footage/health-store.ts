/**
 * Camera health per point, persisted so `kerbside footage status` (another
 * process) can read what the recorder sees: state, last segment time,
 * reconnect count and the last (redacted) error.
 */
import { migrate, type Db } from "../store/database.js";
import type { SourceHealth, SourceState } from "./types.js";

export interface PointHealth extends SourceHealth {
  pointId: string;
  /** When the row was last written. */
  updatedMs: number;
}

export interface HealthStore {
  save(pointId: string, health: SourceHealth, nowMs?: number): void;
  get(pointId: string): PointHealth | undefined;
  all(): PointHealth[];
}

export const HEALTH_MIGRATIONS = [
  {
    id: "camera-health-001",
    sql: `
      CREATE TABLE camera_health (
        point_id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        since_ms INTEGER NOT NULL,
        last_segment_ms INTEGER,
        reconnects INTEGER NOT NULL,
        last_error TEXT,
        updated_ms INTEGER NOT NULL
      );
    `,
  },
];

interface HealthRow {
  point_id: string;
  state: SourceState;
  since_ms: number;
  last_segment_ms: number | null;
  reconnects: number;
  last_error: string | null;
  updated_ms: number;
}

export class SqliteHealthStore implements HealthStore {
  constructor(private readonly db: Db) {
    migrate(db, HEALTH_MIGRATIONS);
  }

  save(pointId: string, health: SourceHealth, nowMs = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO camera_health (point_id, state, since_ms, last_segment_ms, reconnects, last_error, updated_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (point_id) DO UPDATE SET state = excluded.state, since_ms = excluded.since_ms,
           last_segment_ms = excluded.last_segment_ms, reconnects = excluded.reconnects,
           last_error = excluded.last_error, updated_ms = excluded.updated_ms`,
      )
      .run(pointId, health.state, health.sinceMs, health.lastSegmentAt, health.reconnects, health.lastError, nowMs);
  }

  get(pointId: string): PointHealth | undefined {
    const row = this.db.prepare("SELECT * FROM camera_health WHERE point_id = ?").get(pointId) as HealthRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  all(): PointHealth[] {
    return (this.db.prepare("SELECT * FROM camera_health ORDER BY point_id").all() as HealthRow[]).map(fromRow);
  }
}

function fromRow(row: HealthRow): PointHealth {
  return {
    pointId: row.point_id,
    state: row.state,
    sinceMs: row.since_ms,
    lastSegmentAt: row.last_segment_ms,
    reconnects: row.reconnects,
    lastError: row.last_error,
    updatedMs: row.updated_ms,
  };
}
