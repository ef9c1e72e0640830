/**
 * Turns zod issues and cross-reference problems into the one-line-per-problem
 * text the loader reports: `<file>: points[3] (id J04).source.url: expected …`.
 */
import type { z } from "zod";

export type PathSegment = string | number;

export interface ConfigIssue {
  /** Path from the top of the file, e.g. ["points", 3, "source", "url"]. */
  path: PathSegment[];
  message: string;
}

const ZOD_PREFIX = /^(invalid input|too small|too big|invalid option|invalid discriminator value|invalid string)[:.]?\s*/i;

export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix: PathSegment[] = []): ConfigIssue[] {
  return issues.flatMap((issue) => {
    const base = [...prefix, ...issue.path.map(toSegment)];
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: [...base, key], message: "unknown field (check the spelling; fields are strict)" }));
    }
    return [{ path: base, message: tidy(issue) }];
  });
}

function toSegment(segment: PropertyKey): PathSegment {
  return typeof segment === "number" ? segment : String(segment);
}

function tidy(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && issue.input === undefined) return `required field is missing (expected ${issue.expected})`;
  const text = issue.message.replace(ZOD_PREFIX, "");
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * Renders a path, naming the point by id when known:
 * points[3] (id J04).zones[0].polygon
 */
export function formatPath(path: readonly PathSegment[], pointIds: readonly (string | undefined)[]): string {
  if (path.length === 0) return "(top level)";
  let out = "";
  path.forEach((segment, i) => {
    if (typeof segment === "number") {
      out += `[${segment}]`;
      const id = i === 1 && path[0] === "points" ? pointIds[segment] : undefined;
      if (id !== undefined) out += ` (id ${id})`;
    } else {
      out += out === "" ? segment : `.${segment}`;
    }
  });
  return out;
}

export function formatIssues(file: string, issues: readonly ConfigIssue[], pointIds: readonly (string | undefined)[]): string {
  const lines = issues.map((issue) => `${file}: ${formatPath(issue.path, pointIds)}: ${issue.message}`);
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  return `invalid config ${file} (${count}):\n${lines.join("\n")}`;
}
