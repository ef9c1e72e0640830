// The web's typed client is generated from the server's OpenAPI document:
// the committed web/src/api/schema.d.ts must match what the routes declare
// now (run `npm run gen:api` after changing a route).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SCHEMA_FILE, apiTypesSource, boardDocument } from "../../scripts/gen-api-types.js";

describe("the board API types", () => {
  it("web/src/api/schema.d.ts is generated from the current routes (npm run gen:api)", async () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(await apiTypesSource());
  });

  it("documents the routes the board UI calls", () => {
    const paths = Object.keys(boardDocument().paths ?? {});
    for (const route of ["/api/login", "/api/me", "/api/points", "/api/incidents", "/api/incidents/{id}", "/api/incidents/{id}/evidence/{name}/verify", "/api/points/{id}/health"]) {
      expect(paths).toContain(route);
    }
  });
});
