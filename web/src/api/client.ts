// The board's calls to the server. Every page goes through these functions;
// an ApiError carries the server's code so pages can say what went wrong.
import { apiError } from "./errors";
import type { BoardConfig, IncidentDetail, IncidentPage, Me, PointHealthHistory, PointView, Role, UserView, AuditEntry } from "./types";

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    credentials: "same-origin",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw apiError(response, data);
  return data as T;
}

export interface IncidentFilter {
  point?: string;
  category?: string;
  rule?: string;
  unit?: string;
  status?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

function query(filter: IncidentFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined && value !== "") params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}

export const api = {
  login: (username: string, password: string) => call<Me>("POST", "/api/login", { username, password }),
  logout: () => call<void>("POST", "/api/logout"),
  me: () => call<Me>("GET", "/api/me"),
  config: () => call<BoardConfig>("GET", "/api/config"),
  points: () => call<{ items: PointView[] }>("GET", "/api/points"),
  health: (id: string, range: "24h" | "30d") =>
    call<PointHealthHistory>("GET", `/api/points/${encodeURIComponent(id)}/health?range=${range}`),
  incidents: (filter: IncidentFilter = {}) => call<IncidentPage>("GET", `/api/incidents${query(filter)}`),
  incident: (id: string) => call<IncidentDetail>("GET", `/api/incidents/${encodeURIComponent(id)}`),
  act: (id: string, action: string, note?: string) =>
    call<IncidentDetail>("POST", `/api/incidents/${encodeURIComponent(id)}/actions`, { action, note }),
  users: () => call<{ items: UserView[] }>("GET", "/api/users"),
  addUser: (user: { username: string; password: string; role: Role; units: string[] }) =>
    call<UserView>("POST", "/api/users", user),
  disableUser: (username: string) => call<UserView>("POST", `/api/users/${encodeURIComponent(username)}/disable`),
  audit: (limit = 200) => call<{ items: AuditEntry[] }>("GET", `/api/audit?limit=${limit}`),
  verify: (id: string, name: string) =>
    call<{ name: string; sha256: string; matches: boolean }>(
      "POST",
      `/api/incidents/${encodeURIComponent(id)}/evidence/${encodeURIComponent(name)}/verify`,
    ),
};
