/**
 * The shared OpenAPI registry: every route module registers its paths and
 * zod schemas here (through api-builder.ts, which also mounts and validates
 * them), so GET /api/openapi.json always matches what the server accepts.
 * Schemas named with `.meta({ id: "Incident" })` become components.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";

extendZodWithOpenApi(z);

export const SESSION_COOKIE = "kerbside_session";

export function createRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "session", { type: "apiKey", in: "cookie", name: SESSION_COOKIE });
  registry.registerComponent("securitySchemes", "metricsToken", { type: "http", scheme: "bearer" });
  return registry;
}

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

export function generateDocument(registry: OpenAPIRegistry, version: string): OpenApiDocument {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: { title: "Kerbside board API", version, description: "The board server of Kerbside: points, incidents, evidence, accounts. Errors are { error: { code, message } }." },
    servers: [{ url: "/" }],
  });
}

/** `/api/incidents/:id` → `/api/incidents/{id}` */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}
