/**
 * Typed readers for TF node attributes (strings are base64 in model.json).
 * Missing required attributes raise KERB_ERR_CONVERT naming node and attr.
 */
import { KerbsideError } from "../errors.js";
import type { GraphNode } from "./graph-model.js";

function fail(node: GraphNode, attr: string, what: string): never {
  throw new KerbsideError("KERB_ERR_CONVERT", `node "${node.name}" (${node.op}): attribute ${attr} ${what}`);
}

export function attrString(node: GraphNode, attr: string, fallback?: string): string {
  const value = node.attr?.[attr]?.s;
  if (value === undefined) return fallback ?? fail(node, attr, "is missing");
  return Buffer.from(value, "base64").toString("utf8");
}

export function attrStrings(node: GraphNode, attr: string): string[] {
  return (node.attr?.[attr]?.list?.s ?? []).map((s) => Buffer.from(s, "base64").toString("utf8"));
}

export function attrInt(node: GraphNode, attr: string, fallback?: number): number {
  const value = node.attr?.[attr]?.i;
  if (value === undefined) return fallback ?? fail(node, attr, "is missing");
  return Number(value);
}

export function attrInts(node: GraphNode, attr: string, fallback?: number[]): number[] {
  const list = node.attr?.[attr]?.list;
  if (list === undefined) return fallback ?? fail(node, attr, "is missing");
  return (list.i ?? []).map(Number);
}

export function attrBool(node: GraphNode, attr: string, fallback: boolean): boolean {
  return node.attr?.[attr]?.b ?? fallback;
}

export function attrFloat(node: GraphNode, attr: string, fallback: number): number {
  return node.attr?.[attr]?.f ?? fallback;
}

export function attrType(node: GraphNode, attr: string, fallback?: string): string {
  const value = node.attr?.[attr]?.type;
  if (value === undefined) return fallback ?? fail(node, attr, "is missing");
  return value;
}
