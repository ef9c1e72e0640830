// How an incident reads on the board: rule, state, object and dwell so far,
// all from what the server sent (no rule logic here).
import { useI18n } from "vue-i18n";
import type { IncidentView } from "../api/types";
import { useFormat } from "./format";

export function useIncidentText() {
  const { t, te } = useI18n();
  const format = useFormat();
  const known = (key: string, fallback: string) => (te(key) ? t(key) : fallback);
  return {
    rule: (i: Pick<IncidentView, "rule">) => known(`rules.${i.rule}`, i.rule),
    state: (i: Pick<IncidentView, "status">) => known(`states.${i.status}`, i.status),
    label: (i: Pick<IncidentView, "label">) => known(`labels.${i.label}`, i.label),
    category: (c: string) => known(`categories.${c}`, c),
    action: (a: string) => known(`actions.${a}`, a),
    // Watched time only: a stretch nobody saw (a camera outage) is never shown as violation time.
    dwell: (i: Pick<IncidentView, "observedSec" | "unseenSec">) =>
      i.unseenSec > 0
        ? t("board.dwellUnseen", { duration: format.duration(i.observedSec), unseen: format.duration(i.unseenSec) })
        : t("board.dwell", { duration: format.duration(i.observedSec) }),
  };
}
