/**
 * Op converters keyed by TF op name. Each converter turns one TF node into
 * ONNX nodes through the context and returns the node's output values.
 */
import type { ConvertContext } from "../context.js";
import type { GraphNode } from "../graph-model.js";
import type { Value } from "../tensor.js";
import { convOps } from "./conv.js";
import { elementwiseOps } from "./elementwise.js";
import { hardOps } from "./hard.js";
import { integerOps } from "./integer.js";
import { poolOps } from "./pool.js";
import { reduceOps } from "./reduce.js";
import { resizeOps } from "./resize.js";
import { shapeOps } from "./shape.js";
import { sliceOps } from "./slice.js";
import { topkOps } from "./topk.js";

export type OpConverter = (node: GraphNode, ctx: ConvertContext) => Value[];

export const OP_CONVERTERS: Readonly<Record<string, OpConverter>> = {
  ...convOps,
  ...elementwiseOps,
  ...hardOps,
  ...integerOps,
  ...poolOps,
  ...reduceOps,
  ...resizeOps,
  ...shapeOps,
  ...sliceOps,
  ...topkOps,
};

/** Ops handled by the converter itself rather than the registry. */
export const GRAPH_OPS = new Set(["Const", "Placeholder"]);

export function isSupportedOp(op: string): boolean {
  return GRAPH_OPS.has(op) || Object.hasOwn(OP_CONVERTERS, op);
}
