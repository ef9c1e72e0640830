/**
 * The closed loop's verdict the pre-audit respects: an incident whose case
 * was cancelled as a false alarm is not violation time. Duplicates and
 * out-of-scope cancellations still showed something on the footage, so they
 * count.
 */
import type { CaseStore } from "../workflow/case-store.js";
import type { IncidentExclusion } from "./violation-time.js";

export function falseAlarmExclusion(cases: Pick<CaseStore, "get">): IncidentExclusion {
  return (incident) => {
    const c = cases.get(incident.id);
    return c?.state === "cancelled" && c.reason === "false_alarm";
  };
}
