/**
 * Field-by-field parsing of a section that failed its schema, so the
 * cross-reference checks (unknown unit, bad zone geometry, unknown schedule)
 * still run on the fields that are valid. Without this, fixing a file takes
 * several rounds: the schema errors first, then the cross-references.
 */
import type { z } from "zod";
import { DeploymentSchema, PointSchema, RULE_KINDS, RuleSettingsSchema, ZoneSchema, type PointConfig, type Rules, type Zone } from "./schema.js";
import type { TopLevel } from "./cross-references.js";
import { DEFAULT_SCHEDULES } from "../rules/schedule.js";

/** The fields of `raw` that pass their own schema; the others are left out. */
export function parseFields<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>, raw: unknown): Partial<z.infer<z.ZodObject<Shape>>> {
  const record = asRecord(raw);
  if (!record) return {};
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const result = (field as z.ZodType).safeParse(record[key]);
    if (result.success) out[key] = result.data;
  }
  return out as Partial<z.infer<z.ZodObject<Shape>>>;
}

/** What a point's cross-reference checks need; zones stay at their index in the file. */
export type PointParts = Partial<Omit<PointConfig, "zones">> & { zones: Partial<Zone>[] };

/** The valid parts of a point that failed PointSchema: each zone and each rule parsed on its own. */
export function pointParts(raw: unknown): PointParts {
  const { zones: _zones, ...rest } = parseFields(PointSchema, raw);
  const record = asRecord(raw) ?? {};
  const zones = Array.isArray(record.zones) ? record.zones.map((zone) => parseFields(ZoneSchema, zone)) : [];
  const rules = rest.rules ?? ruleParts(record.rules);
  return { ...rest, zones, ...(rules ? { rules } : {}) };
}

function ruleParts(raw: unknown): Rules | undefined {
  const record = asRecord(raw);
  if (!record) return undefined;
  return Object.fromEntries(RULE_KINDS.filter((kind) => record[kind] !== undefined).map((kind) => [kind, parseFields(RuleSettingsSchema, record[kind])]));
}

/** The valid top-level fields of a deployment that failed DeploymentSchema. */
export function topParts(raw: unknown): Partial<TopLevel> {
  const { points: _points, ...rest } = parseFields(DeploymentSchema, raw);
  return { ...rest, ...(rest.rules ? {} : { rules: ruleParts(asRecord(raw)?.rules) ?? {} }) };
}

/**
 * Unit ids and schedule names a section may refer to, read from the file as
 * written (a unit with a bad name still defines its id), plus the built-in
 * schedules (rush_hours, night_market: rules/schedule.ts), which every
 * deployment has without defining them. Undefined when the list itself is
 * unreadable: references to it are then not checked.
 */
export interface Names {
  units: Set<string> | undefined;
  schedules: Set<string> | undefined;
}

export function topNames(raw: unknown): Names {
  const record = asRecord(raw) ?? {};
  const units = record.units === undefined ? [] : Array.isArray(record.units) ? record.units.map((u) => asRecord(u)?.id) : undefined;
  return {
    units: units && new Set(units.filter((id): id is string => typeof id === "string")),
    schedules: withBuiltIns(scheduleNames(record.schedules)),
  };
}

/** A point sees the deployment's schedules and its own. */
export function pointNames(top: Names, rawPoint: unknown): Names {
  const own = scheduleNames(asRecord(rawPoint)?.schedules);
  return { units: top.units, schedules: top.schedules && own && new Set([...top.schedules, ...own]) };
}

function withBuiltIns(names: Set<string> | undefined): Set<string> | undefined {
  return names && new Set([...names, ...Object.keys(DEFAULT_SCHEDULES)]);
}

function scheduleNames(raw: unknown): Set<string> | undefined {
  if (raw === undefined) return new Set();
  const record = asRecord(raw);
  return record ? new Set(Object.keys(record)) : undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
