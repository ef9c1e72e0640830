/**
 * The closed loop on the board: POST /api/incidents/:id/actions takes a case
 * action ({action, …, version}) and answers the updated case with the
 * actions this user may take next; POST /api/incidents/:id/photos uploads a
 * photo for `resolve` (JPEG/PNG, ≤ 5 MB, stored as hashed evidence). Scope
 * comes from the access policy (an incident the user may not see is a 404),
 * role permissions and state rules from workflow/ (coded refusals: 403
 * role, 409 state or version, 400 input). Each action is in the case history
 * and the audit trail, and reaches the board as "case.updated".
 */
import path from "node:path";
import type { Request } from "express";
import { z } from "zod";
import { KerbsideError, isKerbsideError } from "../../errors.js";
import type { Principal } from "../../accounts/types.js";
import type { Incident } from "../../incidents/types.js";
import { MAX_PHOTO_BYTES, PHOTO_CONTENT_TYPES, storeResolvePhoto } from "../../workflow/resolve-photo.js";
import { CANCEL_REASONS, type CaseAction } from "../../workflow/types.js";
import type { RouteModule } from "../api-builder.js";
import { canActOnIncident } from "../access-policy.js";
import { recordAudit } from "../audit.js";
import type { BoardContext } from "../context.js";
import { ErrorBodySchema, forbidden } from "../http-errors.js";
import { CaseViewSchema, caseView } from "../views/case-view.js";
import { evidenceName } from "../views/incident-view.js";
import { incidentFor } from "./incidents.js";

const note = z.string().max(2000).optional();
const text = z.string().trim().min(1).max(2000);
const version = z.number().int().min(0).optional().meta({ description: "The case version the user saw; a newer one answers 409 KERB_ERR_CASE_CONFLICT" });

export const CaseActionBodySchema = z
  .discriminatedUnion("action", [
    z.object({ action: z.literal("file"), note, version }),
    z.object({ action: z.literal("cancel"), reason: z.enum(CANCEL_REASONS), note, version }),
    z.object({
      action: z.literal("dispatch"), unit: z.string().min(1).max(100), assignee: z.string().max(100).optional(),
      deadline: z.iso.datetime({ offset: true }).optional().meta({ description: "Default: the rule's time limit in the working calendar" }), note, version,
    }),
    z.object({ action: z.literal("return"), reason: text, note, version }),
    z.object({ action: z.literal("resolve"), note: text, photo: z.string().max(200).optional().meta({ description: "Name returned by POST …/photos" }), version }),
    z.object({ action: z.literal("verify"), result: z.enum(["pass", "fail"]), note: text, version }),
    z.object({ action: z.literal("close"), note, version }),
    z.object({ action: z.literal("park"), explanation: text, version }),
    z.object({ action: z.literal("reopen"), note, version }),
  ])
  .meta({ id: "CaseActionRequest" });

type Body = z.output<typeof CaseActionBodySchema>;
const IdParams = z.object({ id: z.string().min(1).max(200) });
const PhotoSchema = z.object({ photo: z.string(), sha256: z.string(), bytes: z.number().int() }).meta({ id: "ResolvePhoto" });

function toAction(body: Body, ctx: BoardContext, incident: Incident): CaseAction {
  switch (body.action) {
    case "dispatch": {
      if (!ctx.deployment.units.some((u) => u.id === body.unit)) throw new KerbsideError("KERB_ERR_CASE_INPUT", `dispatch: unknown unit ${body.unit}`);
      const deadlineMs = body.deadline === undefined ? undefined : Date.parse(body.deadline);
      return { action: "dispatch", unit: body.unit, assignee: body.assignee, deadlineMs, note: body.note };
    }
    case "resolve": {
      if (body.photo !== undefined && !incident.evidence.some((e) => e.kind === "resolve_photo" && evidenceName(e) === body.photo)) {
        throw new KerbsideError("KERB_ERR_CASE_INPUT", `resolve: no uploaded photo ${body.photo} on this incident`);
      }
      return { action: "resolve", note: body.note, photo: body.photo };
    }
    default: {
      const { version: _version, ...action } = body;
      return action as CaseAction;
    }
  }
}

