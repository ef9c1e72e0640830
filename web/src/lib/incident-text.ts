// How an incident reads on the board: rule, state, object and dwell so far.
import { useI18n } from "vue-i18n";
import type { IncidentView } from "../api/types";
import { useFormat } from "./format";

export function useIncidentText() {
  const { t, te } = useI18n();
  const format = useFormat();
  const known = (key: string, fallback: string) => (te(key) ? t(key) : fallback);
  return {
    rule: (i: IncidentView) => known(`rules.${i.rule}`, i.rule),
    state: (i: IncidentView) => known(`states.${i.state}`, i.state),
    label: (i: IncidentView) => known(`labels.${i.label}`, i.label),
    category: (c: string) => known(`categories.${c}`, c),
    /** Seconds stationary: to the end, or to now while still open. */
    dwellSec: (i: IncidentView, nowMs: number) => ((i.endMs ?? Math.max(nowMs, i.lastSeenMs)) - i.startMs) / 1000,
    dwell: (i: IncidentView, nowMs: number) =>
      t("board.dwell", { duration: format.duration(((i.endMs ?? Math.max(nowMs, i.lastSeenMs)) - i.startMs) / 1000) }),
  };
}
