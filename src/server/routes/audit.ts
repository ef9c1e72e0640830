/**
 * The organisers' pre-audit (organisers and admins only; a user limited to
 * points sees only those): GET /api/audit/points, /heatmap, /slots, /mock —
 * the figures of `kerbside audit` — GET /api/audit/footage/:point/:name to
 * play a mock clip's footage, and on-demand pre-audit scans through the job
 * queue: POST/GET /api/audit/jobs, GET/DELETE /api/audit/jobs/:id. Job
 * progress is pushed on the socket as `audit.job` to organisers and admins.
 */
import type { Response } from "express";
import { z } from "zod";
import path from "node:path";
import { auditJson, mockJson, slotJson } from "../../audit/audit-json.js";
import { heatmap } from "../../audit/heatmap.js";
import { KerbsideError } from "../../errors.js";
import { FOOTAGE_PREVIEW_MAX_SEC, FootagePreviews, footagePreviewDir } from "../../footage/footage-preview.js";
import type { Segment } from "../../footage/types.js";
import type { QueueRequest } from "../../queue/types.js";
import type { RouteModule } from "../api-builder.js";
import type { BoardContext } from "../context.js";
import { notFound } from "../http-errors.js";
import { AuditPointSchema, AuditSlotSchema, AuditWindowSchema, HeatmapSchema, MockInspectionSchema, QueueRequestSchema } from "../views/audit-schemas.js";
import { auditFor, requireOrganiser, scopedPointIds } from "../views/audit-view.js";
import type { Principal } from "../../accounts/types.js";

const isoTime = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));
const list = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : v.split(",")).map((s) => s.trim()).filter(Boolean));

export const AuditQuerySchema = z
  .object({
    point: list.optional().meta({ description: "Point ids (a,b or repeated); default every point in scope" }),
    from: isoTime.optional().meta({ description: "Window start, ISO time with offset (with `to`)" }),
    to: isoTime.optional().meta({ description: "Window end, exclusive" }),
    windowDays: z.coerce.number().int().min(1).max(365).optional().meta({ description: "Else: the last N days (default retentionDays)" }),
    clipMin: z.coerce.number().min(0.1).max(1440).default(10).meta({ description: "Inspection clip length, minutes" }),
    seed: z.coerce.number().int().min(0).max(2 ** 32 - 1).default(1).meta({ description: "Mock inspection draw" }),
    limit: z.coerce.number().int().min(1).max(5000).default(50).meta({ description: "Slots returned (highest pAny first)" }),
  })
  .refine((q) => (q.from === undefined) === (q.to === undefined), "from and to go together")
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, "from must be before to");

const JobBodySchema = z.strictObject({
  points: z.array(z.string().min(1).max(64)).min(1).max(500),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ description: "First local day" }),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ description: "Last local day, inclusive" }),
});
const JobParams = z.object({ id: z.string().min(1).max(100) });
const FootageParams = z.object({ point: z.string().min(1).max(64), name: z.string().min(1).max(255) });

/** A footage file of a point in the user's scope, looked up in the index by name, never joined onto a path. */
function footageSegment(ctx: BoardContext, user: Principal, params: z.output<typeof FootageParams>): Segment {
  requireOrganiser(user);
  const [pointId] = scopedPointIds(ctx, user, [params.point]);
  const segment = ctx.segments.list({ pointId }).find((s) => path.basename(s.path) === params.name);
  if (!segment) throw notFound(`footage ${params.name} of point ${params.point}`);
  return segment;
}

function sendFile(res: Response, file: string, missing: () => Error): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    res.sendFile(file, { headers: { "Cache-Control": "private, max-age=3600" }, acceptRanges: true, dotfiles: "allow" }, (error) => {
      if (error && !res.headersSent) reject(missing());
      else resolve();
    });
  });
}

function auditQuery(q: z.output<typeof AuditQuerySchema>) {
  return { points: q.point, from: q.from, to: q.to, windowDays: q.windowDays, clipMin: q.clipMin, seed: q.seed };
}

function queueOf(ctx: BoardContext) {
  if (!ctx.jobs) throw new KerbsideError("KERB_ERR_AUDIT", "no pre-audit job queue runs in this board (start it with kerbside run)");
  return ctx.jobs;
}

/** A request the user may see: all its points in their scope. */
function visibleRequest(ctx: BoardContext, user: Principal, request: QueueRequest | undefined, id: string): QueueRequest {
  const visible = new Set(scopedPointIds(ctx, user));
  if (!request || !request.pointIds.every((p) => visible.has(p))) throw notFound(`pre-audit request ${id}`);
  return request;
}

