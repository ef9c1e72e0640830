/**
 * Every webhook message and what became of it: pending (queued or waiting
 * for a retry), delivered, or failed after its last attempt, with the number
 * of attempts and the last error. Behind an interface; the SQLite backend
 * shares the deployment database (`notifications`). Bodies are stored as
 * sent, minus the signing (done at send time) and the URL (never stored).
 */
import type { Statement } from "better-sqlite3";
import { migrate, type Db, type Migration } from "../store/database.js";

export type DeliveryStatus = "pending" | "delivered" | "failed";

export interface Delivery {
  id: number;
  webhookId: string;
  event: string;
  incidentId: string;
  body: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface DeliveryStore {
  add(d: Pick<Delivery, "webhookId" | "event" | "incidentId" | "body">, atMs: number): Delivery;
  attempted(id: number, outcome: { status: DeliveryStatus; error: string | null }, atMs: number): void;
  get(id: number): Delivery | undefined;
  list(query?: { status?: DeliveryStatus; incidentId?: string }): Delivery[];
}

export const DELIVERY_MIGRATIONS: readonly Migration[] = [
  {
    id: "notifications-001",
    sql: `
      CREATE TABLE notifications (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        webhook_id TEXT NOT NULL, event TEXT NOT NULL, incident_id TEXT NOT NULL, body TEXT NOT NULL,
        status TEXT NOT NULL, attempts INTEGER NOT NULL, last_error TEXT,
        created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL
      );
      CREATE INDEX notifications_status ON notifications (status);`,
  },
];

interface Row {
  id: number; webhook_id: string; event: string; incident_id: string; body: string; status: DeliveryStatus;
  attempts: number; last_error: string | null; created_at_ms: number; updated_at_ms: number;
}

const fromRow = (r: Row): Delivery => ({
  id: r.id, webhookId: r.webhook_id, event: r.event, incidentId: r.incident_id, body: JSON.parse(r.body) as Record<string, unknown>,
  status: r.status, attempts: r.attempts, lastError: r.last_error, createdAtMs: r.created_at_ms, updatedAtMs: r.updated_at_ms,
});

export class SqliteDeliveryStore implements DeliveryStore {
  private readonly sql: { insert: Statement; attempt: Statement; get: Statement };

  constructor(private readonly db: Db) {
    migrate(db, DELIVERY_MIGRATIONS);
    this.sql = {
      insert: db.prepare("INSERT INTO notifications (webhook_id, event, incident_id, body, status, attempts, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)"),
      attempt: db.prepare("UPDATE notifications SET status = ?, attempts = attempts + 1, last_error = ?, updated_at_ms = ? WHERE id = ?"),
      get: db.prepare("SELECT * FROM notifications WHERE id = ?"),
    };
  }

  add(d: Pick<Delivery, "webhookId" | "event" | "incidentId" | "body">, atMs: number): Delivery {
    const id = Number(this.sql.insert.run(d.webhookId, d.event, d.incidentId, JSON.stringify(d.body), atMs, atMs).lastInsertRowid);
    return this.get(id) as Delivery;
  }

  attempted(id: number, outcome: { status: DeliveryStatus; error: string | null }, atMs: number): void {
    this.sql.attempt.run(outcome.status, outcome.error, atMs, id);
  }

  get(id: number): Delivery | undefined {
    const row = this.sql.get.get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  list(query: { status?: DeliveryStatus; incidentId?: string } = {}): Delivery[] {
    const filters: [string, string | undefined][] = [["status = ?", query.status], ["incident_id = ?", query.incidentId]];
    const used = filters.filter((f): f is [string, string] => f[1] !== undefined);
    const where = used.map(([clause]) => clause);
    const args = used.map(([, value]) => value);
    return (this.db.prepare(`SELECT * FROM notifications${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY id`).all(...args) as Row[]).map(fromRow);
  }
}
