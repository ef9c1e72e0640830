/**
 * Builds the board's express 5 app from its parts: security headers, HTTP
 * metrics, JSON bodies, the Origin check, the session, login rate limits,
 * every route module (routes/index.ts) with its OpenAPI registration,
 * GET /api/openapi.json, the built UI, and the JSON error handler. It never
 * listens: board-server.ts does, and tests use it in-process (supertest).
 */
import express, { type Express } from "express";
import { z } from "zod";
import { KerbsideError } from "../errors.js";
import { createApiBuilder, type RouteModule } from "./api-builder.js";
import { isHttps, readSession } from "./auth/session-auth.js";
import { loginLimiters } from "./auth/login-limits.js";
import { originCheck } from "./auth/origin-check.js";
import type { BoardContext } from "./context.js";
import { errorHandler } from "./http-errors.js";
import { createRegistry, generateDocument, type OpenApiDocument } from "./openapi.js";
import { ROUTE_MODULES } from "./routes/index.js";
import { securityHeaders } from "./security-headers.js";
import { staticWeb } from "./static-web.js";

export interface BoardApp {
  app: Express;
  /** The OpenAPI 3.1 document of every registered route. */
  document(): OpenApiDocument;
}

export function buildApp(ctx: BoardContext, modules: readonly RouteModule[] = ROUTE_MODULES): BoardApp {
  const app = express();
  app.disable("x-powered-by");
  if (ctx.deployment.board.trustProxy) app.set("trust proxy", "loopback");
  app.use(securityHeaders(isHttps(ctx)));
  app.use((req, res, next) => {
    const stop = ctx.metrics.http.startTimer();
    res.on("finish", () => stop({ method: req.method, route: routeLabel(req.route as { path?: unknown } | undefined, req.path), status: String(res.statusCode) }));
    next();
  });
  app.use("/api", express.json({ limit: "1mb" }));
  app.use(originCheck(ctx.deployment.board.publicUrl));
  app.use(readSession(ctx));
  app.post("/api/login", ...loginLimiters(ctx.loginLimits));

  const registry = createRegistry();
  const router = express.Router();
  const api = createApiBuilder(ctx, router, registry);
  for (const register of modules) register(api);
  let document: OpenApiDocument | undefined;
  const documentOf = (): OpenApiDocument => (document ??= generateDocument(registry, ctx.version));
  api.route({
    method: "get", path: "/api/openapi.json", summary: "This OpenAPI 3.1 document", tags: ["ops"], auth: "public",
    rawResponses: { "200": { description: "OpenAPI document", content: { "application/json": { schema: z.object({}).loose() } } } },
    handler: ({ res }) => void res.json(documentOf()),
  });
  app.use(router);
  app.use("/api", (req, _res, next) => next(new KerbsideError("KERB_ERR_NOT_FOUND", `no API route ${req.method} ${req.originalUrl.split("?")[0]}`)));
  app.use(staticWeb(ctx.webDir));
  app.use(errorHandler(ctx.log));
  return { app, document: documentOf };
}

/** The route pattern for metrics labels (never the raw path: ids would explode the label set). */
function routeLabel(route: { path?: unknown } | undefined, rawPath: string): string {
  if (route && typeof route.path === "string") return route.path;
  return rawPath.startsWith("/api/") ? "/api/unmatched" : "static";
}
