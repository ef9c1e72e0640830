/**
 * Login sessions: a random 256-bit token goes to the browser (cookie); only
 * its SHA-256 is stored, so a copy of the database cannot be replayed. A
 * session ends after `idleMs` without use or `maxMs` after login, on logout,
 * and when its user is disabled or changes role (endForUser).
 */
import { createHash, randomBytes } from "node:crypto";
import { migrate, type Db } from "../store/database.js";

export const SESSION_MIGRATIONS = [
  {
    id: "sessions-001",
    sql: `
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_ms INTEGER NOT NULL,
        last_seen_ms INTEGER NOT NULL,
        ip TEXT
      );
      CREATE INDEX sessions_user ON sessions (user_id);`,
  },
];

export interface Session {
  /** Stable id for logs and socket bookkeeping (the token hash's first 16 hex digits). */
  id: string;
  userId: number;
  createdMs: number;
  lastSeenMs: number;
}

export interface SessionLimits {
  idleMs: number;
  maxMs: number;
}

interface SessionRow {
  token_hash: string;
  user_id: number;
  created_ms: number;
  last_seen_ms: number;
}

/** Writes last_seen at most this often per session. */
const TOUCH_EVERY_MS = 60_000;

export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly limits: SessionLimits,
    private readonly now: () => number = Date.now,
  ) {
    migrate(db, SESSION_MIGRATIONS);
  }

  /** Starts a session; returns the token for the cookie (never stored). */
  create(userId: number, ip: string | undefined): { token: string; session: Session } {
    const token = randomBytes(32).toString("base64url");
    const nowMs = this.now();
    this.db.prepare("INSERT INTO sessions (token_hash, user_id, created_ms, last_seen_ms, ip) VALUES (?, ?, ?, ?, ?)").run(hashToken(token), userId, nowMs, nowMs, ip ?? null);
    return { token, session: { id: hashToken(token).slice(0, 16), userId, createdMs: nowMs, lastSeenMs: nowMs } };
  }

  /** The live session a token belongs to (touching it), or undefined when unknown or expired (then deleted). */
  resolve(token: string, { touch = true } = {}): Session | undefined {
    const hash = hashToken(token);
    const row = this.db.prepare("SELECT * FROM sessions WHERE token_hash = ?").get(hash) as SessionRow | undefined;
    if (!row) return undefined;
    const nowMs = this.now();
    if (nowMs - row.last_seen_ms > this.limits.idleMs || nowMs - row.created_ms > this.limits.maxMs) {
      this.db.prepare("DELETE FROM sessions WHERE token_hash = ?").run(hash);
      return undefined;
    }
    if (touch && nowMs - row.last_seen_ms > TOUCH_EVERY_MS) {
      this.db.prepare("UPDATE sessions SET last_seen_ms = ? WHERE token_hash = ?").run(nowMs, hash);
      row.last_seen_ms = nowMs;
    }
    return { id: hash.slice(0, 16), userId: row.user_id, createdMs: row.created_ms, lastSeenMs: row.last_seen_ms };
  }

  end(token: string): void {
    this.db.prepare("DELETE FROM sessions WHERE token_hash = ?").run(hashToken(token));
  }

  /** Ends every session of a user; returns how many there were. */
  endForUser(userId: number): number {
    return this.db.prepare("DELETE FROM sessions WHERE user_id = ?").run(userId).changes;
  }

  /** Deletes expired sessions (called now and then). */
  prune(): number {
    const nowMs = this.now();
    return this.db.prepare("DELETE FROM sessions WHERE last_seen_ms < ? OR created_ms < ?").run(nowMs - this.limits.idleMs, nowMs - this.limits.maxMs).changes;
  }
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
