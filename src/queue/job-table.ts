/**
 * SQLite persistence of pre-audit requests and their jobs, so the in-process
 * queue survives a restart: what was queued or running starts again.
 */
import { randomUUID } from "node:crypto";
import { migrate, type Db, type Migration } from "../store/database.js";
import type { JobState, PreAuditRequest, QueueJob, QueueRequest } from "./types.js";

export const QUEUE_MIGRATIONS: readonly Migration[] = [
  {
    id: "queue-001",
    sql: `
      CREATE TABLE audit_requests (
        id TEXT PRIMARY KEY,
        point_ids TEXT NOT NULL,
        from_day TEXT NOT NULL,
        to_day TEXT NOT NULL,
        requested_by TEXT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE audit_jobs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        request_id TEXT NOT NULL REFERENCES audit_requests (id) ON DELETE CASCADE,
        point_id TEXT NOT NULL,
        day TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
        progress REAL NOT NULL DEFAULT 0,
        frames INTEGER NOT NULL DEFAULT 0,
        incidents INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX audit_jobs_state ON audit_jobs (state, seq);
      CREATE INDEX audit_jobs_request ON audit_jobs (request_id, seq);
    `,
  },
];

interface JobRow {
  id: string;
  request_id: string;
  point_id: string;
  day: string;
  state: JobState;
  progress: number;
  frames: number;
  incidents: number;
  error: string | null;
  attempts: number;
  created_at: string;
  updated_at: string;
}

interface RequestRow {
  id: string;
  point_ids: string;
  from_day: string;
  to_day: string;
  requested_by: string | null;
  created_at: string;
}

export class JobTable {
  constructor(private readonly db: Db) {
    migrate(db, QUEUE_MIGRATIONS);
  }

  insert(request: PreAuditRequest, jobs: readonly { pointId: string; day: string }[]): string {
    const id = `pa-${randomUUID()}`;
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare("INSERT INTO audit_requests (id, point_ids, from_day, to_day, requested_by, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .run(id, JSON.stringify([...new Set(request.pointIds)]), request.from, request.to, request.requestedBy ?? null, now);
      const add = this.db.prepare(
        "INSERT INTO audit_jobs (id, request_id, point_id, day, state, created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)",
      );
      for (const job of jobs) add.run(`${id}/${job.pointId}/${job.day}`, id, job.pointId, job.day, now, now);
    })();
    return id;
  }

  /** Jobs a crash or a close left running are queued again. */
  requeueRunning(): void {
    this.db.prepare("UPDATE audit_jobs SET state = 'queued', updated_at = ? WHERE state = 'running'").run(new Date().toISOString());
  }

  /** The oldest queued job, marked running (attempts + 1); undefined when none. */
  claimNext(): QueueJob | undefined {
    return this.db.transaction(() => {
      const row = this.db.prepare("SELECT * FROM audit_jobs WHERE state = 'queued' ORDER BY seq LIMIT 1").get() as JobRow | undefined;
      if (!row) return undefined;
      this.db.prepare("UPDATE audit_jobs SET state = 'running', attempts = attempts + 1, error = NULL, updated_at = ? WHERE id = ?").run(new Date().toISOString(), row.id);
      return this.job(row.id);
    })();
  }

  update(id: string, fields: Partial<Pick<QueueJob, "state" | "progress" | "frames" | "incidents" | "error">>): QueueJob | undefined {
    const current = this.job(id);
    if (!current) return undefined;
    const next = { ...current, ...fields };
    this.db
      .prepare("UPDATE audit_jobs SET state = ?, progress = ?, frames = ?, incidents = ?, error = ?, updated_at = ? WHERE id = ?")
      .run(next.state, next.progress, next.frames, next.incidents, next.error, new Date().toISOString(), id);
    return this.job(id);
  }

  /** Queued jobs of the request become cancelled; returns them. */
  cancelQueued(requestId: string): QueueJob[] {
    const ids = (this.db.prepare("SELECT id FROM audit_jobs WHERE request_id = ? AND state = 'queued'").all(requestId) as { id: string }[]).map((r) => r.id);
    return ids.flatMap((id) => this.update(id, { state: "cancelled" }) ?? []);
  }

  job(id: string): QueueJob | undefined {
    const row = this.db.prepare("SELECT * FROM audit_jobs WHERE id = ?").get(id) as JobRow | undefined;
    return row && jobFromRow(row);
  }

  pending(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM audit_jobs WHERE state IN ('queued', 'running')").get() as { n: number }).n;
  }

  request(id: string): QueueRequest | undefined {
    const row = this.db.prepare("SELECT * FROM audit_requests WHERE id = ?").get(id) as RequestRow | undefined;
    return row && this.withJobs(row);
  }

  requests(limit: number): QueueRequest[] {
    const rows = this.db.prepare("SELECT * FROM audit_requests ORDER BY created_at DESC, rowid DESC LIMIT ?").all(limit) as RequestRow[];
    return rows.map((row) => this.withJobs(row));
  }

  private withJobs(row: RequestRow): QueueRequest {
    const jobs = (this.db.prepare("SELECT * FROM audit_jobs WHERE request_id = ? ORDER BY seq").all(row.id) as JobRow[]).map(jobFromRow);
    return {
      id: row.id,
      pointIds: JSON.parse(row.point_ids) as string[],
      from: row.from_day,
      to: row.to_day,
      requestedBy: row.requested_by,
      createdAt: row.created_at,
      state: requestState(jobs),
      progress: jobs.length === 0 ? 1 : jobs.reduce((sum, j) => sum + (j.state === "done" ? 1 : j.progress), 0) / jobs.length,
      jobs,
    };
  }
}

export function requestState(jobs: readonly Pick<QueueJob, "state">[]): JobState {
  if (jobs.some((j) => j.state === "queued" || j.state === "running")) return jobs.some((j) => j.state === "running") ? "running" : "queued";
  if (jobs.some((j) => j.state === "failed")) return "failed";
  if (jobs.some((j) => j.state === "cancelled")) return "cancelled";
  return "done";
}

function jobFromRow(row: JobRow): QueueJob {
  return {
    id: row.id,
    requestId: row.request_id,
    pointId: row.point_id,
    day: row.day,
    state: row.state,
    progress: row.progress,
    frames: row.frames,
    incidents: row.incidents,
    error: row.error,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
