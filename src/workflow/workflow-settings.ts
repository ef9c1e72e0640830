/**
 * What the workflow runs with per rule: built-in defaults ← `workflow.rules`
 * of the deployment. By default an illegal_parking incident at a junction
 * during rush hours is dispatched at once to its unit (the traffic police);
 * every other incident waits for a dispatcher. Time limits default to
 * 2 working hours for illegal parking and 1 working day for the rest.
 */
import type { Deployment, PointConfig, RuleKind } from "../config/schema.js";
import type { AutoStep, TimeLimit, WorkflowConfig } from "../config/schema-workflow.js";
import { WorkflowSchema } from "../config/schema-workflow.js";
import { isInWindows, resolveSchedules, scheduleWindows } from "../rules/schedule.js";
import { deadlineAfter } from "./working-calendar.js";

export const DEFAULT_WORKFLOW_RULES: Readonly<Record<RuleKind, { auto: AutoStep[]; timeLimit: TimeLimit }>> = {
  illegal_parking: { auto: [{ action: "dispatch", categories: ["junction"], during: "rush_hours" }], timeLimit: { workingHours: 2 } },
  sidewalk_parking: { auto: [], timeLimit: { workingDays: 1 } },
  nonmotor_parking: { auto: [], timeLimit: { workingDays: 1 } },
  stall_encroachment: { auto: [], timeLimit: { workingDays: 1 } },
};

/** The workflow section with every default filled in (for deployments built in code). */
export function workflowConfig(deployment: { workflow?: WorkflowConfig }): WorkflowConfig {
  return deployment.workflow ?? WorkflowSchema.parse({});
}

export function ruleSettings(workflow: WorkflowConfig, rule: RuleKind): { auto: AutoStep[]; timeLimit: TimeLimit } {
  const own = workflow.rules[rule] ?? {};
  const base = DEFAULT_WORKFLOW_RULES[rule];
  return { auto: own.auto ?? base.auto, timeLimit: own.timeLimit ?? base.timeLimit };
}

export interface AutoContext {
  deployment: Pick<Deployment, "schedules" | "timezone">;
  point: Pick<PointConfig, "id" | "category" | "schedules">;
  workflow: WorkflowConfig;
}

/** The automatic step for a new incident of `rule` that started at `startMs`, or null. */
export function autoStepFor(rule: RuleKind, startMs: number, ctx: AutoContext): AutoStep["action"] | null {
  const schedules = resolveSchedules(ctx.deployment, ctx.point);
  for (const step of ruleSettings(ctx.workflow, rule).auto) {
    if (step.categories && !step.categories.includes(ctx.point.category)) continue;
    if (step.during && !isInWindows(scheduleWindows(schedules, step.during, ctx.point.id, `workflow.rules.${rule}.auto`), startMs, ctx.deployment.timezone)) continue;
    return step.action;
  }
  return null;
}

/** The deadline of a case of `rule` dispatched at `dispatchedAtMs`. */
export function ruleDeadline(rule: RuleKind, dispatchedAtMs: number, workflow: WorkflowConfig, timeZone: string): number {
  return deadlineAfter(dispatchedAtMs, ruleSettings(workflow, rule).timeLimit, workflow.calendar, timeZone);
}
