/**
 * Serves the built board UI (web/dist, `npm run build`) from the same origin
 * as the API, with an SPA fallback to index.html for non-API paths. Without
 * a build it serves a plain page saying how to make one.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import express, { type Router } from "express";

const NO_BUILD = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kerbside board</title></head>
<body><h1>Kerbside board</h1><p>The board UI is not built yet: run <code>npm run build</code>, then reload.</p>
<p>The API is at <a href="/api/openapi.json">/api/openapi.json</a>.</p></body></html>`;

export function staticWeb(webDir: string): Router {
  const router = express.Router();
  const index = path.join(webDir, "index.html");
  router.use(express.static(webDir, { index: false, fallthrough: true, maxAge: "1h", setHeaders: (res, file) => {
    if (file.endsWith(".html")) res.setHeader("Cache-Control", "no-cache");
  } }));
  router.get(/^(?!\/api\/|\/metrics$|\/socket\.io\/).*/, (_req, res) => {
    if (existsSync(index)) res.sendFile(index, { headers: { "Cache-Control": "no-cache" } });
    else res.type("html").send(NO_BUILD);
  });
  return router;
}
