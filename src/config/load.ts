/**
 * Loads and validates a deployment YAML file, once, at the edge. The top level
 * is parsed with DeploymentSchema, then every point separately with
 * PointSchema, so one bad point never hides the errors of another. All
 * problems (schema and cross-references) are reported together in one
 * KERB_ERR_CONFIG error, one line each, naming the file and the field path.
 * Cross-references are checked on every field that passed its schema, even
 * in a point (or top level) with schema errors elsewhere (partial-parse.ts).
 * loadDeploymentLenient() is for the service: bad points are left out and
 * reported, so they never stop the other cameras.
 *
 * Relative paths (storageDir, file and archive sources) resolve against the
 * folder of the config file. `${NAME}` in camera URLs is taken from the
 * environment (see env-vars.ts).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import { KerbsideError, errorMessage } from "../errors.js";
import { fromZodIssues, formatIssues, type ConfigIssue } from "./config-issues.js";
import { checkPoint, checkPointIds, checkSharedFiles, checkTopLevel } from "./cross-references.js";
import { expandEnv } from "./env-vars.js";
import { checkWorkflowSchedules } from "./workflow-references.js";
import { pointNames, pointParts, topNames, topParts } from "./partial-parse.js";
import { DeploymentSchema, PointSchema, type Deployment, type PointConfig, type SourceConfig } from "./schema.js";

export function loadDeployment(file: string): Deployment {
  const absolute = path.resolve(file);
  return parseDeployment(readYaml(absolute), absolute);
}

/** A point left out of a leniently loaded deployment, with every problem it has. */
export interface RejectedPoint {
  index: number;
  id: string | undefined;
  /** The same KERB_ERR_CONFIG text a strict load gives, for this point only. */
  message: string;
}

export interface LenientDeployment {
  deployment: Deployment;
  rejected: RejectedPoint[];
}

/**
 * For the long-running service: a bad point is reported and left out, so one
 * bad config entry never stops the other cameras. Problems outside the points
 * (timezone, units, schedules…) and a file with no valid point still throw.
 */
export function loadDeploymentLenient(file: string): LenientDeployment {
  const absolute = path.resolve(file);
  return parseDeploymentLenient(readYaml(absolute), absolute);
}

/** Validates an already-parsed document as if it came from `file`. */
export function parseDeployment(raw: unknown, file: string, env: NodeJS.ProcessEnv = process.env): Deployment {
  const checked = validate(raw, file, env);
  if (checked.issues.length > 0 || !checked.top.success) {
    throw new KerbsideError("KERB_ERR_CONFIG", formatIssues(file, sortIssues(checked.issues), checked.pointIds));
  }
  return resolvePaths({ ...checked.top.data, points: checked.points.map((p) => p.point), file }, path.dirname(file));
}

export function parseDeploymentLenient(raw: unknown, file: string, env: NodeJS.ProcessEnv = process.env): LenientDeployment {
  const checked = validate(raw, file, env);
  const global = checked.issues.filter((issue) => pointIndex(issue) === undefined);
  const bad = new Set(checked.issues.map(pointIndex).filter((i): i is number => i !== undefined));
  const points = checked.points.filter((p) => !bad.has(p.index)).map((p) => p.point);
  if (global.length > 0 || !checked.top.success || points.length === 0) {
    throw new KerbsideError("KERB_ERR_CONFIG", formatIssues(file, sortIssues(checked.issues), checked.pointIds));
  }
  const rejected = [...bad].sort((a, b) => a - b).map((index) => ({
    index,
    id: checked.pointIds[index],
    message: formatIssues(file, checked.issues.filter((issue) => pointIndex(issue) === index), checked.pointIds),
  }));
  return { deployment: resolvePaths({ ...checked.top.data, points, file }, path.dirname(file)), rejected };
}

interface Checked {
  top: ReturnType<typeof DeploymentSchema.safeParse>;
  points: { index: number; point: PointConfig }[];
  issues: ConfigIssue[];
  pointIds: (string | undefined)[];
}

