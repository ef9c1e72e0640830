/**
 * How a route module declares a route: method, path, the zod schemas of its
 * params, query, body and JSON response, and a handler. route() mounts it on
 * the router with validation (bad input → KERB_ERR_REQUEST naming the field),
 * enforces sign-in unless `auth: "public"`, strips the JSON response to its
 * schema (so only declared fields ever reach the browser) and registers the
 * same schemas in the OpenAPI registry, so the document cannot drift.
 *
 *   export const register: RouteModule = (api) => {
 *     api.route({ method: "get", path: "/api/things/:id", summary: "One thing", tags: ["things"],
 *       params: z.object({ id: z.string() }), response: ThingSchema,
 *       handler: ({ params, auth, ctx }) => findThing(ctx, auth.user, params.id) });
 *   };
 */
import type { OpenAPIRegistry, ResponseConfig, ZodRequestBody } from "@asteasolutions/zod-to-openapi";
import type { Request, Response, Router } from "express";
import type { z } from "zod";
import type { BoardContext } from "./context.js";
import { ErrorBodySchema, requestError } from "./http-errors.js";
import { openApiPath } from "./openapi.js";
import { requireAuth, type Auth } from "./auth/session-auth.js";

type Method = "get" | "post" | "put" | "patch" | "delete";
type AnyObject = z.ZodObject;

export interface HandlerInput<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  /** The signed-in user and session (routes with auth: "public" get it only when signed in). */
  auth: Auth;
  req: Request;
  res: Response;
  ctx: BoardContext;
}

export interface RouteSpec<P extends AnyObject, Q extends AnyObject, B extends z.ZodType, R extends z.ZodType> {
  method: Method;
  /** Express path, e.g. /api/incidents/:id */
  path: string;
  summary: string;
  tags: string[];
  /** "user" (default): a signed-in user is required. "public": anyone (login, healthz). */
  auth?: "user" | "public";
  params?: P;
  query?: Q;
  body?: B;
  /** OpenAPI request body of a handler that reads a non-JSON body itself (an image upload). */
  rawBody?: ZodRequestBody;
  /** JSON response schema; omit when the handler writes the response itself (files, images). */
  response?: R;
  /** HTTP status of a JSON response. @defaultValue 200 */
  status?: number;
  /** OpenAPI responses for handlers that write the response themselves. */
  rawResponses?: Record<string, ResponseConfig>;
  handler: (input: HandlerInput<P, Q, B>) => Promise<z.input<R> | void> | z.input<R> | void;
}

export interface ApiBuilder {
  readonly ctx: BoardContext;
  readonly registry: OpenAPIRegistry;
  route<P extends AnyObject = z.ZodObject<Record<string, never>>, Q extends AnyObject = z.ZodObject<Record<string, never>>, B extends z.ZodType = z.ZodUnknown, R extends z.ZodType = z.ZodUnknown>(
    spec: RouteSpec<P, Q, B, R>,
  ): void;
}

/** A route module: one file per resource under routes/, listed in routes/index.ts. */
export type RouteModule = (api: ApiBuilder) => void;

const errorResponse = (description: string): ResponseConfig => ({ description, content: { "application/json": { schema: ErrorBodySchema } } });

export function createApiBuilder(ctx: BoardContext, router: Router, registry: OpenAPIRegistry): ApiBuilder {
  return {
    ctx,
    registry,
    route(spec) {
      registerDoc(registry, spec);
      router[spec.method](spec.path, async (req, res) => {
        const auth = spec.auth === "public" ? (undefined as unknown as Auth) : requireAuth(req);
        const params = parsePart("params", spec.params, req.params);
        const query = parsePart("query", spec.query, req.query);
        const body = spec.body ? parseWith("body", spec.body, req.body ?? {}) : undefined;
        const result = await spec.handler({ params, query, body, auth, req, res, ctx } as never);
        if (res.headersSent || !spec.response) return;
        res.status(spec.status ?? 200).json(spec.response.parse(result));
      });
    },
  };
}

function parsePart(part: string, schema: AnyObject | undefined, value: unknown): unknown {
  return schema ? parseWith(part, schema, value) : {};
}

function parseWith(part: string, schema: z.ZodType, value: unknown): unknown {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw requestError(part, parsed.error);
  return parsed.data;
}

function registerDoc<P extends AnyObject, Q extends AnyObject, B extends z.ZodType, R extends z.ZodType>(registry: OpenAPIRegistry, spec: RouteSpec<P, Q, B, R>): void {
  const responses: Record<string, ResponseConfig> = { ...spec.rawResponses };
  if (spec.response) responses[String(spec.status ?? 200)] = { description: spec.summary, content: { "application/json": { schema: spec.response } } };
  responses["400"] = errorResponse("Invalid request (KERB_ERR_REQUEST)");
  if (spec.auth !== "public") {
    responses["401"] = errorResponse("Not signed in (KERB_ERR_AUTH)");
    responses["403"] = errorResponse("Outside the user's role or scope (KERB_ERR_FORBIDDEN)");
  }
  registry.registerPath({
    method: spec.method,
    path: openApiPath(spec.path),
    summary: spec.summary,
    tags: spec.tags,
    security: spec.auth === "public" ? [] : [{ session: [] }],
    request: {
      params: spec.params,
      query: spec.query,
      body: spec.body ? { content: { "application/json": { schema: spec.body } } } : spec.rawBody,
    },
    responses,
  });
}
