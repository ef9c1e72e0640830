/**
 * Account management shared by the CLI (`kerbside user …`) and the API
 * (/api/users): validates against the deployment, stores, records the audit
 * trail, and ends a user's sessions when they are disabled, change role or
 * scope, or get a new password. Listeners (the socket hub) hear about ended
 * sessions at once so they can cut that user's sockets.
 */
import type { Deployment } from "../config/schema.js";
import { KerbsideError } from "../errors.js";
import type { AuditTrail } from "./audit-trail.js";
import { decoyHash, verifyPassword } from "./password.js";
import type { SessionStore } from "./session-store.js";
import { checkPassword, checkRole, checkScope, checkUsername } from "./user-rules.js";
import type { UserStore } from "./user-store.js";
import type { NewUser, User, UserChange } from "./types.js";

/** Who is making a change, for the audit trail. */
export interface Actor {
  username: string | null;
  ip?: string | null;
}

export type SessionsEndedListener = (userId: number) => void;

export class Accounts {
  private readonly ended = new Set<SessionsEndedListener>();

  constructor(
    readonly users: UserStore,
    readonly sessions: SessionStore,
    readonly audit: AuditTrail,
    private readonly deployment: Pick<Deployment, "units" | "points">,
  ) {}

  /** Subscribes to "this user's sessions were all ended"; returns the unsubscribe function. */
  onSessionsEnded(listener: SessionsEndedListener): () => void {
    this.ended.add(listener);
    return () => this.ended.delete(listener);
  }

  async add(user: NewUser, actor: Actor): Promise<User> {
    checkUsername(user.username);
    const role = checkRole(user.role);
    checkPassword(user.password);
    checkScope(this.deployment, role, user.units ?? [], user.points ?? []);
    const added = await this.users.add({ ...user, role });
    this.audit.record({ actor: actor.username, ip: actor.ip, action: "user.add", target: `user:${added.username}`, detail: { role, units: added.units, points: added.points } });
    return added;
  }

  /** Changes role, scope or disabled; any change ends the user's sessions (their rights changed). */
  update(username: string, change: UserChange, actor: Actor): User {
    const user = this.users.mustGetByName(username);
    const role = change.role === undefined ? user.role : checkRole(change.role);
    checkScope(this.deployment, role, change.units ?? user.units, change.points ?? user.points);
    const updated = this.users.update(user.id, { ...change, role });
    const action = change.disabled === true ? "user.disable" : change.disabled === false ? "user.enable" : "user.update";
    this.audit.record({ actor: actor.username, ip: actor.ip, action, target: `user:${user.username}`, detail: { ...change } });
    this.endSessions(user.id);
    return updated;
  }

  disable(username: string, actor: Actor): User {
    return this.update(username, { disabled: true }, actor);
  }

  async setPassword(username: string, password: string, actor: Actor): Promise<User> {
    checkPassword(password);
    const user = await this.users.setPassword(this.users.mustGetByName(username).id, password);
    this.audit.record({ actor: actor.username, ip: actor.ip, action: "user.passwd", target: `user:${user.username}` });
    this.endSessions(user.id);
    return user;
  }

  /** Checks credentials (same work for unknown names); records login / login.failed. */
  async login(username: string, password: string, ip: string | undefined): Promise<{ user: User; token: string }> {
    const found = this.users.passwordHash(username);
    const ok = await verifyPassword(password, found?.hash ?? (await decoyHash()));
    if (!found || !ok || found.user.disabled) {
      const reason = !found ? "unknown user" : !ok ? "wrong password" : "disabled";
      this.audit.record({ actor: found?.user.username ?? null, ip, action: "login.failed", target: `user:${username.slice(0, 64)}`, detail: { reason } });
      throw new KerbsideError("KERB_ERR_LOGIN", "wrong user name or password");
    }
    const { token } = this.sessions.create(found.user.id, ip);
    this.audit.record({ actor: found.user.username, ip, action: "login", target: `user:${found.user.username}` });
    return { user: found.user, token };
  }

  logout(token: string, user: User, ip: string | undefined): void {
    this.sessions.end(token);
    this.audit.record({ actor: user.username, ip, action: "logout", target: `user:${user.username}` });
  }

  private endSessions(userId: number): void {
    this.sessions.endForUser(userId);
    for (const listener of this.ended) listener(userId);
  }
}
