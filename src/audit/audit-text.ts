/** `kerbside audit` without --json: the points ranked, the worst slots, the mock inspection. */
import type { AuditJson } from "./audit-json.js";

const pct = (p: number): string => `${(p * 100).toFixed(1)}%`.padStart(6);
const signed = (p: number): string => `${p >= 0 ? "+" : ""}${(p * 100).toFixed(1)}`;

export function formatAudit(doc: AuditJson, slotCount = 10): string {
  const lines = [
    `Pre-audit ${doc.window.from} – ${doc.window.to} (${doc.window.timeZone}), ${doc.clipMin}-minute clips`,
    "",
    "point     pAny  violation  no footage  unscanned  violation min  gap min  Δ pAny (pts)",
    ...doc.points.map(
      (p) =>
        `${p.id.padEnd(6)} ${pct(p.pAny)}     ${pct(p.pViolation)}      ${pct(p.pNoFootage)}     ${pct(p.pUnscanned)}  ${p.violationMinutes.toFixed(1).padStart(13)}  ${p.gapMinutes
          .toFixed(1)
          .padStart(7)}  ${p.trend ? signed(p.trend.delta.pAny) : "-"}  ${p.name}`,
    ),
    "",
    `Time slots most at risk (pAny):`,
    ...doc.slots.slice(0, slotCount).map((s) => `  ${pct(s.pAny)}  ${s.label}`),
    "",
    `Mock inspection (seed ${doc.mock.seed}): ${doc.mock.problemCount} of ${doc.mock.clips.length} clips show a problem; expected ${doc.mock.expectedProblems.toFixed(2)} ± ${doc.mock.standardDeviation.toFixed(2)}`,
    ...doc.mock.clips.map((c) => {
      const what = [c.violation ? `violation (${c.incidents.map((i) => i.id).join(", ")})` : "", c.noFootage ? `no footage (${[...new Set(c.gaps.map((g) => g.reason))].join(", ")})` : ""].filter(Boolean);
      return `  ${c.pointId.padEnd(6)} ${c.from} – ${c.to}  ${what.length > 0 ? what.join("; ") : "clear"}`;
    }),
  ];
  return lines.join("\n");
}
