/**
 * The SQLite backend of IncidentStore. It shares the project database (WAL)
 * with other modules and owns the `incidents` and `evidence` tables.
 */
import type { Statement } from "better-sqlite3";
import { KerbsideError } from "../errors.js";
import { migrate, openDatabase, type Db, type Migration } from "../store/database.js";
import type { Episode } from "../rules/types.js";
import {
  DEFAULT_MERGE_GAP_MS,
  bestMatch,
  incidentFromEpisode,
  incidentIdPrefix,
  mergeEpisode,
  sameCore,
  type IncidentCore,
} from "./incident-store.js";
import type { Interval } from "../footage/types.js";
import { observedTime } from "./observed-time.js";
import type { Evidence, Incident, IncidentQuery, IncidentStore, RecordResult } from "./types.js";

export const INCIDENT_MIGRATIONS: readonly Migration[] = [
  {
    id: "incidents-001",
    sql: `
      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        point_id TEXT NOT NULL,
        rule TEXT NOT NULL,
        zone_id TEXT NOT NULL,
        zone_kind TEXT NOT NULL,
        unit TEXT NOT NULL,
        label TEXT NOT NULL,
        start_ms INTEGER NOT NULL,
        threshold_ms INTEGER NOT NULL,
        last_seen_ms INTEGER NOT NULL,
        end_ms INTEGER,
        duration_sec INTEGER NOT NULL,
        peak_score REAL NOT NULL,
        box_x1 REAL NOT NULL, box_y1 REAL NOT NULL, box_x2 REAL NOT NULL, box_y2 REAL NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX incidents_match ON incidents (point_id, rule, zone_id, last_seen_ms);
      CREATE INDEX incidents_start ON incidents (start_ms DESC);
      CREATE TABLE evidence (
        incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        PRIMARY KEY (incident_id, kind, at_ms)
      );`,
  },
  {
    // Watched time per incident (observed-time.ts). Incidents from before knew no outages: all their span counts as watched.
    id: "incidents-002-observed",
    sql: `
      ALTER TABLE incidents ADD COLUMN observed_json TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE incidents ADD COLUMN observed_sec INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE incidents ADD COLUMN unseen_sec INTEGER NOT NULL DEFAULT 0;
      UPDATE incidents SET observed_json = json_array(json_object('fromMs', start_ms, 'toMs', last_seen_ms)), observed_sec = duration_sec
        WHERE last_seen_ms > start_ms;`,
  },
];

interface IncidentRow {
  id: string;
  point_id: string;
  rule: Incident["rule"];
  zone_id: string;
  zone_kind: Incident["zoneKind"];
  unit: string;
  label: string;
  start_ms: number;
  threshold_ms: number;
  last_seen_ms: number;
  end_ms: number | null;
  duration_sec: number;
  peak_score: number;
  box_x1: number;
  box_y1: number;
  box_x2: number;
  box_y2: number;
  observed_json: string;
  created_at: string;
  updated_at: string;
}

interface EvidenceRow {
  kind: Evidence["kind"];
  path: string;
  sha256: string;
  bytes: number;
  at_ms: number;
}

export interface SqliteIncidentStoreOptions {
  /** Default gap for recordEpisode. @defaultValue 10 minutes */
  mergeGapMs?: number;
  /** Clock for createdAt/updatedAt (tests). */
  now?: () => Date;
  /** Close the database on close() (set when the store opened it). */
  ownsDb?: boolean;
}

function coreFromRow(r: IncidentRow): IncidentCore {
  return {
    pointId: r.point_id,
    rule: r.rule,
    zoneId: r.zone_id,
    zoneKind: r.zone_kind,
    unit: r.unit,
    label: r.label,
    startMs: r.start_ms,
    thresholdMs: r.threshold_ms,
    lastSeenMs: r.last_seen_ms,
    endMs: r.end_ms,
    durationSec: r.duration_sec,
    peakScore: r.peak_score,
    box: { x1: r.box_x1, y1: r.box_y1, x2: r.box_x2, y2: r.box_y2 },
    observed: JSON.parse(r.observed_json) as Interval[],
  };
}

