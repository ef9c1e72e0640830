/**
 * The audit trail (`audit_trail` table): who logged in or failed to, changed
 * a user, or acted on an incident, when and from where. Append-only; read by
 * organisers and admins through GET /api/audit-trail. Anything that changes
 * state on someone's behalf records an entry (server/audit.ts has the
 * request-side helper, recordAudit).
 */
import { migrate, type Db } from "../store/database.js";

export const AUDIT_MIGRATIONS = [
  {
    id: "audit-trail-001",
    sql: `
      CREATE TABLE audit_trail (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at_ms INTEGER NOT NULL,
        actor TEXT,
        action TEXT NOT NULL,
        target TEXT,
        ip TEXT,
        detail TEXT
      );
      CREATE INDEX audit_trail_at ON audit_trail (at_ms DESC);`,
  },
];

/** Dotted verbs, e.g. login, login.failed, logout, user.add, user.disable, incident.acknowledge, incident.dispatch. */
export type AuditAction = string;

export interface AuditEntry {
  /** User name of who did it; null for the system (e.g. auto-dispatch) or an unknown name. */
  actor: string | null;
  action: AuditAction;
  /** What it was done to: "user:alice", "incident:D01-…", a point id. */
  target?: string | null;
  /** Client address as the server saw it (after trust proxy). */
  ip?: string | null;
  /** Small JSON-able detail (never a password or token). */
  detail?: Record<string, unknown> | null;
}

export interface AuditRecord extends Required<Omit<AuditEntry, "detail">> {
  id: number;
  at: string;
  detail: Record<string, unknown> | null;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  target?: string;
  fromMs?: number;
  toMs?: number;
  /** Entries with id below this (paging back). */
  beforeId?: number;
  limit?: number;
}

interface AuditRow {
  id: number;
  at_ms: number;
  actor: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  detail: string | null;
}

export class AuditTrail {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    migrate(db, AUDIT_MIGRATIONS);
  }

  record(entry: AuditEntry): AuditRecord {
    const atMs = this.now();
    const detail = entry.detail ? JSON.stringify(entry.detail) : null;
    const result = this.db
      .prepare("INSERT INTO audit_trail (at_ms, actor, action, target, ip, detail) VALUES (?, ?, ?, ?, ?, ?)")
      .run(atMs, entry.actor, entry.action, entry.target ?? null, entry.ip ?? null, detail);
    return fromRow({ id: Number(result.lastInsertRowid), at_ms: atMs, actor: entry.actor, action: entry.action, target: entry.target ?? null, ip: entry.ip ?? null, detail });
  }

  /** Newest first. */
  list(query: AuditQuery = {}): AuditRecord[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (clause: string, value: string | number | undefined): void => {
      if (value === undefined) return;
      where.push(clause);
      args.push(value);
    };
    add("actor = ?", query.actor);
    add("action = ?", query.action);
    add("target = ?", query.target);
    add("at_ms >= ?", query.fromMs);
    add("at_ms < ?", query.toMs);
    add("id < ?", query.beforeId);
    const limit = Math.min(Math.max(1, Math.floor(query.limit ?? 100)), 1000);
    const sql = `SELECT * FROM audit_trail${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ${limit}`;
    return (this.db.prepare(sql).all(...args) as AuditRow[]).map(fromRow);
  }
}

function fromRow(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    at: new Date(row.at_ms).toISOString(),
    actor: row.actor,
    action: row.action,
    target: row.target,
    ip: row.ip,
    detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
  };
}
