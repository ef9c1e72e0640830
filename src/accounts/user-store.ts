/**
 * Board accounts in the deployment database (`users` table). Passwords are
 * stored only as scrypt hashes (password.ts). Names are case-insensitive
 * and unique. Scope rules (which units/points exist, what a role needs) are
 * checked before calling in (user-rules.ts).
 */
import { KerbsideError } from "../errors.js";
import { migrate, type Db } from "../store/database.js";
import { hashPassword } from "./password.js";
import type { NewUser, Role, User, UserChange } from "./types.js";

export const USER_MIGRATIONS = [
  {
    id: "users-001",
    sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role TEXT NOT NULL,
        units TEXT NOT NULL,
        points TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );`,
  },
];

interface UserRow {
  id: number;
  username: string;
  role: Role;
  units: string;
  points: string;
  password_hash: string;
  disabled: number;
  created_at: string;
  updated_at: string;
}

export class UserStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {
    migrate(db, USER_MIGRATIONS);
  }

  count(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM users").get() as { n: number }).n;
  }

  async add(user: NewUser): Promise<User> {
    const hash = await hashPassword(user.password);
    if (this.byName(user.username)) throw new KerbsideError("KERB_ERR_USER", `user ${user.username} already exists`);
    const stamp = this.now().toISOString();
    const result = this.db
      .prepare("INSERT INTO users (username, role, units, points, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(user.username, user.role, JSON.stringify(user.units ?? []), JSON.stringify(user.points ?? []), hash, stamp, stamp);
    return this.mustGet(Number(result.lastInsertRowid));
  }

  get(id: number): User | undefined {
    const row = this.db.prepare("SELECT * FROM users WHERE id = ?").get(id) as UserRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  byName(username: string): User | undefined {
    const row = this.rowByName(username);
    return row ? fromRow(row) : undefined;
  }

  /** The stored hash, for verifying a login; undefined for an unknown name. */
  passwordHash(username: string): { user: User; hash: string } | undefined {
    const row = this.rowByName(username);
    return row ? { user: fromRow(row), hash: row.password_hash } : undefined;
  }

  list(): User[] {
    return (this.db.prepare("SELECT * FROM users ORDER BY username").all() as UserRow[]).map(fromRow);
  }

  update(id: number, change: UserChange): User {
    const user = this.mustGet(id);
    const next = { ...user, ...change };
    this.db
      .prepare("UPDATE users SET role = ?, units = ?, points = ?, disabled = ?, updated_at = ? WHERE id = ?")
      .run(next.role, JSON.stringify(next.units), JSON.stringify(next.points), next.disabled ? 1 : 0, this.now().toISOString(), id);
    return this.mustGet(id);
  }

  async setPassword(id: number, password: string): Promise<User> {
    this.mustGet(id);
    const hash = await hashPassword(password);
    this.db.prepare("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?").run(hash, this.now().toISOString(), id);
    return this.mustGet(id);
  }

  mustGet(id: number): User {
    const user = this.get(id);
    if (!user) throw new KerbsideError("KERB_ERR_USER", `no user with id ${id}`);
    return user;
  }

  mustGetByName(username: string): User {
    const user = this.byName(username);
    if (!user) throw new KerbsideError("KERB_ERR_USER", `no user named ${username}`);
    return user;
  }

  private rowByName(username: string): UserRow | undefined {
    return this.db.prepare("SELECT * FROM users WHERE username = ?").get(username) as UserRow | undefined;
  }
}

function fromRow(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    units: JSON.parse(row.units) as string[],
    points: JSON.parse(row.points) as string[],
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
