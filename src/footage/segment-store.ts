/**
 * The footage index: one row per segment file, plus the outages recorded
 * while a camera was down (so coverage can say why a gap is there).
 * SegmentStore is the interface; SqliteSegmentStore is its SQLite backend.
 */
import type { SourceKind } from "../config/schema.js";
import { migrate, type Db } from "../store/database.js";
import { computeCoverage } from "./coverage.js";
import type { Coverage, Interval, Segment, SegmentStatus } from "./types.js";

export interface SegmentQuery {
  pointId?: string;
  /** Segments overlapping [fromMs, toMs). */
  fromMs?: number;
  toMs?: number;
  status?: SegmentStatus;
  limit?: number;
}

export interface Outage extends Interval {
  pointId: string;
  reason: string | null;
}

export interface SegmentStore {
  /** Inserts or replaces the row for segment.path. */
  upsert(segment: Segment): Segment;
  get(path: string): Segment | undefined;
  list(query?: SegmentQuery): Segment[];
  markUnreadable(path: string, error: string): void;
  delete(path: string): boolean;
  /** Deletes rows ending before cutoffMs except those `keep` protects; returns them. */
  deleteOlderThan(cutoffMs: number, keep?: (segment: Segment) => boolean): Segment[];
  /** Opens an outage for a point (closing any open one first). */
  openOutage(pointId: string, fromMs: number, reason: string | null): void;
  /** Closes the point's open outage, if any. */
  closeOutage(pointId: string, toMs: number): void;
  /** Outages overlapping the range; an open one ends at `toMs`. */
  outages(pointId: string, fromMs: number, toMs: number): Outage[];
  deleteOutagesBefore(cutoffMs: number): number;
  coverage(pointId: string, fromMs: number, toMs: number, options?: { toleranceMs?: number }): Coverage;
  pointIds(): string[];
  close(): void;
}

export const SEGMENT_MIGRATIONS = [
  {
    id: "segments-001",
    sql: `
      CREATE TABLE segments (
        path TEXT PRIMARY KEY,
        point_id TEXT NOT NULL,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        size_bytes INTEGER NOT NULL,
        codec TEXT,
        width INTEGER,
        height INTEGER,
        fps REAL,
        status TEXT NOT NULL CHECK (status IN ('ok', 'unreadable')),
        error TEXT,
        source_kind TEXT NOT NULL,
        indexed_at TEXT NOT NULL
      );
      CREATE INDEX segments_point_start ON segments (point_id, start_ms);
      CREATE INDEX segments_end ON segments (end_ms);
      CREATE TABLE footage_outages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        point_id TEXT NOT NULL,
        from_ms INTEGER NOT NULL,
        to_ms INTEGER,
        reason TEXT
      );
      CREATE INDEX footage_outages_point ON footage_outages (point_id, from_ms);
    `,
  },
  {
    id: "segments-002",
    // NULL: not measured; 0: measured, fewer than two keyframes in the window (Segment.keyframeIntervalSec null).
    sql: "ALTER TABLE segments ADD COLUMN keyframe_sec REAL;",
  },
];

interface SegmentRow {
  path: string;
  point_id: string;
  start_ms: number;
  end_ms: number;
  size_bytes: number;
  codec: string | null;
  width: number | null;
  height: number | null;
  fps: number | null;
  status: SegmentStatus;
  error: string | null;
  source_kind: SourceKind;
  keyframe_sec: number | null;
}

export class SqliteSegmentStore implements SegmentStore {
  private closed = false;

  /** `ownsDb`: close() also closes the database. */
  constructor(
    private readonly db: Db,
    private readonly ownsDb = false,
  ) {
    migrate(db, SEGMENT_MIGRATIONS);
  }

  upsert(segment: Segment): Segment {
    this.db
      .prepare(
        `INSERT INTO segments (path, point_id, start_ms, end_ms, size_bytes, codec, width, height, fps, status, error, source_kind, keyframe_sec, indexed_at)
         VALUES (@path, @pointId, @startMs, @endMs, @sizeBytes, @codec, @width, @height, @fps, @status, @error, @sourceKind, @keyframeSec, @indexedAt)
         ON CONFLICT (path) DO UPDATE SET point_id = excluded.point_id, start_ms = excluded.start_ms, end_ms = excluded.end_ms,
           size_bytes = excluded.size_bytes, codec = excluded.codec, width = excluded.width, height = excluded.height, fps = excluded.fps,
           status = excluded.status, error = excluded.error, source_kind = excluded.source_kind, keyframe_sec = excluded.keyframe_sec,
           indexed_at = excluded.indexed_at`,
      )
      .run({ ...segment, keyframeSec: keyframeColumn(segment.keyframeIntervalSec), indexedAt: new Date().toISOString() });
    return segment;
  }

