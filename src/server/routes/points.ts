/**
 * Points: GET /api/points (those in the user's scope), GET /api/points/:id,
 * GET /api/points/:id/frame.jpg (its latest frame). A point outside the
 * user's scope answers exactly like one that does not exist (404).
 */
import { z } from "zod";
import type { RouteModule } from "../api-builder.js";
import { notFound } from "../http-errors.js";
import { PointViewSchema } from "../views/point-view.js";
import { pointFor, pointsFor } from "../views/point-list.js";

const PointParams = z.object({ id: z.string().min(1).max(64) });

export const register: RouteModule = (api) => {
  api.route({
    method: "get", path: "/api/points", summary: "The points the user may see, with status, health and open incidents", tags: ["points"],
    response: z.object({ points: z.array(PointViewSchema) }),
    handler: ({ auth, ctx }) => ({ points: pointsFor(ctx, auth.user) }),
  });
  api.route({
    method: "get", path: "/api/points/:id", summary: "One point", tags: ["points"],
    params: PointParams, response: PointViewSchema,
    handler: ({ auth, ctx, params }) => {
      const point = pointFor(ctx, auth.user, params.id);
      if (!point) throw notFound(`point ${params.id}`);
      return point;
    },
  });
  api.route({
    method: "get", path: "/api/points/:id/frame.jpg", summary: "The point's latest frame (JPEG)", tags: ["points"],
    params: PointParams,
    rawResponses: { "200": { description: "JPEG", content: { "image/jpeg": { schema: { type: "string", format: "binary" } } } }, "404": { description: "No such point in scope, or no frame yet" } },
    handler: async ({ auth, ctx, params, res }) => {
      if (!pointFor(ctx, auth.user, params.id)) throw notFound(`point ${params.id}`);
      const frame = await ctx.frames.latest(params.id);
      if (!frame) throw notFound(`a frame of point ${params.id}`);
      res.setHeader("Content-Type", "image/jpeg");
      res.setHeader("Cache-Control", "private, no-cache");
      res.setHeader("X-Frame-Time", new Date(frame.atMs).toISOString());
      res.end(frame.jpeg);
    },
  });
};
