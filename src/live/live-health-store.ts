/**
 * Live detection health per point, persisted next to camera health so
 * `kerbside footage status` (another process) shows whether a point is
 * detecting, how far behind (lag) and at which interval. The SQLite backend
 * keeps one row per point (the latest report).
 */
import { migrate, type Db } from "../store/database.js";
import type { LiveHealth, LiveState } from "./types.js";

export interface LiveHealthStore {
  save(health: LiveHealth): void;
  get(pointId: string): LiveHealth | undefined;
}

export const LIVE_HEALTH_MIGRATIONS = [
  {
    id: "live-health-001",
    sql: `
      CREATE TABLE live_health (
        point_id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        last_detected_ms INTEGER,
        lag_ms INTEGER,
        nominal_sec REAL NOT NULL,
        every_sec REAL NOT NULL,
        degraded INTEGER NOT NULL,
        detected INTEGER NOT NULL,
        dropped INTEGER NOT NULL,
        reconnects INTEGER NOT NULL,
        last_error TEXT,
        updated_ms INTEGER NOT NULL
      );
    `,
  },
];

interface Row {
  point_id: string;
  state: LiveState;
  last_detected_ms: number | null;
  lag_ms: number | null;
  nominal_sec: number;
  every_sec: number;
  degraded: number;
  detected: number;
  dropped: number;
  reconnects: number;
  last_error: string | null;
  updated_ms: number;
}

export class SqliteLiveHealthStore implements LiveHealthStore {
  constructor(private readonly db: Db) {
    migrate(db, LIVE_HEALTH_MIGRATIONS);
  }

  save(h: LiveHealth): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO live_health (point_id, state, last_detected_ms, lag_ms, nominal_sec, every_sec, degraded, detected, dropped, reconnects, last_error, updated_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(h.pointId, h.state, h.lastDetectedMs, h.lagMs, h.nominalSec, h.everySec, h.degraded ? 1 : 0, h.detected, h.dropped, h.reconnects, h.lastError, h.updatedMs);
  }

  get(pointId: string): LiveHealth | undefined {
    const row = this.db.prepare("SELECT * FROM live_health WHERE point_id = ?").get(pointId) as Row | undefined;
    if (!row) return undefined;
    return {
      pointId: row.point_id,
      state: row.state,
      lastDetectedMs: row.last_detected_ms,
      lagMs: row.lag_ms,
      nominalSec: row.nominal_sec,
      everySec: row.every_sec,
      degraded: row.degraded === 1,
      detected: row.detected,
      dropped: row.dropped,
      reconnects: row.reconnects,
      lastError: row.last_error,
      updatedMs: row.updated_ms,
    };
  }
}
