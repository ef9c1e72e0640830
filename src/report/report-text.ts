/** `kerbside report` without --json: the day per unit, the points most at risk, camera health, the files. */
import { words } from "./labels.js";
import type { StoredReport } from "./report-files.js";
import type { DailyReport } from "./types.js";

const pct = (p: number): string => `${(p * 100).toFixed(1)}%`;

export function formatReport(report: DailyReport, stored: StoredReport): string {
  const w = words(report.lang).summary;
  const en = report.lang === "en";
  return [
    `${w.title} ${report.date} (${report.timeZone})`,
    `${w.unit}: ${w.new} / ${w.open} / ${w.overdue} / ${w.closed} / ${w.cancelled}`,
    ...report.units.map((u) => `  ${u.name}: ${u.counts.new} / ${u.counts.open} / ${u.counts.overdue} / ${u.counts.closed} / ${u.counts.cancelled}`),
    en ? "Points most at risk (pAny):" : "风险最高点位（pAny）：",
    ...report.pointsAtRisk.map((p) => `  ${pct(p.pAny)}  ${p.id} ${p.name}`),
    en ? "Cameras (offline hours, gap minutes):" : "摄像头（离线小时，缺失分钟）：",
    ...report.cameras.map((c) => `  ${c.pointId} ${c.state ?? "-"}  ${c.offlineHours} h  ${c.gapMinutes} min (${c.gapCount})`),
    ...stored.files.map((f) => `${f.path} (${f.bytes} bytes)`),
  ].join("\n");
}
