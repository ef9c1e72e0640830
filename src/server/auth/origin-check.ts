/**
 * Refuses state-changing requests (POST, PUT, PATCH, DELETE) whose Origin
 * header names another site: a second line behind SameSite=Strict cookies
 * against cross-site request forgery. The allowed origin is the configured
 * publicUrl's, or the request's own Host (http or https). Requests without
 * an Origin header (curl, scripts) carry no browser cookie risk and pass.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { RequestHandler } from "express";
import { KerbsideError } from "../../errors.js";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function isAllowedOrigin(headers: IncomingHttpHeaders, publicUrl: string | undefined): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (publicUrl && origin === new URL(publicUrl).origin) return true;
  const host = headers.host;
  return typeof host === "string" && (origin === `http://${host}` || origin === `https://${host}`);
}

export function originCheck(publicUrl: string | undefined): RequestHandler {
  return (req, _res, next) => {
    if (SAFE.has(req.method) || isAllowedOrigin(req.headers, publicUrl)) next();
    else next(new KerbsideError("KERB_ERR_ORIGIN", `requests from ${String(req.headers.origin)} are refused`));
  };
}
