/**
 * What the footage showed at a watched case's spot, frame by frame, kept so
 * that verification can be judged again over everything seen so far when
 * more footage arrives (in any order). Behind an interface; the SQLite
 * backend shares the deployment database (`spot_observations`). A frame seen
 * twice (overlapping exports) is stored once. Each row says whether it came
 * from a live frame or a scanned file (`source`).
 */
import type { Statement } from "better-sqlite3";
import { migrate, type Db, type Migration } from "../store/database.js";
import type { SpotObservation } from "./verification.js";

export interface SpotObservationLog {
  add(incidentId: string, observation: SpotObservation): void;
  /** Oldest first. */
  list(incidentId: string): SpotObservation[];
}

export const SPOT_OBSERVATION_MIGRATIONS: readonly Migration[] = [
  {
    id: "spot-observations-001",
    sql: `
      CREATE TABLE spot_observations (
        incident_id TEXT NOT NULL, at_ms INTEGER NOT NULL, present INTEGER NOT NULL,
        box_x1 REAL, box_y1 REAL, box_x2 REAL, box_y2 REAL,
        path TEXT NOT NULL, offset_sec REAL NOT NULL,
        PRIMARY KEY (incident_id, at_ms)
      );`,
  },
  { id: "spot-observations-002", sql: "ALTER TABLE spot_observations ADD COLUMN source TEXT NOT NULL DEFAULT 'archive';" },
];

interface Row {
  at_ms: number; present: number; box_x1: number | null; box_y1: number | null; box_x2: number | null; box_y2: number | null; path: string; offset_sec: number; source: string;
}

export class SqliteSpotObservationLog implements SpotObservationLog {
  private readonly insert: Statement;
  private readonly select: Statement;

  constructor(db: Db) {
    migrate(db, SPOT_OBSERVATION_MIGRATIONS);
    this.insert = db.prepare(
      "INSERT INTO spot_observations (incident_id, at_ms, present, box_x1, box_y1, box_x2, box_y2, path, offset_sec, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    );
    this.select = db.prepare("SELECT * FROM spot_observations WHERE incident_id = ? ORDER BY at_ms");
  }

  add(incidentId: string, o: SpotObservation): void {
    const b = o.box;
    this.insert.run(incidentId, o.atMs, b ? 1 : 0, b?.x1 ?? null, b?.y1 ?? null, b?.x2 ?? null, b?.y2 ?? null, o.path, o.offsetSec, o.source ?? "archive");
  }

  list(incidentId: string): SpotObservation[] {
    return (this.select.all(incidentId) as Row[]).map((r) => ({
      atMs: r.at_ms,
      box: r.present ? { x1: r.box_x1 ?? 0, y1: r.box_y1 ?? 0, x2: r.box_x2 ?? 0, y2: r.box_y2 ?? 0 } : null,
      path: r.path,
      offsetSec: r.offset_sec,
      source: r.source === "live" ? "live" : "archive",
    }));
  }
}
