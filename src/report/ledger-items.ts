/**
 * The incidents of a day's ledger with their cases, read from the stores:
 * incidents seen within the retention window up to the end of the day, each
 * with its case as the closed loop has it now (an incident nobody acted on is
 * a `new` case), kept when they started that day, are still open, or were
 * closed that day.
 */
import type { Deployment } from "../config/schema.js";
import type { Interval } from "../footage/types.js";
import { IncidentBus } from "../incidents/bus.js";
import type { IncidentStore } from "../incidents/types.js";
import { CaseService } from "../workflow/case-service.js";
import type { CaseStore } from "../workflow/case-store.js";
import type { PlateStore, StoredPlate } from "../plates/plate-store.js";
import type { LedgerItem } from "./types.js";
import { onLedger } from "./unit-counts.js";

const DAY_MS = 86_400_000;

export function ledgerItems(
  deployment: Pick<Deployment, "timezone" | "schedules" | "points" | "workflow" | "retentionDays">,
  stores: { incidents: IncidentStore; cases: CaseStore; plates?: PlateStore },
  day: Interval,
  nowMs: number,
): LedgerItem[] {
  const service = new CaseService({
    cases: stores.cases, incidents: stores.incidents, bus: new IncidentBus(), deployment, workflow: deployment.workflow, now: () => nowMs,
  });
  const incidents = stores.incidents.list({ fromMs: day.toMs - deployment.retentionDays * DAY_MS, toMs: day.toMs });
  return incidents
    .map((incident): LedgerItem => {
      const view = service.viewOf(service.current(incident));
      return {
        incident,
        unit: view.unit ?? incident.unit,
        state: view.state,
        overdue: view.overdue,
        assignee: view.assignee,
        deadlineMs: view.deadlineMs,
        closedAtMs: view.closedAtMs,
        note: view.state === "closed" || view.state === "parked" || view.state === "cancelled" ? view.note ?? view.reason : null,
        recurrenceCount: view.recurrenceCount,
        plate: plateCell(stores.plates?.get(incident.id)),
        updatedAtMs: view.updatedAtMs,
      };
    })
    .filter((item) => onLedger(item, day))
    .sort((a, b) => a.incident.startMs - b.incident.startMs || a.incident.id.localeCompare(b.incident.id));
}

/** The ledger is an organisers' export: plates whole (a viewer-facing export would mask them, see plate-mask.ts). */
function plateCell(stored: StoredPlate | undefined): string | null {
  if (stored === undefined) return null;
  return stored.status === "read" ? stored.plate : `${stored.status}: ${stored.reason ?? ""}`.trim();
}
