/**
 * GET /api/points/:id/health?range=24h|30d: the point's online/offline
 * timeline, archive gaps, reconnects and last error, for the camera health
 * page. Scoped like the point itself: out of scope answers 404.
 */
import { z } from "zod";
import type { RouteModule } from "../api-builder.js";
import { notFound } from "../http-errors.js";
import { HEALTH_RANGES, HealthHistorySchema, healthHistory, type HealthRange } from "../views/health-history.js";
import { pointFor } from "../views/point-list.js";

export const register: RouteModule = (api) => {
  api.route({
    method: "get", path: "/api/points/:id/health", summary: "A point's camera health over the last 24 hours or 30 days", tags: ["points"],
    params: z.object({ id: z.string().min(1).max(64) }),
    query: z.object({ range: z.enum(Object.keys(HEALTH_RANGES) as [HealthRange, ...HealthRange[]]).default("24h") }),
    response: HealthHistorySchema,
    handler: ({ auth, ctx, params, query }) => {
      if (!pointFor(ctx, auth.user, params.id)) throw notFound(`point ${params.id}`);
      const toMs = ctx.now();
      const fromMs = toMs - HEALTH_RANGES[query.range];
      const coverage = ctx.segments.coverage(params.id, fromMs, toMs);
      const outages = ctx.segments.outages(params.id, fromMs, toMs);
      return healthHistory(params.id, coverage, outages, ctx.health(params.id), ctx.deployment.timezone);
    },
  });
};
