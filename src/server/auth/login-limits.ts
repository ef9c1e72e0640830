/**
 * Login rate limits (express-rate-limit): failed attempts are counted per
 * client address and per user name, so neither one address guessing many
 * names nor many addresses guessing one name gets far. A successful login
 * does not count. Over the limit: 429 KERB_ERR_RATE_LIMITED.
 */
import type { RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";
import type { LoginLimits } from "../context.js";
import { errorBody } from "../http-errors.js";

export function loginLimiters(limits: LoginLimits): RequestHandler[] {
  const common = {
    windowMs: limits.windowMs,
    skipSuccessfulRequests: true,
    standardHeaders: "draft-8" as const,
    legacyHeaders: false,
    handler: ((_req, res) => {
      res.status(429).json(errorBody("KERB_ERR_RATE_LIMITED", "too many failed logins: wait a few minutes and try again"));
    }) satisfies RequestHandler,
  };
  const perIp = rateLimit({ ...common, limit: limits.perIp, identifier: "login-ip" });
  const perUser = rateLimit({
    ...common,
    limit: limits.perUser,
    identifier: "login-user",
    keyGenerator: (req) => `user:${String((req.body as { username?: unknown } | undefined)?.username ?? "").toLowerCase().slice(0, 64)}`,
  });
  return [perIp, perUser];
}
