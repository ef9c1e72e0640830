/**
 * Plate results per incident, in the project database (table
 * `incident_plates`, owned here). Kept beside the incident rather than in its
 * row: a plate is read after the incident exists, may be read again with more
 * frames, and is personal data that exports mask per role.
 */
import { migrate, type Db, type Migration } from "../store/database.js";
import type { PlateFrameUse, PlateKind, PlateResult, PlateStatus, UnreadableReason } from "./types.js";

export const PLATE_MIGRATIONS: readonly Migration[] = [
  {
    id: "plates-001",
    sql: `
      CREATE TABLE incident_plates (
        incident_id TEXT PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
        status TEXT NOT NULL,
        plate TEXT,
        kind TEXT,
        confidence REAL,
        char_confidences TEXT NOT NULL,
        reason TEXT,
        detail TEXT,
        votes INTEGER NOT NULL,
        frames_read INTEGER NOT NULL,
        read_at TEXT NOT NULL
      );
      CREATE INDEX incident_plates_plate ON incident_plates (plate);`,
  },
  { id: "plates-002", sql: "ALTER TABLE incident_plates ADD COLUMN frames TEXT NOT NULL DEFAULT '[]';" },
];

export interface StoredPlate extends PlateResult {
  incidentId: string;
  frames: PlateFrameUse[];
  readAt: string;
}

interface PlateRow {
  incident_id: string;
  status: PlateStatus;
  plate: string | null;
  kind: PlateKind | null;
  confidence: number | null;
  char_confidences: string;
  reason: UnreadableReason | null;
  detail: string | null;
  votes: number;
  frames_read: number;
  frames: string;
  read_at: string;
}

function fromRow(row: PlateRow): StoredPlate {
  return {
    incidentId: row.incident_id,
    status: row.status,
    plate: row.plate,
    kind: row.kind,
    confidence: row.confidence,
    charConfidences: JSON.parse(row.char_confidences) as number[],
    reason: row.reason,
    detail: row.detail,
    votes: row.votes,
    framesRead: row.frames_read,
    frames: JSON.parse(row.frames) as PlateFrameUse[],
    readAt: row.read_at,
  };
}

export class PlateStore {
  constructor(private readonly db: Db) {
    migrate(db, PLATE_MIGRATIONS);
  }

  save(incidentId: string, result: PlateResult, at = new Date()): StoredPlate {
    this.db
      .prepare(
        `INSERT INTO incident_plates (incident_id, status, plate, kind, confidence, char_confidences, reason, detail, votes, frames_read, frames, read_at)
         VALUES (@incident_id, @status, @plate, @kind, @confidence, @char_confidences, @reason, @detail, @votes, @frames_read, @frames, @read_at)
         ON CONFLICT (incident_id) DO UPDATE SET status = excluded.status, plate = excluded.plate, kind = excluded.kind,
           confidence = excluded.confidence, char_confidences = excluded.char_confidences, reason = excluded.reason,
           detail = excluded.detail, votes = excluded.votes, frames_read = excluded.frames_read, frames = excluded.frames, read_at = excluded.read_at`,
      )
      .run({
        incident_id: incidentId,
        status: result.status,
        plate: result.plate,
        kind: result.kind,
        confidence: result.confidence,
        char_confidences: JSON.stringify(result.charConfidences),
        reason: result.reason,
        detail: result.detail,
        votes: result.votes,
        frames_read: result.framesRead,
        frames: JSON.stringify(result.frames ?? []),
        read_at: at.toISOString(),
      });
    return this.get(incidentId)!;
  }

  get(incidentId: string): StoredPlate | undefined {
    const row = this.db.prepare("SELECT * FROM incident_plates WHERE incident_id = ?").get(incidentId) as PlateRow | undefined;
    return row && fromRow(row);
  }

  /**
   * Repeat offences: the other incidents, at any point, whose vehicle was read
   * as the same plate and that started within `days` before this one's start.
   */
  earlierWithPlate(incidentId: string, days: number): string[] {
    const rows = this.db
      .prepare(
        `SELECT other.incident_id AS id FROM incident_plates self
           JOIN incidents mine ON mine.id = self.incident_id
           JOIN incident_plates other ON other.plate = self.plate AND other.status = 'read' AND other.incident_id <> self.incident_id
           JOIN incidents theirs ON theirs.id = other.incident_id
         WHERE self.incident_id = ? AND self.status = 'read' AND theirs.start_ms < mine.start_ms AND theirs.start_ms >= mine.start_ms - ?
         ORDER BY theirs.start_ms DESC`,
      )
      .all(incidentId, days * 86_400_000) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** Incident ids whose plate was read as exactly this plate. */
  incidentsWithPlate(plate: string): string[] {
    return (this.db.prepare("SELECT incident_id FROM incident_plates WHERE plate = ? AND status = 'read'").all(plate) as { incident_id: string }[]).map((r) => r.incident_id);
  }
}
