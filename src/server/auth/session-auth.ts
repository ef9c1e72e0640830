/**
 * Who is making a request: the session cookie (HttpOnly, SameSite=Strict,
 * Secure behind https) resolved to a live session and an enabled user. The
 * same lookup serves HTTP requests and socket handshakes, so both are
 * authenticated identically.
 */
import { parse as parseCookies, serialize } from "cookie";
import type { Request, RequestHandler } from "express";
import type { Session } from "../../accounts/session-store.js";
import type { User } from "../../accounts/types.js";
import { KerbsideError } from "../../errors.js";
import type { BoardContext } from "../context.js";
import { SESSION_COOKIE } from "../openapi.js";

export interface Auth {
  user: User;
  session: Session;
  token: string;
}

const byRequest = new WeakMap<Request, Auth>();

/** Resolves a Cookie header to a live session of an enabled user. */
export function authFromCookieHeader(ctx: Pick<BoardContext, "accounts">, header: string | undefined): Auth | undefined {
  if (!header) return undefined;
  const token = parseCookies(header)[SESSION_COOKIE];
  if (!token) return undefined;
  const session = ctx.accounts.sessions.resolve(token);
  if (!session) return undefined;
  const user = ctx.accounts.users.get(session.userId);
  if (!user || user.disabled) {
    ctx.accounts.sessions.end(token);
    return undefined;
  }
  return { user, session, token };
}

/** Attaches the session (if any) to the request; never refuses by itself. */
export function readSession(ctx: BoardContext): RequestHandler {
  return (req, _res, next) => {
    const auth = authFromCookieHeader(ctx, req.headers.cookie);
    if (auth) byRequest.set(req, auth);
    next();
  };
}

export function authOf(req: Request): Auth | undefined {
  return byRequest.get(req);
}

/** The signed-in user, or KERB_ERR_AUTH. */
export function requireAuth(req: Request): Auth {
  const auth = byRequest.get(req);
  if (!auth) throw new KerbsideError("KERB_ERR_AUTH", "sign in first (POST /api/login)");
  return auth;
}

export function sessionCookie(token: string, options: { secure: boolean; maxAgeSec: number }): string {
  return serialize(SESSION_COOKIE, token, { httpOnly: true, sameSite: "strict", secure: options.secure, path: "/", maxAge: options.maxAgeSec });
}

export function clearedSessionCookie(secure: boolean): string {
  return serialize(SESSION_COOKIE, "", { httpOnly: true, sameSite: "strict", secure, path: "/", maxAge: 0 });
}

export function isHttps(ctx: Pick<BoardContext, "deployment">): boolean {
  return ctx.deployment.board.publicUrl?.startsWith("https:") ?? false;
}
