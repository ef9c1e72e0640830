// The board's calls to the server, typed by the OpenAPI document through
// openapi-fetch: a changed route breaks the type-check, not the user. Every
// page goes through `api`; failures throw ApiError with the server's code.
import createClient, { type FetchResponse } from "openapi-fetch";
import { apiError } from "./errors";
import type { components, paths } from "./schema";
import type { CaseActionRequest } from "./types";

type ResolvePhoto = components["schemas"]["ResolvePhoto"];

const http = createClient<paths>({ baseUrl: "/", credentials: "same-origin" });

type Result<T> = FetchResponse<Record<string, never>, unknown, "application/json"> & { data?: T; error?: unknown };

async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = (await call) as Result<T>;
  if (!response.ok || data === undefined) throw apiError(response, error);
  return data;
}

export type IncidentFilter = NonNullable<paths["/api/incidents"]["get"]["parameters"]["query"]>;
const byId = (id: string) => ({ params: { path: { id } } });

export const api = {
  login: (username: string, password: string) => unwrap(http.POST("/api/login", { body: { username, password } })),
  logout: () => unwrap(http.POST("/api/logout")),
  me: () => unwrap(http.GET("/api/me")),
  points: () => unwrap(http.GET("/api/points")),
  health: (id: string, range: "24h" | "30d") =>
    unwrap(http.GET("/api/points/{id}/health", { params: { path: { id }, query: { range } } })),
  incidents: (query: IncidentFilter = {}) => unwrap(http.GET("/api/incidents", { params: { query } })),
  incident: (id: string) => unwrap(http.GET("/api/incidents/{id}", byId(id))),
  acknowledge: (id: string) => unwrap(http.POST("/api/incidents/{id}/acknowledge", { ...byId(id), body: {} })),
  verify: (id: string, name: string) =>
    unwrap(http.POST("/api/incidents/{id}/evidence/{name}/verify", { params: { path: { id, name } } })),
  /** Runs one of the incident actions the server offered (IncidentDetail.actions: acknowledge). */
  act: (id: string, action: string) => {
    if (action === "acknowledge") return api.acknowledge(id);
    return Promise.reject(new Error(`no route for the action "${action}"`));
  },
  /** A case action (case.allowedActions) with the case version the user saw; answers the updated case. */
  caseAction: (id: string, body: CaseActionRequest) => unwrap(http.POST("/api/incidents/{id}/actions", { ...byId(id), body })),
  /** Uploads a photo of the fix (raw JPEG/PNG body); `resolve {photo}` then cites the returned name. */
  uploadPhoto: async (id: string, file: Blob): Promise<ResolvePhoto> => {
    const response = await fetch(`/api/incidents/${encodeURIComponent(id)}/photos`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": file.type },
      body: file,
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok || body === undefined) throw apiError(response, body);
    return body as ResolvePhoto;
  },
  users: () => unwrap(http.GET("/api/users")),
  addUser: (body: NonNullable<paths["/api/users"]["post"]["requestBody"]>["content"]["application/json"]) =>
    unwrap(http.POST("/api/users", { body })),
  disableUser: (username: string) =>
    unwrap(http.PATCH("/api/users/{username}", { params: { path: { username } }, body: { disabled: true } })),
  audit: (limit = 200) => unwrap(http.GET("/api/audit-trail", { params: { query: { limit } } })),
};

type AuditQuery = NonNullable<paths["/api/audit/points"]["get"]["parameters"]["query"]>;
const auditQuery = (query: AuditQuery) => ({ params: { query } });

/** The organisers' pre-audit and reports (GET /api/audit/*, /api/reports); the server scopes every answer. */
export const auditApi = {
  points: (query: AuditQuery) => unwrap(http.GET("/api/audit/points", auditQuery(query))),
  heatmap: (query: AuditQuery) => unwrap(http.GET("/api/audit/heatmap", auditQuery(query))),
  slots: (query: AuditQuery) => unwrap(http.GET("/api/audit/slots", auditQuery(query))),
  mock: (query: AuditQuery) => unwrap(http.GET("/api/audit/mock", auditQuery(query))),
  jobs: () => unwrap(http.GET("/api/audit/jobs")),
  job: (id: string) => unwrap(http.GET("/api/audit/jobs/{id}", byId(id))),
  startJobs: (body: { points: string[]; from: string; to: string }) => unwrap(http.POST("/api/audit/jobs", { body })),
  cancelJobs: (id: string) => unwrap(http.DELETE("/api/audit/jobs/{id}", byId(id))),
  reports: () => unwrap(http.GET("/api/reports")),
  makeReport: (date: string, lang?: "zh-CN" | "en") => unwrap(http.POST("/api/reports", { body: { date, lang } })),
};
export type { AuditQuery };