  get(path: string): Segment | undefined {
    const row = this.db.prepare("SELECT * FROM segments WHERE path = ?").get(path) as SegmentRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  list(query: SegmentQuery = {}): Segment[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (query.pointId !== undefined) where.push("point_id = @pointId");
    if (query.fromMs !== undefined) where.push("end_ms > @fromMs");
    if (query.toMs !== undefined) where.push("start_ms < @toMs");
    if (query.status !== undefined) where.push("status = @status");
    Object.assign(params, { pointId: query.pointId, fromMs: query.fromMs, toMs: query.toMs, status: query.status });
    const sql = `SELECT * FROM segments ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY point_id, start_ms, path ${
      query.limit ? `LIMIT ${Math.floor(query.limit)}` : ""
    }`;
    const used = Object.fromEntries(Object.entries(params).filter(([key, value]) => value !== undefined && sql.includes(`@${key}`)));
    return (this.db.prepare(sql).all(used) as SegmentRow[]).map(fromRow);
  }

  markUnreadable(path: string, error: string): void {
    this.db.prepare("UPDATE segments SET status = 'unreadable', error = ? WHERE path = ?").run(error, path);
  }

  delete(path: string): boolean {
    return this.db.prepare("DELETE FROM segments WHERE path = ?").run(path).changes > 0;
  }

  deleteOlderThan(cutoffMs: number, keep: (segment: Segment) => boolean = () => false): Segment[] {
    const old = (this.db.prepare("SELECT * FROM segments WHERE end_ms < ?").all(cutoffMs) as SegmentRow[]).map(fromRow);
    const doomed = old.filter((segment) => !keep(segment));
    this.db.transaction(() => doomed.forEach((segment) => this.delete(segment.path)))();
    return doomed;
  }

  openOutage(pointId: string, fromMs: number, reason: string | null): void {
    this.db.transaction(() => {
      this.closeOutage(pointId, fromMs);
      this.db.prepare("INSERT INTO footage_outages (point_id, from_ms, to_ms, reason) VALUES (?, ?, NULL, ?)").run(pointId, fromMs, reason);
    })();
  }

  closeOutage(pointId: string, toMs: number): void {
    this.db
      .prepare("UPDATE footage_outages SET to_ms = MAX(from_ms, ?) WHERE point_id = ? AND to_ms IS NULL")
      .run(toMs, pointId);
  }

  outages(pointId: string, fromMs: number, toMs: number): Outage[] {
    const rows = this.db
      .prepare(
        "SELECT point_id, from_ms, to_ms, reason FROM footage_outages WHERE point_id = ? AND from_ms < ? AND (to_ms IS NULL OR to_ms > ?) ORDER BY from_ms",
      )
      .all(pointId, toMs, fromMs) as { point_id: string; from_ms: number; to_ms: number | null; reason: string | null }[];
    return rows.map((r) => ({ pointId: r.point_id, fromMs: r.from_ms, toMs: r.to_ms ?? Math.max(toMs, r.from_ms), reason: r.reason }));
  }

  deleteOutagesBefore(cutoffMs: number): number {
    return this.db.prepare("DELETE FROM footage_outages WHERE to_ms IS NOT NULL AND to_ms < ?").run(cutoffMs).changes;
  }

  coverage(pointId: string, fromMs: number, toMs: number, options: { toleranceMs?: number } = {}): Coverage {
    const segments = this.list({ pointId, fromMs: fromMs - 3_600_000, toMs: toMs + 3_600_000 });
    // The last file that began before the range: an unreadable one of unknown length claims the time up to the next file.
    const before = this.db
      .prepare("SELECT * FROM segments WHERE point_id = ? AND start_ms < ? ORDER BY start_ms DESC LIMIT 1")
      .get(pointId, fromMs) as SegmentRow | undefined;
    if (before && !segments.some((s) => s.path === before.path)) segments.unshift(fromRow(before));
    return computeCoverage({ fromMs, toMs, segments, outages: this.outages(pointId, fromMs, toMs), toleranceMs: options.toleranceMs });
  }

  pointIds(): string[] {
    return (this.db.prepare("SELECT DISTINCT point_id FROM segments ORDER BY point_id").all() as { point_id: string }[]).map((r) => r.point_id);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsDb) this.db.close();
  }
}

function fromRow(row: SegmentRow): Segment {
  return {
    pointId: row.point_id,
    path: row.path,
    startMs: row.start_ms,
    endMs: row.end_ms,
    sizeBytes: row.size_bytes,
    codec: row.codec,
    width: row.width,
    height: row.height,
    fps: row.fps,
    status: row.status,
    error: row.error,
    sourceKind: row.source_kind,
    ...(row.keyframe_sec === null ? {} : { keyframeIntervalSec: row.keyframe_sec > 0 ? row.keyframe_sec : null }),
  };
}

function keyframeColumn(interval: number | null | undefined): number | null {
  if (interval === undefined) return null;
  return interval ?? 0;
}
