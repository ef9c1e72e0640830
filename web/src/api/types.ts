// The shapes the board reads, as the server declares them: aliases of the
// types generated from its OpenAPI document (schema.d.ts, `npm run gen:api`).
import type { components } from "./schema";

type Schemas = components["schemas"];

export type Me = Schemas["Me"];
export type Role = Me["user"]["role"];
export type Unit = Me["deployment"]["units"][number];
export type PointView = Schemas["Point"];
export type PointStatus = PointView["status"];
export type PointHealth = Schemas["PointHealth"];
type ListItem = Schemas["IncidentListItem"];
/** An incident as listed or pushed: `actions` (what this user may do), `acknowledged` and `case` come with REST answers, not incident socket events. */
export type IncidentView = Omit<ListItem, "actions" | "acknowledged" | "case"> & Partial<Pick<ListItem, "actions" | "acknowledged" | "case">>;
export type CaseSummary = ListItem["case"];
export type CaseView = Schemas["Case"];
export type CaseState = CaseView["state"];
export type CaseActionName = CaseView["allowedActions"][number];
export type CaseHistoryEntry = Schemas["CaseHistoryEntry"];
export type CaseActionRequest = Schemas["CaseActionRequest"];
export type IncidentDetail = Schemas["IncidentDetail"];
export type EvidenceView = Schemas["Evidence"];
export type HistoryEntry = Schemas["HistoryEntry"];
export type UserView = Schemas["User"];
export type AuditEntry = Schemas["AuditRecord"];
export type PointHealthHistory = Schemas["PointHealthHistory"];
export type AuditWindow = Schemas["AuditWindow"];
export type AuditPoint = Schemas["AuditPoint"];
export type AuditSlot = Schemas["AuditSlot"];
export type AuditHeatmap = Schemas["AuditHeatmap"];
export type MockInspection = Schemas["MockInspection"];
export type MockClip = Schemas["MockClip"];
export type AuditRequest = Schemas["AuditRequest"];
export type AuditJob = Schemas["AuditJob"];
export type StoredReport = Schemas["StoredReport"];
