/**
 * Sign-in: POST /api/login sets the session cookie, POST /api/logout ends
 * the session, GET /api/me says who is signed in, their scope, and what the
 * deployment looks like (name, time zone, units) for the board's header.
 * Login is rate-limited (auth/login-limits.ts, mounted in app.ts).
 */
import { z } from "zod";
import { ROLES, type User } from "../../accounts/types.js";
import { POINT_CATEGORIES } from "../../config/schema.js";
import type { RouteModule } from "../api-builder.js";
import { canManageUsers, canReadAuditTrail, canReadDailyReports, canUseOrganiserPages } from "../access-policy.js";
import { clearedSessionCookie, isHttps, sessionCookie } from "../auth/session-auth.js";
import type { BoardContext } from "../context.js";

export const MeSchema = z
  .object({
    user: z.object({ id: z.number().int(), username: z.string(), role: z.enum(ROLES), units: z.array(z.string()), points: z.array(z.string()) }),
    can: z.object({ manageUsers: z.boolean(), readAuditTrail: z.boolean(), organiserPages: z.boolean(), dailyReports: z.boolean() }),
    deployment: z.object({
      name: z.string(),
      timezone: z.string(),
      units: z.array(z.object({ id: z.string(), name: z.string(), nameEn: z.string().nullable() })),
      categories: z.array(z.enum(POINT_CATEGORIES)),
    }),
  })
  .meta({ id: "Me" });

const LoginSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) }).meta({ id: "Login" });

export function meView(user: User, ctx: BoardContext): z.input<typeof MeSchema> {
  const { deployment } = ctx;
  return {
    user: { id: user.id, username: user.username, role: user.role, units: user.units, points: user.points },
    can: { manageUsers: canManageUsers(user), readAuditTrail: canReadAuditTrail(user), organiserPages: canUseOrganiserPages(user), dailyReports: canReadDailyReports(user) },
    deployment: {
      name: deployment.name,
      timezone: deployment.timezone,
      units: deployment.units.map((u) => ({ id: u.id, name: u.name, nameEn: u.name_en ?? null })),
      categories: [...POINT_CATEGORIES],
    },
  };
}

export const register: RouteModule = (api) => {
  api.route({
    method: "post", path: "/api/login", summary: "Sign in; sets the HttpOnly session cookie", tags: ["auth"], auth: "public",
    body: LoginSchema, response: MeSchema,
    rawResponses: { "401": { description: "Wrong user name or password (KERB_ERR_LOGIN)" }, "429": { description: "Too many failed logins (KERB_ERR_RATE_LIMITED)" } },
    handler: async ({ body, req, res, ctx }) => {
      const { user, token } = await ctx.accounts.login(body.username, body.password, req.ip);
      res.setHeader("Set-Cookie", sessionCookie(token, { secure: isHttps(ctx), maxAgeSec: ctx.deployment.board.sessionMaxHours * 3600 }));
      return meView(user, ctx);
    },
  });
  api.route({
    method: "post", path: "/api/logout", summary: "Sign out: ends this session", tags: ["auth"],
    response: z.object({ ok: z.literal(true) }),
    handler: ({ auth, req, res, ctx }) => {
      ctx.accounts.logout(auth.token, auth.user, req.ip);
      res.setHeader("Set-Cookie", clearedSessionCookie(isHttps(ctx)));
      return { ok: true as const };
    },
  });
  api.route({
    method: "get", path: "/api/me", summary: "The signed-in user, their scope and the deployment", tags: ["auth"],
    response: MeSchema,
    handler: ({ auth, ctx }) => meView(auth.user, ctx),
  });
};
