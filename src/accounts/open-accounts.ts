/** Accounts on a database connection, with the deployment's session limits (board server and `kerbside user`). */
import type { Deployment } from "../config/schema.js";
import type { Db } from "../store/database.js";
import { Accounts } from "./accounts.js";
import { AuditTrail } from "./audit-trail.js";
import { SessionStore } from "./session-store.js";
import { UserStore } from "./user-store.js";

export function openAccounts(db: Db, deployment: Deployment): Accounts {
  const limits = { idleMs: deployment.board.sessionIdleMin * 60_000, maxMs: deployment.board.sessionMaxHours * 3_600_000 };
  return new Accounts(new UserStore(db), new SessionStore(db, limits), new AuditTrail(db), deployment);
}
