/**
 * The SQLite backend of CaseStore, in the deployment database: `cases` (one
 * row per incident acted on, with its version) and `case_history` (one row
 * per action). A version check in the UPDATE's WHERE clause makes
 * concurrent actions safe across processes too.
 */
import type { Statement } from "better-sqlite3";
import { KerbsideError } from "../errors.js";
import { migrate, openDatabase, type Db, type Migration } from "../store/database.js";
import type { CaseQuery, CaseStore } from "./case-store.js";
import type { CaseRecord, HistoryEntry } from "./types.js";

export const CASE_MIGRATIONS: readonly Migration[] = [
  {
    id: "cases-001",
    sql: `
      CREATE TABLE cases (
        incident_id TEXT PRIMARY KEY,
        point_id TEXT NOT NULL, rule TEXT NOT NULL, zone_id TEXT NOT NULL,
        state TEXT NOT NULL, version INTEGER NOT NULL,
        unit TEXT, assignee TEXT, reason TEXT, note TEXT,
        dispatched_at_ms INTEGER, deadline_ms INTEGER, watch_from_ms INTEGER, overdue_at_ms INTEGER, closed_at_ms INTEGER,
        recurrence_of TEXT, recurrence_root TEXT,
        updated_at_ms INTEGER NOT NULL
      );
      CREATE INDEX cases_state ON cases (state, point_id);
      CREATE INDEX cases_root ON cases (recurrence_root);
      CREATE TABLE case_history (
        incident_id TEXT NOT NULL, version INTEGER NOT NULL,
        action TEXT NOT NULL, actor TEXT NOT NULL, role TEXT NOT NULL, at_ms INTEGER NOT NULL,
        from_state TEXT NOT NULL, to_state TEXT NOT NULL, note TEXT, details TEXT NOT NULL,
        PRIMARY KEY (incident_id, version)
      );`,
  },
];

const FIELDS = [
  ["incidentId", "incident_id"], ["pointId", "point_id"], ["rule", "rule"], ["zoneId", "zone_id"], ["state", "state"],
  ["version", "version"], ["unit", "unit"], ["assignee", "assignee"], ["reason", "reason"], ["note", "note"],
  ["dispatchedAtMs", "dispatched_at_ms"], ["deadlineMs", "deadline_ms"], ["watchFromMs", "watch_from_ms"],
  ["overdueAtMs", "overdue_at_ms"], ["closedAtMs", "closed_at_ms"], ["recurrenceOf", "recurrence_of"],
  ["recurrenceRoot", "recurrence_root"], ["updatedAtMs", "updated_at_ms"],
] as const satisfies readonly (readonly [keyof CaseRecord, string])[];

type Row = Record<string, unknown>;

function toRow(c: CaseRecord): Row {
  return Object.fromEntries(FIELDS.map(([key, column]) => [column, c[key]]));
}

function fromRow(row: Row): CaseRecord {
  return Object.fromEntries(FIELDS.map(([key, column]) => [key, row[column]])) as unknown as CaseRecord;
}

interface HistoryRow {
  incident_id: string; version: number; action: HistoryEntry["action"]; actor: string; role: HistoryEntry["role"];
  at_ms: number; from_state: HistoryEntry["from"]; to_state: HistoryEntry["to"]; note: string | null; details: string;
}

export class SqliteCaseStore implements CaseStore {
  private closed = false;
  private readonly sql: { get: Statement; insert: Statement; update: Statement; addHistory: Statement; history: Statement; roots: Statement };

  constructor(private readonly db: Db, private readonly options: { ownsDb?: boolean } = {}) {
    migrate(db, CASE_MIGRATIONS);
    const columns = FIELDS.map(([, c]) => c);
    this.sql = {
      get: db.prepare("SELECT * FROM cases WHERE incident_id = ?"),
      insert: db.prepare(`INSERT INTO cases (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")}) ON CONFLICT (incident_id) DO NOTHING`),
      update: db.prepare(
        `UPDATE cases SET ${columns.filter((c) => c !== "incident_id").map((c) => `${c} = @${c}`).join(", ")} WHERE incident_id = @incident_id AND version = @expected`,
      ),
      addHistory: db.prepare(
        "INSERT INTO case_history (incident_id, version, action, actor, role, at_ms, from_state, to_state, note, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      history: db.prepare("SELECT * FROM case_history WHERE incident_id = ? ORDER BY version"),
      roots: db.prepare("SELECT COUNT(*) AS n FROM cases WHERE recurrence_root = ?"),
    };
  }

  static open(file: string): SqliteCaseStore {
    return new SqliteCaseStore(openDatabase(file), { ownsDb: true });
  }

  get(incidentId: string): CaseRecord | undefined {
    this.assertOpen();
    const row = this.sql.get.get(incidentId) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  save(next: CaseRecord, expectedVersion: number, entry: HistoryEntry): CaseRecord {
    this.assertOpen();
    return this.db.transaction((): CaseRecord => {
      const row = toRow(next);
      const changed = expectedVersion === 0 ? this.sql.insert.run(row).changes : this.sql.update.run({ ...row, expected: expectedVersion }).changes;
      if (changed !== 1) {
        const stored = this.get(next.incidentId);
        throw new KerbsideError(
          "KERB_ERR_CASE_CONFLICT",
          `case ${next.incidentId} changed meanwhile (expected version ${expectedVersion}, it is ${stored?.version ?? 0}); reload and try again`,
        );
      }
      const e = entry;
      this.sql.addHistory.run(e.incidentId, e.version, e.action, e.actor, e.role, e.atMs, e.from, e.to, e.note, JSON.stringify(e.details));
      return this.get(next.incidentId) as CaseRecord;
    })();
  }

  history(incidentId: string): HistoryEntry[] {
    this.assertOpen();
    return (this.sql.history.all(incidentId) as HistoryRow[]).map((r) => ({
      incidentId: r.incident_id, version: r.version, action: r.action, actor: r.actor, role: r.role, atMs: r.at_ms,
      from: r.from_state, to: r.to_state, note: r.note, details: JSON.parse(r.details) as Record<string, unknown>,
    }));
  }

  list(query: CaseQuery = {}): CaseRecord[] {
    this.assertOpen();
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (query.states?.length) {
      where.push(`state IN (${query.states.map(() => "?").join(", ")})`);
      args.push(...query.states);
    }
    const add = (clause: string, value: string | number | undefined): void => {
      if (value === undefined) return;
      where.push(clause);
      args.push(value);
    };
    add("point_id = ?", query.pointId);
    add("unit = ?", query.unit);
    add("closed_at_ms >= ?", query.closedSinceMs);
    const sql = `SELECT * FROM cases${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY updated_at_ms DESC, incident_id`;
    return (this.db.prepare(sql).all(...args) as Row[]).map(fromRow);
  }

  recurrenceCount(rootIncidentId: string): number {
    this.assertOpen();
    return (this.sql.roots.get(rootIncidentId) as { n: number }).n;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.options.ownsDb) this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new KerbsideError("KERB_ERR_STORE", "the case store is closed");
  }
}
