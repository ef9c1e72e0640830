/** The human-readable summary `kerbside scan` prints without --json. */
import { durationText } from "../incidents/observed-time.js";
import type { ScanReport } from "./run-scan.js";

export function formatReport(report: ScanReport): string {
  const s = report.segments;
  const lines = [
    `${report.frames} frame(s) sampled; ${s.scanned} segment(s) scanned, ${s.skipped} already done, ${s.unreadable.length} unreadable`,
  ];
  for (const u of s.unreadable) lines.push(`  unreadable: ${u.path}: ${u.error.split("\n")[0]}`);
  lines.push(`${report.incidents.length} incident(s)`);
  for (const i of report.incidents) {
    lines.push(`  ${i.id}  ${i.rule} in ${i.zone}: ${i.label}, ${i.start} → ${i.end ?? "open"} (${durationText(i)}, score ${i.score.toFixed(2)})`);
    for (const gap of i.unseen) lines.push(`    unseen ${gap.from} → ${gap.to} (no footage or not in sight: not counted as violation time)`);
    for (const e of i.evidence) lines.push(`    ${e}`);
  }
  if (report.interrupted) lines.push("interrupted: the segments above are done and kept; run the same command again to resume");
  if (report.evidenceFailures > 0) lines.push(`${report.evidenceFailures} evidence file(s) could not be made (see the log); the next scan retries them`);
  return lines.join("\n");
}