export const register: RouteModule = (api) => {
  const { ctx } = api;
  ctx.jobs?.subscribe((event) => ctx.push.publish("audit.job", { kind: event.kind, job: event.job }, { organiserPagesOf: event.job.pointId }));
  const names = (): Map<string, string> => new Map(ctx.deployment.points.map((p) => [p.id, p.name]));

  api.route({
    method: "get", path: "/api/audit/points", summary: "Per point: pViolation, pNoFootage, pUnscanned, pAny of a random inspection clip, minutes, trend; ranked by pAny", tags: ["audit"],
    query: AuditQuerySchema,
    response: z.object({ window: AuditWindowSchema, clipMin: z.number(), points: z.array(AuditPointSchema) }),
    handler: async ({ auth, ctx, query }) => {
      const doc = auditJson(await auditFor(ctx, auth.user, auditQuery(query)), ctx.deployment.timezone, names());
      return { window: doc.window, clipMin: doc.clipMin, points: doc.points };
    },
  });
  api.route({
    method: "get", path: "/api/audit/heatmap", summary: "Day × hour minutes of violation, footage gaps and unscanned footage per point (deployment time zone)", tags: ["audit"],
    query: AuditQuerySchema,
    response: z.object({ window: AuditWindowSchema, points: z.array(HeatmapSchema) }),
    handler: async ({ auth, ctx, query }) => {
      const audit = await auditFor(ctx, auth.user, auditQuery(query));
      const tz = ctx.deployment.timezone;
      return { window: auditJson(audit, tz).window, points: audit.data.map((d) => heatmap(d, audit.window, tz)) };
    },
  });
  api.route({
    method: "get", path: "/api/audit/slots", summary: "County-wide ranking of time slots (point × weekday/weekend × 2 h) by pAny", tags: ["audit"],
    query: AuditQuerySchema,
    response: z.object({ window: AuditWindowSchema, slots: z.array(AuditSlotSchema) }),
    handler: async ({ auth, ctx, query }) => {
      const audit = await auditFor(ctx, auth.user, auditQuery(query));
      return { window: auditJson(audit, ctx.deployment.timezone).window, slots: audit.slots.slice(0, query.limit).map(slotJson) };
    },
  });
  api.route({
    method: "get", path: "/api/audit/mock", summary: "Mock inspection (模拟抽查): one seeded random clip per point, which show a problem, expected count Σ pAny ± sd", tags: ["audit"],
    query: AuditQuerySchema,
    response: MockInspectionSchema,
    handler: async ({ auth, ctx, query }) => mockJson((await auditFor(ctx, auth.user, auditQuery(query))).mock, ctx.deployment.timezone),
  });
  api.route({
    method: "get", path: "/api/audit/footage/:point/:name", summary: "A footage file of a point, by its name in the footage index (Range supported)", tags: ["audit"],
    params: FootageParams,
    rawResponses: { "200": { description: "The video file" }, "206": { description: "Partial content (Range)" }, "404": { description: "No such point in scope, or no such file" } },
    handler: async ({ auth, ctx, params, res }) => {
      const segment = footageSegment(ctx, auth.user, params);
      await sendFile(res, segment.path, () => notFound(`footage ${params.name} of point ${params.point}`));
    },
  });
  let previews: FootagePreviews | undefined;
  api.route({
    method: "get", path: "/api/audit/footage/:point/:name/preview", summary: "A part of a footage file as browser-playable H.264 MP4 (made on first request, cached a day; Range supported)", tags: ["audit"],
    params: FootageParams,
    query: z.object({
      start: z.coerce.number().min(0).max(86_400).default(0).meta({ description: "Seconds into the file" }),
      duration: z.coerce.number().positive().max(FOOTAGE_PREVIEW_MAX_SEC).meta({ description: "Seconds of footage" }),
    }),
    rawResponses: { "200": { description: "The MP4 preview" }, "206": { description: "Partial content (Range)" }, "404": { description: "No such point in scope, or no such file" } },
    handler: async ({ auth, ctx, params, query, res }) => {
      const segment = footageSegment(ctx, auth.user, params);
      previews ??= new FootagePreviews(footagePreviewDir(ctx.deployment));
      const file = await previews.get(segment.path, query.start, query.duration);
      await sendFile(res, file, () => notFound(`preview of footage ${params.name} of point ${params.point}`));
    },
  });
  api.route({
    method: "post", path: "/api/audit/jobs", summary: "Start an on-demand pre-audit: scan the points' footage, one job per point and local day", tags: ["audit"],
    body: JobBodySchema, status: 202, response: QueueRequestSchema,
    handler: async ({ auth, ctx, body }) => {
      requireOrganiser(auth.user);
      const points = scopedPointIds(ctx, auth.user, body.points);
      return queueOf(ctx).enqueue({ pointIds: points, from: body.from, to: body.to, requestedBy: auth.user.username });
    },
  });
  api.route({
    method: "get", path: "/api/audit/jobs", summary: "Pre-audit requests with their jobs and progress, newest first", tags: ["audit"],
    response: z.object({ requests: z.array(QueueRequestSchema) }),
    handler: async ({ auth, ctx }) => {
      requireOrganiser(auth.user);
      const visible = new Set(scopedPointIds(ctx, auth.user));
      const requests = ctx.jobs ? await ctx.jobs.list() : [];
      return { requests: requests.filter((r) => r.pointIds.every((p) => visible.has(p))) };
    },
  });
  api.route({
    method: "get", path: "/api/audit/jobs/:id", summary: "One pre-audit request", tags: ["audit"],
    params: JobParams, response: QueueRequestSchema,
    handler: async ({ auth, ctx, params }) => {
      requireOrganiser(auth.user);
      return visibleRequest(ctx, auth.user, await queueOf(ctx).get(params.id), params.id);
    },
  });
  api.route({
    method: "delete", path: "/api/audit/jobs/:id", summary: "Cancel a pre-audit request (running job stopped, queued ones dropped)", tags: ["audit"],
    params: JobParams, response: QueueRequestSchema,
    handler: async ({ auth, ctx, params }) => {
      requireOrganiser(auth.user);
      visibleRequest(ctx, auth.user, await queueOf(ctx).get(params.id), params.id);
      return queueOf(ctx).cancel(params.id);
    },
  });
};
