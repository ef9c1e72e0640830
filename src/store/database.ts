/**
 * Opens the project's SQLite file in WAL mode and applies each module's
 * migrations once. Modules own their tables (footage/segment-store.ts,
 * incidents/incident-store.ts, …) and register migrations by a unique id.
 */
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { KerbsideError, errorMessage } from "../errors.js";

export type Db = Database.Database;

export interface Migration {
  /** Unique and stable, e.g. "segments-001". Applied in the order given. */
  id: string;
  sql: string;
}

export function openDatabase(file: string): Db {
  try {
    if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    db.exec("CREATE TABLE IF NOT EXISTS migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
    return db;
  } catch (error) {
    throw new KerbsideError("KERB_ERR_STORE", `cannot open database ${file}: ${errorMessage(error)}`, { cause: error });
  }
}

export function migrate(db: Db, migrations: readonly Migration[]): void {
  const applied = new Set(
    db.prepare("SELECT id FROM migrations").all().map((row) => (row as { id: string }).id),
  );
  const record = db.prepare("INSERT INTO migrations (id, applied_at) VALUES (?, ?)");
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.id, new Date().toISOString());
    })();
  }
}
