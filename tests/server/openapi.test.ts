// The OpenAPI document lists every route express serves (walked from the
// app's router, not from the registry), with the same methods.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import request from "supertest";
import { openApiPath } from "../../src/server/openapi.js";
import { freshBoard, type Board } from "./helpers.js";

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function expressRoutes(stack: Layer[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) return Object.keys(layer.route.methods).filter((m) => m !== "_all").map((m) => `${m} ${layer.route!.path}`);
    return layer.handle?.stack ? expressRoutes(layer.handle.stack) : [];
  });
}

let b: Board;
beforeEach(() => {
  b = freshBoard("openapi");
});
afterEach(() => b.cleanup());

describe("GET /api/openapi.json", () => {
  it("is an OpenAPI 3.1 document with every express route", async () => {
    const doc = (await request(b.board.app).get("/api/openapi.json").expect(200)).body as { openapi: string; paths: Record<string, Record<string, unknown>>; components: unknown };
    expect(doc.openapi).toBe("3.1.0");
    const app = b.board.app as unknown as { router: { stack: Layer[] } };
    const routes = expressRoutes(app.router.stack).filter((r) => r.includes("/api/") || r.endsWith("/metrics"));
    expect(routes.length).toBeGreaterThan(10);
    const documented = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m} ${p}`));
    for (const route of routes) {
      const [method, path] = route.split(" ") as [string, string];
      // POST /api/login also has the rate limiters mounted directly on the app
      expect(documented, route).toContain(`${method} ${openApiPath(path)}`);
    }
    expect(documented).toContain("get /api/incidents/{id}/evidence/{name}");
    expect(JSON.stringify(doc.components)).toContain("Incident");
  });
});