/** The incident if the user may act on it: 404 outside their scope, 403 for viewers. */
function actable(ctx: BoardContext, user: Principal, id: string): Incident {
  const incident = incidentFor(ctx, user, id);
  if (!canActOnIncident(user, incident, ctx.deployment)) throw forbidden(`a ${user.role} cannot act on incidents`);
  return incident;
}

/** The request body, up to `max` bytes (more is refused without reading it all). */
async function readBody(req: Request, max: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > max) throw new KerbsideError("KERB_ERR_UPLOAD", `the photo is ${declared} bytes; at most ${max} are accepted`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > max) throw new KerbsideError("KERB_ERR_UPLOAD", `the photo is over ${max} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The photo of the upload; every refusal names the request part it is about (the body, or its Content-Type). */
async function uploadedPhoto(req: Request): Promise<Buffer> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!(PHOTO_CONTENT_TYPES as readonly string[]).includes(type)) {
    throw new KerbsideError("KERB_ERR_UPLOAD", `body: Content-Type ${type || "(none)"} is not accepted; send the photo as the body with Content-Type ${PHOTO_CONTENT_TYPES.join(" or ")}`);
  }
  return readBody(req, MAX_PHOTO_BYTES).catch(aboutBody);
}

/** An upload refusal, as one about the request body. */
function aboutBody(error: unknown): never {
  throw isKerbsideError(error, "KERB_ERR_UPLOAD") ? new KerbsideError("KERB_ERR_UPLOAD", `body: ${error.message}`) : error;
}

/** The upload as the OpenAPI document (and so the generated web client) describes it. */
const PHOTO_BODY = {
  required: true,
  description: `The photo itself as the body (not multipart): a JPEG or PNG, checked by its first bytes, at most ${MAX_PHOTO_BYTES} bytes. A wrong type or size answers 400 KERB_ERR_UPLOAD naming the body.`,
  content: Object.fromEntries(PHOTO_CONTENT_TYPES.map((type) => [type, { schema: { type: "string" as const, format: "binary", maxLength: MAX_PHOTO_BYTES } }])),
};

export const register: RouteModule = (api) => {
  api.route({
    method: "post", path: "/api/incidents/:id/actions", summary: "Take a case action (file, dispatch, resolve, verify, …)", tags: ["incidents", "workflow"],
    params: IdParams, body: CaseActionBodySchema, response: CaseViewSchema,
    handler: ({ auth, ctx, params, body, req }) => {
      const incident = actable(ctx, auth.user, params.id);
      ctx.workflow.act(incident.id, toAction(body, ctx, incident), { name: auth.user.username, role: auth.user.role }, { expectedVersion: body.version });
      const entry = ctx.workflow.history(incident.id).at(-1);
      recordAudit(req, ctx, {
        action: `incident.${body.action}`, target: `incident:${incident.id}`,
        detail: entry ? { from: entry.from, to: entry.to, version: entry.version, note: entry.note, ...entry.details } : null,
      });
      return caseView(ctx.workflow, auth.user, ctx.incidents.get(incident.id) ?? incident, ctx.deployment);
    },
  });
  api.route({
    method: "post", path: "/api/incidents/:id/photos", summary: "Upload a photo of the fix for resolve (image/jpeg or image/png body, ≤ 5 MB)", tags: ["incidents", "workflow"],
    params: IdParams, rawBody: PHOTO_BODY, response: PhotoSchema, status: 201,
    rawResponses: { "409": { description: "resolve is not open to this user on this case now (KERB_ERR_CASE_STATE)", content: { "application/json": { schema: ErrorBodySchema } } } },
    handler: async ({ auth, ctx, params, req }) => {
      const incident = actable(ctx, auth.user, params.id);
      if (!ctx.workflow.allowed(incident.id, auth.user.role).includes("resolve")) {
        throw new KerbsideError("KERB_ERR_CASE_STATE", `a photo goes with resolve, which a ${auth.user.role} cannot take on this case now`);
      }
      const bytes = await uploadedPhoto(req);
      const evidence = await storeResolvePhoto(ctx.incidents, incident, bytes, { rootDir: ctx.deployment.storageDir, atMs: ctx.now() }).catch(aboutBody);
      recordAudit(req, ctx, { action: "incident.photo", target: `incident:${incident.id}`, detail: { photo: path.basename(evidence.path), sha256: evidence.sha256 } });
      return { photo: evidenceName(evidence), sha256: evidence.sha256, bytes: evidence.bytes };
    },
  });
};
