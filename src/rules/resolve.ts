/**
 * Merges built-in rule defaults ← deployment.rules ← point.rules into the
 * rules a point actually runs, and resolves the sampling interval at an
 * instant. Field by field, the most specific setting wins; lists replace,
 * they do not concatenate.
 *
 * Responsible unit: an explicit `unit` (point, then deployment) wins and must
 * be a unit the deployment lists (when it lists any). Otherwise the point's
 * units are searched for one whose id, name or name_en matches the rule's role
 * (traffic police for illegal_parking: /traffic|police|交警/; urban
 * enforcement for the rest: /urban|chengguan|城管/), falling back to the
 * point's first unit.
 */
import type { Deployment, PointConfig, RuleKind, RuleSettings, Schedules } from "../config/schema.js";
import { RULE_KINDS } from "../config/schema.js";
import { KerbsideError } from "../errors.js";
import type { ResolvedRule, ResolvedSchedule } from "./types.js";
import {
  DEFAULT_SAMPLING_SEC,
  EXPLICIT_STALL_CLASSES,
  RULE_DEFAULTS,
  UNIT_ROLE_PATTERNS,
  defaultDwellDuring,
  defaultSamplingDuring,
  type RuleDefaults,
} from "./rule-defaults.js";
import { isInWindows, resolveSchedules, scheduleWindows } from "./schedule.js";

export type DeploymentRuleInput = Pick<Deployment, "rules" | "schedules" | "units">;
export type PointRuleInput = Pick<PointConfig, "id" | "category" | "units" | "rules" | "schedules">;

export interface ResolveOptions {
  /** The model's labels: explicit stall classes are watched only when the model has them. */
  labels?: readonly string[];
}

export function resolvePointRules(deployment: DeploymentRuleInput, point: PointRuleInput, options: ResolveOptions = {}): ResolvedRule[] {
  const schedules = resolveSchedules(deployment, point);
  return RULE_KINDS.map((kind) => resolveRule(kind, deployment, point, schedules, options));
}

function resolveRule(
  kind: RuleKind,
  deployment: DeploymentRuleInput,
  point: PointRuleInput,
  schedules: Schedules,
  options: ResolveOptions,
): ResolvedRule {
  const defaults = RULE_DEFAULTS[kind];
  const over: RuleSettings = deployment.rules[kind] ?? {};
  const local: RuleSettings = point.rules?.[kind] ?? {};
  const pick = <K extends keyof RuleSettings>(key: K): RuleSettings[K] => local[key] ?? over[key];
  const lookup = (name: string, field: string): ResolvedSchedule => ({
    name,
    windows: scheduleWindows(schedules, name, point.id, `rules.${kind}.${field}`),
  });
  const classes = pick("classes") ?? defaultClasses(defaults, options.labels);
  const active = pick("activeDuring");
  const inactive = pick("inactiveDuring");
  return {
    kind,
    enabled: pick("enabled") ?? true,
    classes,
    soloClasses: kind === "stall_encroachment" ? classes.filter((c) => isExplicitStall(c)) : [],
    zones: pick("zones") ?? defaults.zones,
    minDwellSec: pick("minDwellSec") ?? defaults.minDwellSec,
    dwellDuring: (pick("dwellDuring") ?? defaultDwellDuring(kind, point.category)).map((d) => ({
      ...lookup(d.schedule, "dwellDuring"),
      minDwellSec: d.minDwellSec,
    })),
    activeDuring: active === undefined ? null : lookup(active, "activeDuring"),
    inactiveDuring: inactive === undefined ? null : lookup(inactive, "inactiveDuring"),
    unit: resolveUnit(kind, pick("unit"), deployment, point),
  };
}

function isExplicitStall(label: string): boolean {
  return (EXPLICIT_STALL_CLASSES as readonly string[]).includes(label);
}

function defaultClasses(defaults: RuleDefaults, labels: readonly string[] | undefined): string[] {
  if (!labels) return [...defaults.classes];
  return defaults.classes.filter((c) => !isExplicitStall(c) || labels.includes(c));
}

function resolveUnit(kind: RuleKind, explicit: string | undefined, deployment: DeploymentRuleInput, point: PointRuleInput): string {
  const known = deployment.units.map((u) => u.id);
  if (explicit !== undefined) {
    if (known.length > 0 && !known.includes(explicit)) {
      throw new KerbsideError(
        "KERB_ERR_CONFIG",
        `point ${point.id}: rules.${kind}.unit "${explicit}" is not one of the deployment's units (${known.join(", ")})`,
      );
    }
    return explicit;
  }
  const pattern = UNIT_ROLE_PATTERNS[RULE_DEFAULTS[kind].role];
  const describe = (id: string): string => {
    const unit = deployment.units.find((u) => u.id === id);
    return [id, unit?.name ?? "", unit?.name_en ?? ""].join(" ");
  };
  const first = point.units[0];
  if (first === undefined) throw new KerbsideError("KERB_ERR_CONFIG", `point ${point.id}: no responsible units listed`);
  return point.units.find((id) => pattern.test(describe(id))) ?? first;
}

/** Whether a rule applies at an instant (its activeDuring/inactiveDuring schedules). */
export function isRuleActive(rule: ResolvedRule, instantMs: number, timeZone: string): boolean {
  if (!rule.enabled) return false;
  if (rule.activeDuring && !isInWindows(rule.activeDuring.windows, instantMs, timeZone)) return false;
  if (rule.inactiveDuring && isInWindows(rule.inactiveDuring.windows, instantMs, timeZone)) return false;
  return true;
}

/** The dwell threshold at an instant: the first active dwellDuring entry, else minDwellSec. */
export function minDwellSecAt(rule: ResolvedRule, instantMs: number, timeZone: string): number {
  const during = rule.dwellDuring.find((d) => isInWindows(d.windows, instantMs, timeZone));
  return during?.minDwellSec ?? rule.minDwellSec;
}

/**
 * Seconds between sampled frames at an instant. `during` entries win while
 * their schedule is active (point's, then deployment's, then the junction
 * default of 2 s in rush hours); otherwise point.sampling.everySec ←
 * deployment.sampling.everySec ← 10 s.
 */
export function resolveSamplingInterval(
  deployment: Pick<Deployment, "sampling" | "schedules" | "timezone">,
  point: Pick<PointConfig, "id" | "category" | "sampling" | "schedules">,
  instantMs: number,
): number {
  const schedules = resolveSchedules(deployment, point);
  const during = [...(point.sampling?.during ?? []), ...(deployment.sampling.during ?? []), ...defaultSamplingDuring(point.category)];
  const active = during.find((d) =>
    isInWindows(scheduleWindows(schedules, d.schedule, point.id, "sampling.during"), instantMs, deployment.timezone),
  );
  return active?.everySec ?? point.sampling?.everySec ?? deployment.sampling.everySec ?? DEFAULT_SAMPLING_SEC;
}
