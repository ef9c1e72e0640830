/**
 * Checks what a schema cannot: ids that must be unique, and names (units,
 * schedules) that must refer to something the deployment defines.
 */
import path from "node:path";
import type { ConfigIssue, PathSegment } from "./config-issues.js";
import type { PointConfig, Rules, Sampling, Schedules, Unit } from "./schema.js";
import { RULE_KINDS } from "./schema.js";
import { errorMessage, isKerbsideError } from "../errors.js";
import { validatePointZones } from "../rules/zones.js";
import { validatePlaybackTemplate } from "../footage/playback-url.js";

export interface TopLevel {
  timezone: string;
  units: Unit[];
  schedules: Schedules;
  sampling: Sampling;
  rules: Rules;
}

export function checkTopLevel(top: TopLevel): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (!isValidTimeZone(top.timezone)) {
    issues.push({ path: ["timezone"], message: `unknown IANA time zone "${top.timezone}" (e.g. Asia/Shanghai)` });
  }
  duplicates(top.units.map((u) => u.id)).forEach((index) =>
    issues.push({ path: ["units", index, "id"], message: `duplicate unit id "${top.units[index]?.id}"` }),
  );
  const unitIds = new Set(top.units.map((u) => u.id));
  const scheduleNames = new Set(Object.keys(top.schedules));
  issues.push(...checkRules(top.rules, ["rules"], unitIds, scheduleNames));
  issues.push(...checkSampling(top.sampling, ["sampling"], scheduleNames));
  return issues;
}

/** Cross-references of one (already schema-valid) point at index `index`. */
export function checkPoint(point: PointConfig, index: number, top: TopLevel): ConfigIssue[] {
  const at = (...rest: PathSegment[]): PathSegment[] => ["points", index, ...rest];
  const unitIds = new Set(top.units.map((u) => u.id));
  const scheduleNames = new Set([...Object.keys(top.schedules), ...Object.keys(point.schedules ?? {})]);
  const issues: ConfigIssue[] = [];
  point.units.forEach((unit, i) => {
    if (!unitIds.has(unit)) issues.push({ path: at("units", i), message: unknownName("unit", unit, unitIds) });
  });
  duplicates(point.zones.map((z) => z.id)).forEach((i) =>
    issues.push({ path: at("zones", i, "id"), message: `duplicate zone id "${point.zones[i]?.id}" in this point` }),
  );
  point.zones.forEach((zone, i) => {
    if (zone.activeDuring !== undefined && !scheduleNames.has(zone.activeDuring)) {
      issues.push({ path: at("zones", i, "activeDuring"), message: unknownName("schedule", zone.activeDuring, scheduleNames) });
    }
  });
  if (issues.length === 0) issues.push(...checkZoneGeometry(point, index, top));
  issues.push(...checkPlaybackTemplate(point, index));
  issues.push(...checkArchivePattern(point, index));
  issues.push(...checkRules(point.rules ?? {}, at("rules"), unitIds, scheduleNames));
  issues.push(...checkSampling(point.sampling ?? {}, at("sampling"), scheduleNames));
  return issues;
}

function checkPlaybackTemplate(point: PointConfig, index: number): ConfigIssue[] {
  if (point.source.kind !== "playback") return [];
  const path: PathSegment[] = ["points", index, "source", "urlTemplate"];
  if (!/^(rtsps?|https?):\/\//.test(point.source.urlTemplate)) return [{ path, message: "expected an rtsp:// or http(s):// URL template" }];
  try {
    validatePlaybackTemplate(point.source.urlTemplate);
    return [];
  } catch (error) {
    if (!isKerbsideError(error, "KERB_ERR_SOURCE")) throw error;
    return [{ path, message: error.message.replace(/^playback URL template: /, "") }];
  }
}

function checkArchivePattern(point: PointConfig, index: number): ConfigIssue[] {
  if (point.source.kind !== "archive" || point.source.pattern === undefined) return [];
  try {
    new RegExp(point.source.pattern);
    return [];
  } catch (error) {
    return [{ path: ["points", index, "source", "pattern"], message: `not a valid regular expression: ${errorMessage(error)}` }];
  }
}

/** Polygon geometry (crossing edges, no area) as the rule engine will check it. */
function checkZoneGeometry(point: PointConfig, index: number, top: TopLevel): ConfigIssue[] {
  try {
    validatePointZones(top, point);
    return [];
  } catch (error) {
    if (!isKerbsideError(error, "KERB_ERR_ZONE")) throw error;
    const match = /^point [^,]+, zone ([^:]+): (.*)$/s.exec(error.message);
    const zoneIndex = point.zones.findIndex((z) => z.id === match?.[1]);
    const path: PathSegment[] = zoneIndex >= 0 ? ["points", index, "zones", zoneIndex, "polygon"] : ["points", index, "zones"];
    return [{ path, message: match?.[2] ?? error.message }];
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

function checkRules(rules: Rules, base: PathSegment[], unitIds: Set<string>, schedules: Set<string>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const kind of RULE_KINDS) {
    const rule = rules[kind];
    if (!rule) continue;
    const schedule = (name: string | undefined, ...rest: PathSegment[]): void => {
      if (name !== undefined && !schedules.has(name)) issues.push({ path: [...base, kind, ...rest], message: unknownName("schedule", name, schedules) });
    };
    if (rule.unit !== undefined && !unitIds.has(rule.unit)) {
      issues.push({ path: [...base, kind, "unit"], message: unknownName("unit", rule.unit, unitIds) });
    }
    schedule(rule.activeDuring, "activeDuring");
    schedule(rule.inactiveDuring, "inactiveDuring");
    rule.dwellDuring?.forEach((d, i) => schedule(d.schedule, "dwellDuring", i, "schedule"));
  }
  return issues;
}

function checkSampling(sampling: Sampling, base: PathSegment[], schedules: Set<string>): ConfigIssue[] {
  return (sampling.during ?? []).flatMap((d, i) =>
    schedules.has(d.schedule) ? [] : [{ path: [...base, "during", i, "schedule"], message: unknownName("schedule", d.schedule, schedules) }],
  );
}

function unknownName(what: string, name: string, known: Set<string>): string {
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

function isValidTimeZone(timeZone: string): boolean {
  return Intl.supportedValuesOf("timeZone").includes(timeZone) || timeZone === "UTC" || canFormatIn(timeZone);
}

function canFormatIn(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}
