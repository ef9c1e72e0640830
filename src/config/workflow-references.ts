/**
 * Cross-references of the `workflow:` section: each automatic step's
 * `during` names a schedule, which must be one every point has (built-in or
 * defined under the top-level `schedules:`), since a workflow step applies
 * at every point. Read from the document as written, so a schema error
 * elsewhere in the section does not hide an unknown name (one round).
 */
import type { ConfigIssue } from "./config-issues.js";
import { unknownName } from "./cross-references.js";
import type { Names } from "./partial-parse.js";
import { RULE_KINDS } from "./schema.js";

export function checkWorkflowSchedules(raw: unknown, names: Names): ConfigIssue[] {
  const known = names.schedules;
  const rules = field(field(raw, "workflow"), "rules");
  if (!known || !rules) return [];
  const issues: ConfigIssue[] = [];
  for (const kind of RULE_KINDS) {
    const auto = field(field(rules, kind), "auto");
    if (!Array.isArray(auto)) continue;
    auto.forEach((step, i) => {
      const during = field(step, "during");
      if (typeof during !== "string" || during === "" || known.has(during)) return;
      const atPoints = pointsDefining(raw, during);
      const hint = atPoints.length > 0 ? `; defined only at point ${atPoints.join(", ")}: a workflow step applies at every point, so define it under the top-level schedules` : "";
      issues.push({ path: ["workflow", "rules", kind, "auto", i, "during"], message: unknownName("schedule", during, known) + hint });
    });
  }
  return issues;
}

function pointsDefining(raw: unknown, schedule: string): string[] {
  const points = field(raw, "points");
  if (!Array.isArray(points)) return [];
  return points.flatMap((p) => {
    const own = field(field(p, "schedules"), schedule);
    const id = field(p, "id");
    return own !== undefined && typeof id === "string" ? [id] : [];
  });
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}
