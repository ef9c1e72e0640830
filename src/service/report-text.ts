/** The human-readable summary `kerbside run` and `kerbside demo` print. */
import { durationText } from "../incidents/observed-time.js";
import type { IncidentReport, PointReport, RunReport } from "./types.js";

export function formatRunReport(report: RunReport): string {
  const lines = [`${report.name}: ${report.config}`, `Database: ${report.database}`, ""];
  for (const rejected of report.rejectedPoints ?? []) {
    lines.push(`${rejected.id ?? `points[${rejected.index}]`} — left out, the config has problems:`, ...rejected.message.split("\n").slice(1).map((l) => `  ${l}`), "");
  }
  for (const point of report.points) lines.push(...pointLines(point, report), "");
  const t = report.totals;
  lines.push(
    `Totals: ${t.segmentsIndexed} segment(s) indexed, ${t.frames} frame(s) scanned, ${t.unreadable} unreadable, ` +
      `${t.incidents} incident(s) (${t.newIncidents} new)${t.errors > 0 ? `, ${t.errors} error(s)` : ""}; took ${report.elapsedSec} s.`,
  );
  return lines.join("\n");
}

function pointLines(point: PointReport, report: RunReport): string[] {
  const s = point.segments;
  const lines = [`${point.id} ${point.name} — ${point.source}`];
  if (point.health) lines.push(`  camera: ${point.health.state}${point.health.reconnects > 0 ? `, ${point.health.reconnects} reconnect(s)` : ""}${point.health.lastError ? `; last error: ${firstLine(point.health.lastError)}` : ""}`);
  for (const note of point.notes) lines.push(`  note: ${note}`);
  for (const error of point.errors) lines.push(`  error: ${firstLine(error)}`);
  lines.push(
    `  segments: ${s.indexed} indexed now; ${s.inWindow} readable in the ${report.retentionDays}-day window: ${s.scanned} scanned now, ${s.alreadyScanned} scanned before${s.unscanned > 0 ? `, ${s.unscanned} not scanned yet` : ""}`,
    `  frames scanned: ${point.frames}`,
  );
  for (const u of s.unreadable) lines.push(`  unreadable: ${u.path}: ${firstLine(u.error)}`);
  const fresh = point.incidents.filter((i) => i.new).length;
  lines.push(`  ${point.incidents.length} incident(s) in the window (${fresh} new in this run)${point.incidents.length > 0 ? ":" : ""}`);
  for (const incident of point.incidents) lines.push(...incidentLines(incident, report.timezone));
  return lines;
}

function incidentLines(i: IncidentReport, timeZone: string): string[] {
  const zone = i.zoneName ? `${i.zoneName} (${i.zone})` : i.zone;
  const unit = i.unitName ? `${i.unitName} (${i.unit})` : i.unit;
  return [
    `    ${i.id}${i.new ? "  [new]" : ""}`,
    `      ${i.rule} in ${zone}: ${i.label}, score ${i.score.toFixed(2)}`,
    `      ${localTime(i.start)} → ${i.end ? localTime(i.end) : "still there"} ${timeZone}, ${durationText(i)}; unit ${unit}`,
    ...i.unseen.map((gap) => `      unseen ${localTime(gap.from)} → ${localTime(gap.to)} (no footage or not in sight: not counted as violation time)`),
    ...(i.evidence.length > 0 ? ["      evidence:", ...i.evidence.map((e) => `        ${e}`)] : ["      evidence: none yet"]),
  ];
}

/** `2026-12-08T08:00:00.000+08:00` → `2026-12-08 08:00:00`. */
function localTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}
