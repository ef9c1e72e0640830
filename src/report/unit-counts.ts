/**
 * Per unit, what happened on a local day: incidents new that day, cases still
 * open (and overdue among them), closed that day, cancelled that day. Pure.
 */
import type { Interval } from "../footage/types.js";
import type { LedgerItem, UnitCounts } from "./types.js";

const OPEN_STATES = new Set(["new", "filed", "dispatched", "resolved", "returned", "parked"]);

const within = (ms: number | null, day: Interval): boolean => ms !== null && ms >= day.fromMs && ms < day.toMs;

export function unitCounts(items: readonly LedgerItem[], day: Interval): UnitCounts {
  const open = items.filter((i) => OPEN_STATES.has(i.state));
  return {
    new: items.filter((i) => within(i.incident.startMs, day)).length,
    open: open.length,
    overdue: open.filter((i) => i.overdue).length,
    closed: items.filter((i) => i.state === "closed" && within(i.closedAtMs, day)).length,
    cancelled: items.filter((i) => i.state === "cancelled" && within(i.updatedAtMs, day)).length,
  };
}

/** The ledger of a day: incidents that started that day, and older ones whose case is still open. */
export function onLedger(item: LedgerItem, day: Interval): boolean {
  return within(item.incident.startMs, day) || (item.incident.startMs < day.toMs && OPEN_STATES.has(item.state)) || within(item.closedAtMs, day);
}
