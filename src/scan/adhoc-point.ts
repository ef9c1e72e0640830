/**
 * The point an ad-hoc scan runs as: zones from `--zone` flags, the chosen
 * rules with an optional dwell override, sampling from `--every`. Built as a
 * config value and validated by the same schema as configured points.
 */
import { PointSchema, RULE_KINDS, type Deployment, type PointConfig, type RuleKind, type Rules } from "../config/schema.js";
import { KerbsideError } from "../errors.js";
import { RULE_DEFAULTS } from "../rules/rule-defaults.js";
import { parseZoneFlag } from "./zone-flag.js";

export interface AdhocOptions {
  /** Raw `--zone` flag values. */
  zones: readonly string[];
  rules: readonly string[];
  minDwellSec?: number;
  everySec?: number;
  timeZone: string;
  /** Shown on evidence; the footage's name. */
  name: string;
  id?: string;
}

export type AdhocDeployment = Pick<Deployment, "rules" | "schedules" | "units" | "timezone" | "sampling">;

export function adhocTarget(options: AdhocOptions): { deployment: AdhocDeployment; point: PointConfig } {
  if (options.zones.length === 0) throw new KerbsideError("KERB_ERR_ZONE", "an ad-hoc scan needs at least one --zone");
  if (options.rules.length === 0) throw new KerbsideError("KERB_ERR_CONFIG", `an ad-hoc scan needs --rule (one of ${RULE_KINDS.join(", ")})`);
  const zones = options.zones.map((flag, i) => parseZoneFlag(flag, i));
  const rules: Rules = {};
  for (const name of options.rules) {
    const kind = ruleKind(name);
    const watched = RULE_DEFAULTS[kind].zones;
    if (!zones.some((z) => watched.includes(z.kind))) {
      throw new KerbsideError("KERB_ERR_ZONE", `--rule ${kind} watches ${watched.join(" or ")} zones, and no --zone of those kinds was given`);
    }
    rules[kind] = options.minDwellSec === undefined ? {} : { minDwellSec: options.minDwellSec };
  }
  const point = PointSchema.parse({
    id: options.id ?? "adhoc",
    name: options.name,
    category: "main_road",
    units: ["unassigned"],
    source: { kind: "archive", dir: "." },
    zones,
    rules: disableOthers(rules),
    sampling: options.everySec === undefined ? undefined : { everySec: options.everySec },
  });
  return { deployment: { rules: {}, schedules: {}, units: [], timezone: options.timeZone, sampling: {} }, point };
}

function ruleKind(name: string): RuleKind {
  if ((RULE_KINDS as readonly string[]).includes(name)) return name as RuleKind;
  throw new KerbsideError("KERB_ERR_CONFIG", `--rule ${name}: unknown rule (one of ${RULE_KINDS.join(", ")})`);
}

/** Only the rules asked for run. */
function disableOthers(rules: Rules): Rules {
  const all: Rules = { ...rules };
  for (const kind of RULE_KINDS) all[kind] ??= { enabled: false };
  return all;
}
