/**
 * Board accounts: who may sign in, with which role, and the scope that limits
 * what they see (units of the deployment, optionally a list of points).
 * What each role may do is decided in one place: server/access-policy.ts.
 */
export const ROLES = ["admin", "organiser", "police", "enforcement", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/** Shortest password accepted, for every account (admin included). */
export const MIN_PASSWORD_LENGTH = 12;

export interface User {
  id: number;
  username: string;
  role: Role;
  /** Unit ids of the deployment's `units` the user belongs to. */
  units: string[];
  /** Point ids the user is limited to; empty = not limited. */
  points: string[];
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What the access policy needs to know about a user. */
export type Principal = Pick<User, "id" | "username" | "role" | "units" | "points">;

export interface NewUser {
  username: string;
  role: Role;
  units?: string[];
  points?: string[];
  password: string;
}

export interface UserChange {
  role?: Role;
  units?: string[];
  points?: string[];
  disabled?: boolean;
}
