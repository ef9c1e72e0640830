/**
 * Checks what a schema cannot: ids that must be unique, and names (units,
 * schedules) that must refer to something the deployment defines.
 */
import path from "node:path";
import type { ConfigIssue, PathSegment } from "./config-issues.js";
import type { PointConfig, Rules, Sampling, Schedules, SourceConfig, Unit } from "./schema.js";
import { RULE_KINDS } from "./schema.js";
import type { Names, PointParts } from "./partial-parse.js";
import { errorMessage, isKerbsideError } from "../errors.js";
import { zoneGeometryProblem } from "../rules/zones.js";
import { isValidTimeZone } from "../time/time-zone.js";
import { validatePlaybackTemplate } from "../footage/playback-url.js";

export interface TopLevel {
  timezone: string;
  units: Unit[];
  schedules: Schedules;
  sampling: Sampling;
  rules: Rules;
  report: { organiserUnit?: string };
}

export function checkTopLevel(top: Partial<TopLevel>, names: Names): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (top.timezone !== undefined && !isValidTimeZone(top.timezone)) {
    issues.push({ path: ["timezone"], message: `unknown IANA time zone "${top.timezone}" (e.g. Asia/Shanghai)` });
  }
  const units = top.units ?? [];
  duplicates(units.map((u) => u.id)).forEach((index) =>
    issues.push({ path: ["units", index, "id"], message: `duplicate unit id "${units[index]?.id}"` }),
  );
  issues.push(...checkRules(top.rules ?? {}, ["rules"], names));
  issues.push(...checkSampling(top.sampling ?? {}, ["sampling"], names));
  const organiser = top.report?.organiserUnit;
  if (organiser !== undefined && names.units && !names.units.has(organiser)) {
    issues.push({ path: ["report", "organiserUnit"], message: unknownName("unit", organiser, names.units) });
  }
  return issues;
}

/**
 * Cross-references of one point at index `index`: of every field that passed
 * the schema, even when others did not (see partial-parse.ts), so one round
 * lists every problem.
 */
export function checkPoint(point: PointParts, index: number, names: Names): ConfigIssue[] {
  const at = (...rest: PathSegment[]): PathSegment[] => ["points", index, ...rest];
  const issues: ConfigIssue[] = [];
  const { units, schedules } = names;
  if (units) {
    point.units?.forEach((unit, i) => {
      if (!units.has(unit)) issues.push({ path: at("units", i), message: unknownName("unit", unit, units) });
    });
  }
  duplicates(point.zones.map((z) => z.id)).forEach((i) =>
    issues.push({ path: at("zones", i, "id"), message: `duplicate zone id "${point.zones[i]?.id}" in this point` }),
  );
  point.zones.forEach((zone, i) => {
    if (schedules && zone.activeDuring !== undefined && !schedules.has(zone.activeDuring)) {
      issues.push({ path: at("zones", i, "activeDuring"), message: unknownName("schedule", zone.activeDuring, schedules) });
    }
    const problem = zone.polygon && zoneGeometryProblem(zone.polygon);
    if (problem) issues.push({ path: at("zones", i, "polygon"), message: problem });
  });
  if (point.source) {
    issues.push(...checkPlaybackTemplate(point.source, index));
    issues.push(...checkArchivePattern(point.source, index));
  }
  issues.push(...checkRules(point.rules ?? {}, at("rules"), names));
  issues.push(...checkSampling(point.sampling ?? {}, at("sampling"), names));
  return issues;
}