function validate(raw: unknown, file: string, env: NodeJS.ProcessEnv): Checked {
  const top = DeploymentSchema.safeParse(raw);
  const rawPoints = rawPointList(raw);
  const pointIds = rawPoints.map((p) => (isRecord(p) && typeof p.id === "string" ? p.id : undefined));
  const names = topNames(raw);
  const issues: ConfigIssue[] = top.success ? [] : fromZodIssues(top.error.issues);
  issues.push(...checkTopLevel(top.success ? top.data : topParts(raw), names));
  issues.push(...checkWorkflowSchedules(raw, names));
  const points: Checked["points"] = [];
  rawPoints.forEach((rawPoint, index) => {
    const parsed = PointSchema.safeParse(rawPoint);
    if (!parsed.success) issues.push(...fromZodIssues(parsed.error.issues, ["points", index]));
    const parts = parsed.success ? parsed.data : pointParts(rawPoint);
    const source = parts.source && withEnv(parts.source, index, env, issues);
    if (parsed.success && source) points.push({ index, point: { ...parsed.data, source } });
    issues.push(...checkPoint(parts, index, pointNames(names, rawPoint)));
  });
  issues.push(...checkPointIds(rawPoints.map((p) => (isRecord(p) ? p : {}))));
  issues.push(...checkSharedFiles(points));
  return { top, points, issues, pointIds };
}

/** The index of the point an issue belongs to, or undefined for top-level issues. */
function pointIndex(issue: ConfigIssue): number | undefined {
  return issue.path[0] === "points" && typeof issue.path[1] === "number" ? issue.path[1] : undefined;
}

/** Expands `${NAME}` in a camera's URLs (url, detectUrl); unset variables become issues. */
function withEnv(source: SourceConfig, index: number, env: NodeJS.ProcessEnv, issues: ConfigIssue[]): SourceConfig {
  const expand = (value: string, field: string): string => {
    const result = expandEnv(value, env);
    for (const name of result.missing) issues.push({ path: ["points", index, "source", field], message: `environment variable ${name} is not set` });
    return result.value;
  };
  if (source.kind === "rtsp" || source.kind === "http") {
    const detectUrl = source.detectUrl === undefined ? {} : { detectUrl: expand(source.detectUrl, "detectUrl") };
    return { ...source, url: expand(source.url, "url"), ...detectUrl };
  }
  if (source.kind === "playback") return { ...source, urlTemplate: expand(source.urlTemplate, "urlTemplate") };
  return source;
}

function readYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new KerbsideError("KERB_ERR_CONFIG", `${file}: cannot read the config file: ${errorMessage(error)}`, { cause: error });
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => `${file}: line ${e.linePos?.[0]?.line ?? "?"}: ${e.message.split("\n")[0]}`);
    throw new KerbsideError("KERB_ERR_CONFIG", `invalid YAML in ${file}:\n${lines.join("\n")}`);
  }
  return doc.toJS();
}

function rawPointList(raw: unknown): unknown[] {
  return isRecord(raw) && Array.isArray(raw.points) ? raw.points : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Issues in file order: top-level first, then points by index. */
function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  const key = (issue: ConfigIssue): number => (pointIndex(issue) ?? -1) + 1;
  return issues.map((issue, i) => ({ issue, i })).sort((a, b) => key(a.issue) - key(b.issue) || a.i - b.i).map((x) => x.issue);
}

function resolvePaths(deployment: Deployment, baseDir: string): Deployment {
  const resolve = (p: string): string => path.resolve(baseDir, p);
  return {
    ...deployment,
    storageDir: resolve(deployment.storageDir),
    points: deployment.points.map((point) => {
      const source = point.source;
      if (source.kind === "file") return { ...point, source: { ...source, path: resolve(source.path) } };
      if (source.kind === "archive") return { ...point, source: { ...source, dir: resolve(source.dir) } };
      return point;
    }),
  };
}
