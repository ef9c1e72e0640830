/**
 * What makes an account valid for a deployment: a known role, units and
 * points that exist in the config, police and enforcement users in at least
 * one unit (their scope is their units), a name of letters, digits, . _ - and
 * a long enough password. Each problem is a KERB_ERR_USER naming the field.
 */
import type { Deployment } from "../config/schema.js";
import { KerbsideError } from "../errors.js";
import { MIN_PASSWORD_LENGTH, ROLES, type Role } from "./types.js";

export function checkUsername(username: string): void {
  if (!/^[A-Za-z0-9._-]{2,64}$/.test(username)) {
    throw new KerbsideError("KERB_ERR_USER", `user name "${username}": expected 2–64 letters, digits, ".", "_" or "-"`);
  }
}

export function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) throw new KerbsideError("KERB_ERR_USER", `role "${role}": expected one of ${ROLES.join(", ")}`);
  return role as Role;
}

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new KerbsideError("KERB_ERR_USER", `password: at least ${MIN_PASSWORD_LENGTH} characters needed`);
  }
}

export function checkScope(deployment: Pick<Deployment, "units" | "points">, role: Role, units: readonly string[], points: readonly string[]): void {
  const unitIds = new Set(deployment.units.map((u) => u.id));
  const pointIds = new Set(deployment.points.map((p) => p.id));
  for (const unit of units) {
    if (!unitIds.has(unit)) throw new KerbsideError("KERB_ERR_USER", `unit "${unit}" is not in the config's units (${[...unitIds].join(", ") || "none"})`);
  }
  for (const point of points) {
    if (!pointIds.has(point)) throw new KerbsideError("KERB_ERR_USER", `point "${point}" is not in the config`);
  }
  if ((role === "police" || role === "enforcement") && units.length === 0) {
    throw new KerbsideError("KERB_ERR_USER", `a ${role} user needs at least one unit (--unit ID): their scope is their units' incidents`);
  }
}