function checkPlaybackTemplate(source: SourceConfig, index: number): ConfigIssue[] {
  if (source.kind !== "playback") return [];
  const path: PathSegment[] = ["points", index, "source", "urlTemplate"];
  if (!/^(rtsps?|https?):\/\//.test(source.urlTemplate)) return [{ path, message: "expected an rtsp:// or http(s):// URL template" }];
  try {
    validatePlaybackTemplate(source.urlTemplate);
    return [];
  } catch (error) {
    if (!isKerbsideError(error, "KERB_ERR_SOURCE")) throw error;
    return [{ path, message: error.message.replace(/^playback URL template: /, "") }];
  }
}

function checkArchivePattern(source: SourceConfig, index: number): ConfigIssue[] {
  if (source.kind !== "archive" || source.pattern === undefined) return [];
  try {
    new RegExp(source.pattern);
    return [];
  } catch (error) {
    return [{ path: ["points", index, "source", "pattern"], message: `not a valid regular expression: ${errorMessage(error)}` }];
  }
}

export function checkPointIds(points: readonly { id?: unknown }[]): ConfigIssue[] {
  const ids = points.map((p) => (typeof p.id === "string" ? p.id : undefined));
  return duplicates(ids).map((i) => ({ path: ["points", i, "id"], message: `duplicate point id "${ids[i]}"` }));
}

/**
 * Footage files belong to one point (the index is keyed by file): two
 * archive sources on one folder need their own patterns, and a file is
 * indexed by one non-live file source.
 */
export function checkSharedFiles(points: readonly { index: number; point: PointConfig }[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen: { id: string; key: string; pattern: string | undefined }[] = [];
  for (const { index, point } of points) {
    const claim = fileClaim(point);
    if (!claim) continue;
    const clash = seen.find((s) => s.key === claim.key && (s.pattern === undefined || claim.pattern === undefined || s.pattern === claim.pattern));
    if (clash) {
      issues.push({
        path: ["points", index, "source", claim.field],
        message: `the same files as point ${clash.id}: a file belongs to one point (give each point its own folder or pattern)`,
      });
    } else {
      seen.push({ id: point.id, key: claim.key, pattern: claim.pattern });
    }
  }
  return issues;
}

function fileClaim(point: PointConfig): { key: string; pattern: string | undefined; field: string } | undefined {
  const source = point.source;
  const normal = (p: string): string => path.normalize(p).replace(/[\\/]+$/, "");
  if (source.kind === "archive") return { key: `archive:${normal(source.dir)}`, pattern: source.pattern, field: "dir" };
  if (source.kind === "file" && !source.live) return { key: `file:${normal(source.path)}`, pattern: undefined, field: "path" };
  return undefined;
}

function checkRules(rules: Rules, base: PathSegment[], names: Names): ConfigIssue[] {
  const { units: unitIds, schedules } = names;
  const issues: ConfigIssue[] = [];
  for (const kind of RULE_KINDS) {
    const rule = rules[kind];
    if (!rule) continue;
    const schedule = (name: string | undefined, ...rest: PathSegment[]): void => {
      if (schedules && name !== undefined && !schedules.has(name)) issues.push({ path: [...base, kind, ...rest], message: unknownName("schedule", name, schedules) });
    };
    if (unitIds && rule.unit !== undefined && !unitIds.has(rule.unit)) {
      issues.push({ path: [...base, kind, "unit"], message: unknownName("unit", rule.unit, unitIds) });
    }
    schedule(rule.activeDuring, "activeDuring");
    schedule(rule.inactiveDuring, "inactiveDuring");
    rule.dwellDuring?.forEach((d, i) => schedule(d.schedule, "dwellDuring", i, "schedule"));
  }
  return issues;
}

function checkSampling(sampling: Sampling, base: PathSegment[], { schedules }: Names): ConfigIssue[] {
  if (!schedules) return [];
  return (sampling.during ?? []).flatMap((d, i) =>
    schedules.has(d.schedule) ? [] : [{ path: [...base, "during", i, "schedule"], message: unknownName("schedule", d.schedule, schedules) }],
  );
}

export function unknownName(what: string, name: string, known: Set<string>): string {
  const list = known.size > 0 ? [...known].join(", ") : "none defined";
  return `unknown ${what} "${name}" (known: ${list})`;
}

/** Indexes of entries that repeat an earlier entry. */
function duplicates(values: readonly (string | undefined)[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  values.forEach((value, i) => {
    if (value === undefined) return;
    if (seen.has(value)) out.push(i);
    seen.add(value);
  });
  return out;
}
