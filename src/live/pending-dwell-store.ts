/**
 * Dwells under way, per live point, kept across a restart. A vehicle that has
 * stood 90 s of a 120 s dwell when the service stops would otherwise count
 * from zero in the new run and be reported a whole dwell late. Live detection
 * replaces a point's rows after each frame that changes them; the new run's
 * resume hook (dwell-resume.ts) continues a matching one. Boxes are in the
 * recorded stream's pixels, like incidents'.
 */
import { migrate, type Db } from "../store/database.js";
import type { PendingDwell } from "../rules/episode-book.js";

export interface PendingDwellStore {
  /** The point's dwells under way now (replaces what was saved before). */
  replace(pointId: string, dwells: readonly PendingDwell[]): void;
  list(pointId: string): PendingDwell[];
}

export const PENDING_DWELL_MIGRATIONS = [
  {
    id: "live-pending-dwells-001",
    sql: `
      CREATE TABLE live_pending_dwells (
        point_id TEXT NOT NULL,
        rule TEXT NOT NULL,
        zone_id TEXT NOT NULL,
        start_ms INTEGER NOT NULL,
        last_seen_ms INTEGER NOT NULL,
        box TEXT NOT NULL
      );
      CREATE INDEX live_pending_dwells_point ON live_pending_dwells (point_id);
    `,
  },
];

interface Row {
  rule: PendingDwell["rule"];
  zone_id: string;
  start_ms: number;
  last_seen_ms: number;
  box: string;
}

export class SqlitePendingDwellStore implements PendingDwellStore {
  private readonly replaceAll: (pointId: string, dwells: readonly PendingDwell[]) => void;

  constructor(private readonly db: Db) {
    migrate(db, PENDING_DWELL_MIGRATIONS);
    const clear = db.prepare("DELETE FROM live_pending_dwells WHERE point_id = ?");
    const insert = db.prepare("INSERT INTO live_pending_dwells (point_id, rule, zone_id, start_ms, last_seen_ms, box) VALUES (?, ?, ?, ?, ?, ?)");
    this.replaceAll = db.transaction((pointId: string, dwells: readonly PendingDwell[]) => {
      clear.run(pointId);
      for (const d of dwells) insert.run(pointId, d.rule, d.zoneId, Math.round(d.startMs), Math.round(d.lastSeenMs), JSON.stringify(d.box));
    });
  }

  replace(pointId: string, dwells: readonly PendingDwell[]): void {
    this.replaceAll(pointId, dwells);
  }

  list(pointId: string): PendingDwell[] {
    const rows = this.db.prepare("SELECT rule, zone_id, start_ms, last_seen_ms, box FROM live_pending_dwells WHERE point_id = ? ORDER BY last_seen_ms DESC").all(pointId) as Row[];
    return rows.map((r) => ({ rule: r.rule, zoneId: r.zone_id, startMs: r.start_ms, lastSeenMs: r.last_seen_ms, box: JSON.parse(r.box) as PendingDwell["box"] }));
  }
}
