/**
 * GET /metrics (Prometheus text): from loopback, or with
 * `Authorization: Bearer <board.metricsToken>`. Anything else is refused.
 */
import { timingSafeEqual } from "node:crypto";
import type { Request } from "express";
import { KerbsideError } from "../../errors.js";
import type { RouteModule } from "../api-builder.js";

function isLoopback(address: string | undefined): boolean {
  return address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
}

function hasToken(req: Request, token: string | undefined): boolean {
  if (!token) return false;
  const given = Buffer.from(req.headers.authorization ?? "");
  const wanted = Buffer.from(`Bearer ${token}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export const register: RouteModule = (api) => {
  api.route({
    method: "get", path: "/metrics", summary: "Prometheus metrics (loopback or bearer token)", tags: ["ops"], auth: "public",
    rawResponses: { "200": { description: "Prometheus text format", content: { "text/plain": { schema: { type: "string" } } } }, "403": { description: "Not loopback and no valid token" } },
    handler: async ({ req, res, ctx }) => {
      // req.socket: the TCP peer, not X-Forwarded-For (a proxy on loopback must still send the token).
      if (!hasToken(req, ctx.deployment.board.metricsToken) && !(isLoopback(req.socket.remoteAddress) && !req.headers["x-forwarded-for"])) {
        throw new KerbsideError("KERB_ERR_FORBIDDEN", "metrics: only from loopback, or with the configured bearer token");
      }
      res.setHeader("Content-Type", ctx.metrics.registry.contentType);
      res.end(await ctx.metrics.registry.metrics());
    },
  });
};
