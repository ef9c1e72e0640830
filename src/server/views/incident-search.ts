/**
 * GET /api/incidents as a domain query: the user's scope (access policy)
 * intersected with the filters, newest start first, paged with an opaque
 * cursor (the last item's start and id).
 */
import type { Principal } from "../../accounts/types.js";
import type { PointCategory, RuleKind } from "../../config/schema.js";
import { KerbsideError } from "../../errors.js";
import type { Incident } from "../../incidents/types.js";
import { parsePlate } from "../../plates/plate-format.js";
import { incidentScope, seesPlates } from "../access-policy.js";
import type { BoardReadContext } from "../context.js";

export interface IncidentFilters {
  point?: string[];
  category?: PointCategory[];
  rule?: RuleKind[];
  unit?: string[];
  status?: "open" | "ended";
  /** A plate as typed (separators optional): only incidents whose vehicle was read as it. */
  plate?: string;
  fromMs?: number;
  toMs?: number;
  limit: number;
  cursor?: string;
}

export function encodeCursor(incident: Pick<Incident, "startMs" | "id">): string {
  return Buffer.from(JSON.stringify([incident.startMs, incident.id])).toString("base64url");
}

function decodeCursor(cursor: string): { startMs: number; id: string } {
  try {
    const [startMs, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof startMs === "number" && typeof id === "string") return { startMs, id };
  } catch {
    // reported below
  }
  throw new KerbsideError("KERB_ERR_REQUEST", "query.cursor: not a cursor this server gave out");
}

export function searchIncidents(ctx: BoardReadContext, user: Principal, filters: IncidentFilters): { incidents: Incident[]; nextCursor: string | null } {
  const scope = incidentScope(user, ctx.deployment);
  let pointIds = scope.pointIds;
  if (filters.point) pointIds = pointIds.filter((id) => filters.point?.includes(id));
  if (filters.category) {
    const inCategory = new Set(ctx.deployment.points.filter((p) => filters.category?.includes(p.category)).map((p) => p.id));
    pointIds = pointIds.filter((id) => inCategory.has(id));
  }
  let units = scope.units ?? undefined;
  if (filters.unit) units = (units ?? filters.unit).filter((u) => filters.unit?.includes(u));
  const rules = filters.rule;
  const withPlate = filters.plate === undefined ? null : plateIncidents(ctx, user, filters.plate);
  const found = ctx.incidents.list({
    pointIds, units,
    fromMs: filters.fromMs, toMs: filters.toMs,
    openOnly: filters.status === "open", endedOnly: filters.status === "ended",
    after: filters.cursor ? decodeCursor(filters.cursor) : undefined,
    // rules filtered here (the store takes one): fetch one more to know whether a next page exists
    limit: rules || withPlate ? undefined : filters.limit + 1,
  });
  const matching = found.filter((i) => (!rules || rules.includes(i.rule)) && (!withPlate || withPlate.has(i.id)));
  const page = matching.slice(0, filters.limit);
  const last = page[page.length - 1];
  return { incidents: page, nextCursor: matching.length > filters.limit && last ? encodeCursor(last) : null };
}

/** The incidents whose plate was read as this one; viewers may not search by plate (it would unmask it). */
function plateIncidents(ctx: BoardReadContext, user: Principal, typed: string): Set<string> {
  if (!seesPlates(user)) throw new KerbsideError("KERB_ERR_FORBIDDEN", "query.plate: a viewer may not search by plate");
  const parsed = parsePlate(typed);
  if (parsed === null) throw new KerbsideError("KERB_ERR_REQUEST", `query.plate: "${typed}" is no Chinese plate (e.g. 浙A·D1234)`);
  return new Set(ctx.plates?.incidentsWithPlate(parsed.plate) ?? []);
}
