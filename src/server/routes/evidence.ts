/**
 * GET /api/incidents/:id/evidence/:name: one evidence file of an incident the
 * user may see. The name is looked up in the incident's evidence list and
 * never joined onto a path, so `..%2F…`, absolute paths or NUL bytes match
 * nothing; the stored path is also checked to lie inside the evidence folder.
 * Video supports HTTP Range (seeking in the browser), via res.sendFile.
 */
import path from "node:path";
import { z } from "zod";
import { evidenceRoot } from "../../config/paths.js";
import type { Incident } from "../../incidents/types.js";
import type { RouteModule } from "../api-builder.js";
import type { BoardContext } from "../context.js";
import { seesPlates } from "../access-policy.js";
import { notFound } from "../http-errors.js";
import { contentTypeOf, evidenceName } from "../views/incident-view.js";
import { incidentFor } from "./incidents.js";

/** The file on disk for an evidence name of the incident, or undefined. */
export function evidenceFile(ctx: Pick<BoardContext, "deployment">, incident: Incident, name: string): string | undefined {
  const evidence = incident.evidence.find((e) => evidenceName(e) === name);
  if (!evidence) return undefined;
  const root = path.resolve(evidenceRoot(ctx.deployment));
  const file = path.resolve(ctx.deployment.storageDir, evidence.path);
  return file.startsWith(root + path.sep) ? file : undefined;
}

export const register: RouteModule = (api) => {
  api.route({
    method: "get", path: "/api/incidents/:id/evidence/:name", summary: "An evidence file (images, clips; Range supported)", tags: ["incidents"],
    params: z.object({ id: z.string().min(1).max(200), name: z.string().min(1).max(255) }),
    rawResponses: {
      "200": { description: "The file", content: { "image/jpeg": { schema: { type: "string", format: "binary" } }, "video/mp4": { schema: { type: "string", format: "binary" } } } },
      "206": { description: "Partial content (Range)" },
      "404": { description: "No such incident in scope, or no such evidence name" },
    },
    handler: async ({ auth, ctx, params, res }) => {
      const incident = incidentFor(ctx, auth.user, params.id);
      // The plate crop is personal data: only for roles that see plates (as if it did not exist otherwise).
      const kind = incident.evidence.find((e) => evidenceName(e) === params.name)?.kind;
      if (kind === "plate" && !seesPlates(auth.user)) throw notFound(`evidence ${params.name} of incident ${incident.id}`);
      const file = evidenceFile(ctx, incident, params.name);
      if (!file) throw notFound(`evidence ${params.name} of incident ${incident.id}`);
      await new Promise<void>((resolve, reject) => {
        res.sendFile(file, { headers: { "Content-Type": contentTypeOf(file), "Cache-Control": "private, max-age=3600" }, acceptRanges: true, dotfiles: "allow" }, (error) => {
          if (error && !res.headersSent) reject(notFound(`evidence ${params.name} of incident ${incident.id}`));
          else resolve();
        });
      });
    },
  });
};