function rowParams(id: string, c: IncidentCore, createdAt: string, updatedAt: string): Record<string, unknown> {
  const time = observedTime(c);
  return {
    id,
    point_id: c.pointId,
    rule: c.rule,
    zone_id: c.zoneId,
    zone_kind: c.zoneKind,
    unit: c.unit,
    label: c.label,
    start_ms: c.startMs,
    threshold_ms: c.thresholdMs,
    last_seen_ms: c.lastSeenMs,
    end_ms: c.endMs,
    duration_sec: c.durationSec,
    peak_score: c.peakScore,
    box_x1: c.box.x1,
    box_y1: c.box.y1,
    box_x2: c.box.x2,
    box_y2: c.box.y2,
    observed_json: JSON.stringify(time.observed),
    observed_sec: time.observedSec,
    unseen_sec: time.unseenSec,
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

const COLUMNS =
  "id, point_id, rule, zone_id, zone_kind, unit, label, start_ms, threshold_ms, last_seen_ms, end_ms, duration_sec, peak_score, box_x1, box_y1, box_x2, box_y2, observed_json, observed_sec, unseen_sec, created_at, updated_at";

export class SqliteIncidentStore implements IncidentStore {
  private readonly mergeGapMs: number;
  private readonly now: () => Date;
  private closed = false;
  private readonly sql: {
    candidates: Statement;
    byId: Statement;
    upsert: Statement;
    evidenceOf: Statement;
    stale: Statement;
    putEvidence: Statement;
  };

  constructor(
    private readonly db: Db,
    private readonly options: SqliteIncidentStoreOptions = {},
  ) {
    migrate(db, INCIDENT_MIGRATIONS);
    this.mergeGapMs = options.mergeGapMs ?? DEFAULT_MERGE_GAP_MS;
    this.now = options.now ?? (() => new Date());
    const params = COLUMNS.split(", ").map((c) => `@${c}`).join(", ");
    this.sql = {
      candidates: db.prepare(
        `SELECT * FROM incidents WHERE point_id = ? AND rule = ? AND zone_id = ? AND last_seen_ms >= ? AND start_ms <= ?`,
      ),
      byId: db.prepare("SELECT * FROM incidents WHERE id = ?"),
      upsert: db.prepare(
        `INSERT INTO incidents (${COLUMNS}) VALUES (${params}) ON CONFLICT (id) DO UPDATE SET ` +
          COLUMNS.split(", ")
            .filter((c) => c !== "id" && c !== "created_at")
            .map((c) => `${c} = excluded.${c}`)
            .join(", "),
      ),
      stale: db.prepare("SELECT * FROM incidents WHERE point_id = ? AND end_ms IS NULL AND last_seen_ms < ? ORDER BY start_ms"),
      evidenceOf: db.prepare("SELECT kind, path, sha256, bytes, at_ms FROM evidence WHERE incident_id = ? ORDER BY at_ms, kind"),
      putEvidence: db.prepare(
        `INSERT INTO evidence (incident_id, kind, at_ms, path, sha256, bytes) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (incident_id, kind, at_ms) DO UPDATE SET path = excluded.path, sha256 = excluded.sha256, bytes = excluded.bytes`,
      ),
    };
  }

  /** Opens (or creates) a database file just for incidents; close() closes it. */
  static open(file: string, options: Omit<SqliteIncidentStoreOptions, "ownsDb"> = {}): SqliteIncidentStore {
    return new SqliteIncidentStore(openDatabase(file), { ...options, ownsDb: true });
  }

  recordEpisode(episode: Episode, options: { mergeGapMs?: number } = {}): RecordResult {
    this.assertOpen();
    const gap = options.mergeGapMs ?? this.mergeGapMs;
    return this.db.transaction((): RecordResult => {
      const rows = this.sql.candidates.all(
        episode.pointId, episode.rule, episode.zoneId, episode.startMs - gap, episode.lastSeenMs + gap,
      ) as IncidentRow[];
      const match = bestMatch(rows.map((r) => ({ ...coreFromRow(r), row: r })), episode, gap);
      const stamp = this.now().toISOString();
      if (!match) {
        const id = this.freeId(incidentIdPrefix(episode));
        this.sql.upsert.run(rowParams(id, incidentFromEpisode(episode), stamp, stamp));
        return { incident: this.require(id), created: true, changed: true };
      }
      const before = coreFromRow(match.row);
      const merged = mergeEpisode(before, episode);
      const changed = !sameCore(before, merged);
      if (changed) this.sql.upsert.run(rowParams(match.row.id, merged, match.row.created_at, stamp));
      return { incident: this.require(match.row.id), created: false, changed };
    })();
  }

  addEvidence(incidentId: string, evidence: Evidence): Incident {
    this.assertOpen();
    return this.db.transaction((): Incident => {
      const row = this.sql.byId.get(incidentId) as IncidentRow | undefined;
      if (!row) throw new KerbsideError("KERB_ERR_INCIDENT_UNKNOWN", `no incident ${incidentId} to attach ${evidence.kind} evidence to`);
      this.sql.putEvidence.run(incidentId, evidence.kind, evidence.atMs, evidence.path, evidence.sha256, evidence.bytes);
      this.sql.upsert.run(rowParams(row.id, coreFromRow(row), row.created_at, this.now().toISOString()));
      return this.require(incidentId);
    })();
  }

  get(id: string): Incident | undefined {
    this.assertOpen();
    const row = this.sql.byId.get(id) as IncidentRow | undefined;
    return row ? this.hydrate(row) : undefined;
  }

  list(query: IncidentQuery = {}): Incident[] {
    this.assertOpen();
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (clause: string, value: string | number): void => {
      where.push(clause);
      args.push(value);
    };
    if (query.pointId !== undefined) add("point_id = ?", query.pointId);
    if (query.rule !== undefined) add("rule = ?", query.rule);
    if (query.fromMs !== undefined) add("last_seen_ms >= ?", query.fromMs);
    if (query.toMs !== undefined) add("start_ms < ?", query.toMs);
    if (query.openOnly) where.push("end_ms IS NULL");
    if (query.endedOnly) where.push("end_ms IS NOT NULL");
    const within = (column: string, values: readonly string[] | undefined): void => {
      if (values === undefined) return;
      where.push(values.length === 0 ? "0" : `${column} IN (${values.map(() => "?").join(", ")})`);
      args.push(...values);
    };
    within("point_id", query.pointIds);
    within("unit", query.units);
    if (query.after) {
      where.push("(start_ms < ? OR (start_ms = ? AND id > ?))");
      args.push(query.after.startMs, query.after.startMs, query.after.id);
    }
    const limit = query.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(query.limit))}` : "";
    const sql = `SELECT * FROM incidents${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY start_ms DESC, id${limit}`;
    return (this.db.prepare(sql).all(...args) as IncidentRow[]).map((r) => this.hydrate(r));
  }

  closeStale(pointId: string, lastSeenBeforeMs: number): Incident[] {
    this.assertOpen();
    return this.db.transaction((): Incident[] => {
      const rows = this.sql.stale.all(pointId, lastSeenBeforeMs) as IncidentRow[];
      const stamp = this.now().toISOString();
      for (const row of rows) {
        this.sql.upsert.run(rowParams(row.id, { ...coreFromRow(row), endMs: row.last_seen_ms }, row.created_at, stamp));
      }
      return rows.map((row) => this.require(row.id));
    })();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.options.ownsDb) this.db.close();
  }

  private freeId(prefix: string): string {
    for (let n = 1; ; n++) {
      const id = `${prefix}-${n}`;
      if (!this.sql.byId.get(id)) return id;
    }
  }

  private require(id: string): Incident {
    const incident = this.get(id);
    if (!incident) throw new KerbsideError("KERB_ERR_INCIDENT_UNKNOWN", `incident ${id} vanished`);
    return incident;
  }

  private hydrate(row: IncidentRow): Incident {
    const evidence = (this.sql.evidenceOf.all(row.id) as EvidenceRow[]).map((e) => ({
      kind: e.kind,
      path: e.path,
      sha256: e.sha256,
      bytes: e.bytes,
      atMs: e.at_ms,
    }));
    const core = coreFromRow(row);
    return { id: row.id, ...core, ...observedTime(core), evidence, createdAt: row.created_at, updatedAt: row.updated_at };
  }

  private assertOpen(): void {
    if (this.closed) throw new KerbsideError("KERB_ERR_STORE", "the incident store is closed");
  }
}
