// Generates web/src/api/schema.d.ts from the board server's OpenAPI document,
// built from the route modules themselves (nothing listens), so the web's
// typed client (openapi-fetch) breaks the type-check when a route changes.
//   npm run gen:api            write web/src/api/schema.d.ts
// tests/web/api-types.test.ts fails when the committed file is stale.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import openapiTS, { COMMENT_HEADER, astToString, type OpenAPI3 } from "openapi-typescript";
import ts from "typescript";
import { createApiBuilder } from "../src/server/api-builder.js";
import type { BoardContext } from "../src/server/context.js";
import { createRegistry, generateDocument } from "../src/server/openapi.js";
import { ROUTE_MODULES } from "../src/server/routes/index.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SCHEMA_FILE = path.join(ROOT, "web", "src", "api", "schema.d.ts");

/** The OpenAPI document of every route module (registration never touches the context). */
export function boardDocument(): OpenAPI3 {
  const registry = createRegistry();
  const api = createApiBuilder({} as BoardContext, express.Router(), registry);
  for (const register of ROUTE_MODULES) register(api);
  return generateDocument(registry, "schema") as unknown as OpenAPI3;
}

export async function apiTypesSource(): Promise<string> {
  // Binary bodies (the resolve photo upload, images and videos) are Blobs in the browser, not strings.
  const blob = ts.factory.createTypeReferenceNode("Blob");
  const ast = await openapiTS(boardDocument(), { transform: (schema) => (schema.format === "binary" ? blob : undefined) });
  return `${COMMENT_HEADER}${astToString(ast)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_FILE, await apiTypesSource());
  console.log(`wrote ${path.relative(ROOT, SCHEMA_FILE)}`);
}
