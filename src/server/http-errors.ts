/**
 * How errors reach the browser: always `{ "error": { "code", "message" } }`
 * with a code from src/errors.ts and an HTTP status picked from the code.
 * Unexpected errors become KERB_ERR_INTERNAL with a generic message (the
 * detail goes to the log); every message is passed through redactText so no
 * camera credential can leak through an error.
 */
import type { ErrorRequestHandler } from "express";
import { z } from "zod";
import { KerbsideError, isKerbsideError, type ErrorCode } from "../errors.js";
import { redactText } from "../footage/redact.js";
import type { Logger } from "../log.js";

const STATUS: Partial<Record<ErrorCode, number>> = {
  KERB_ERR_AUTH: 401,
  KERB_ERR_LOGIN: 401,
  KERB_ERR_FORBIDDEN: 403,
  KERB_ERR_ORIGIN: 403,
  KERB_ERR_NOT_FOUND: 404,
  KERB_ERR_INCIDENT_UNKNOWN: 404,
  KERB_ERR_POINT_UNKNOWN: 404,
  KERB_ERR_REQUEST: 400,
  KERB_ERR_USER: 400,
  KERB_ERR_ZONE: 400,
  KERB_ERR_RATE_LIMITED: 429,
  KERB_ERR_CASE_ROLE: 403,
  KERB_ERR_CASE_STATE: 409,
  KERB_ERR_CASE_CONFLICT: 409,
  KERB_ERR_CASE_INPUT: 400,
  KERB_ERR_UPLOAD: 400,
  KERB_ERR_AUDIT: 400,
  KERB_ERR_JOB_UNKNOWN: 404,
};

export function statusOf(code: ErrorCode): number {
  return STATUS[code] ?? 500;
}

export const ErrorBodySchema = z
  .object({ error: z.object({ code: z.string().meta({ example: "KERB_ERR_AUTH" }), message: z.string() }) })
  .meta({ id: "Error" });

export function errorBody(code: ErrorCode, message: string): z.infer<typeof ErrorBodySchema> {
  return { error: { code, message: redactText(message) } };
}

/** Shorthands for route handlers. */
export const notFound = (what: string): KerbsideError => new KerbsideError("KERB_ERR_NOT_FOUND", `${what} not found`);
export const forbidden = (why: string): KerbsideError => new KerbsideError("KERB_ERR_FORBIDDEN", why);

/** Turns a zod failure on a request part into a KERB_ERR_REQUEST naming the field. */
export function requestError(part: string, error: z.ZodError): KerbsideError {
  const lines = error.issues.map((issue) => `${[part, ...issue.path].join(".")}: ${issue.message}`);
  return new KerbsideError("KERB_ERR_REQUEST", lines.join("; "));
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = classify(error);
    if (known.status >= 500) log.error({ method: req.method, path: req.path, err: redactText(error instanceof Error ? (error.stack ?? error.message) : String(error)) }, "request failed");
    res.status(known.status).json(errorBody(known.code, known.message));
  };
}

function classify(error: unknown): { status: number; code: ErrorCode; message: string } {
  if (isKerbsideError(error)) {
    const status = statusOf(error.code);
    return status >= 500 ? { status, code: "KERB_ERR_INTERNAL", message: "internal error (see the server log)" } : { status, code: error.code, message: error.message };
  }
  // body-parser: malformed JSON, body too large
  const status = (error as { status?: unknown }).status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    return { status, code: "KERB_ERR_REQUEST", message: (error as Error).message };
  }
  return { status: 500, code: "KERB_ERR_INTERNAL", message: "internal error (see the server log)" };
}
