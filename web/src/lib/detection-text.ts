// A live point's detection health in words, from GET /api/points' `detection`:
// its state, how far behind, and whether the shared detector slowed it down.
import { useI18n } from "vue-i18n";
import type { PointView } from "../api/types";

type Detection = NonNullable<PointView["detection"]>;

export function useDetectionText(): (detection: Detection) => string {
  const { t } = useI18n();
  return (d) => {
    const parts = [t(`detection.states.${d.state}`)];
    if (d.state === "detecting" && d.lagSec !== null) parts.push(t("detection.lag", { sec: d.lagSec }));
    if (d.degraded) parts.push(t("detection.degraded", { effective: d.effectiveSec, configured: d.configuredSec }));
    return parts.join(" · ");
  };
}
