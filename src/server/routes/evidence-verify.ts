/**
 * POST /api/incidents/:id/evidence/:name/verify: recomputes the SHA-256 of one
 * evidence file on the server and compares it with the one recorded when the
 * file was sealed. Who verified, and the answer, go into the audit trail (so
 * the incident's timeline shows it). Scoped like the evidence download.
 */
import { z } from "zod";
import { digestFile } from "../../incidents/evidence-hash.js";
import type { RouteModule } from "../api-builder.js";
import { recordAudit } from "../audit.js";
import { notFound } from "../http-errors.js";
import { evidenceName } from "../views/incident-view.js";
import { evidenceFile } from "./evidence.js";
import { incidentFor } from "./incidents.js";

export const EvidenceCheckSchema = z
  .object({
    name: z.string(),
    recorded: z.string().meta({ description: "SHA-256 recorded when the file was sealed" }),
    sha256: z.string().meta({ description: "SHA-256 of the file now" }),
    bytes: z.number().int(),
    matches: z.boolean(),
  })
  .meta({ id: "EvidenceCheck" });

export const register: RouteModule = (api) => {
  api.route({
    method: "post", path: "/api/incidents/:id/evidence/:name/verify", summary: "Recompute an evidence file's SHA-256 and compare it with the recorded one", tags: ["incidents"],
    params: z.object({ id: z.string().min(1).max(200), name: z.string().min(1).max(255) }),
    response: EvidenceCheckSchema,
    handler: async ({ auth, ctx, params, req }) => {
      const incident = incidentFor(ctx, auth.user, params.id);
      const evidence = incident.evidence.find((e) => evidenceName(e) === params.name);
      const file = evidenceFile(ctx, incident, params.name);
      if (!evidence || !file) throw notFound(`evidence ${params.name} of incident ${incident.id}`);
      const now = await digestFile(file).catch(() => {
        throw notFound(`the file of evidence ${params.name} (incident ${incident.id})`);
      });
      const matches = now.sha256 === evidence.sha256;
      recordAudit(req, ctx, { action: "evidence.verify", target: `incident:${incident.id}`, detail: { name: params.name, matches } });
      return { name: params.name, recorded: evidence.sha256, sha256: now.sha256, bytes: now.bytes, matches };
    },
  });
};
