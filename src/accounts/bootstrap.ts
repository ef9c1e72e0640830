/**
 * Accounts a deployment starts with. The first start with no users creates
 * `admin` with a random password (or KERBSIDE_ADMIN_PASSWORD), returned once
 * for printing. With `board.demoAccounts: true` (demo configs only) one
 * account per role is created too, each with a random password printed at
 * every start (they are reset, since nobody could know the old ones).
 */
import type { Deployment } from "../config/schema.js";
import type { Accounts } from "./accounts.js";
import { randomPassword } from "./password.js";
import type { Role } from "./types.js";

export interface CreatedAccount {
  username: string;
  role: Role;
  password: string;
  units: string[];
}

const SYSTEM = { username: null, ip: null };

export async function ensureFirstAdmin(accounts: Accounts, env: NodeJS.ProcessEnv = process.env): Promise<CreatedAccount | undefined> {
  if (accounts.users.count() > 0) return undefined;
  const password = env.KERBSIDE_ADMIN_PASSWORD || randomPassword();
  await accounts.add({ username: "admin", role: "admin", password }, SYSTEM);
  return { username: "admin", role: "admin", password: env.KERBSIDE_ADMIN_PASSWORD ? "(KERBSIDE_ADMIN_PASSWORD)" : password, units: [] };
}

/** One demo account per role, scoped to the units the demo config names for it. */
export async function ensureDemoAccounts(accounts: Accounts, deployment: Pick<Deployment, "units">): Promise<CreatedAccount[]> {
  const unit = (pattern: RegExp): string[] => deployment.units.filter((u) => pattern.test(`${u.id} ${u.name}`)).map((u) => u.id).slice(0, 1);
  const all = deployment.units.map((u) => u.id);
  const wanted: { username: string; role: Role; units: string[] }[] = [
    { username: "demo-admin", role: "admin", units: [] },
    { username: "demo-organiser", role: "organiser", units: all },
    { username: "demo-police", role: "police", units: unit(/traffic|police|交警/i) },
    { username: "demo-enforcement", role: "enforcement", units: unit(/urban|chengguan|城管|综合执法/i) },
    { username: "demo-viewer", role: "viewer", units: all },
  ];
  const created: CreatedAccount[] = [];
  for (const account of wanted) {
    if (account.units.length === 0 && (account.role === "police" || account.role === "enforcement")) continue;
    const password = randomPassword();
    if (accounts.users.byName(account.username)) await accounts.setPassword(account.username, password, SYSTEM);
    else await accounts.add({ ...account, password }, SYSTEM);
    created.push({ ...account, password });
  }
  return created;
}
