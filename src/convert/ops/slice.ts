/**
 * StridedSlice with constant begin/end/strides → ONNX Slice (+ Squeeze for
 * shrink_axis_mask). ellipsis_mask and new_axis_mask are not supported.
 */
import { KerbsideError } from "../../errors.js";
import { attrInt } from "../attrs.js";
import type { GraphNode } from "../graph-model.js";
import type { Value } from "../tensor.js";
import { constNumbers, int64Const } from "../tensor.js";
import type { OpConverter } from "./registry.js";

export interface SliceSpec {
  starts: number[];
  ends: number[];
  steps: number[];
  /** Axes removed afterwards (shrink_axis_mask). */
  squeeze: number[];
  /** Output shape before squeezing (-1 where the input dim is unknown). */
  shape: number[];
}

const BIG = 2 ** 53 - 1;

function clampIndex(index: number, size: number, step: number): number {
  const i = index < 0 ? index + size : index;
  return step > 0 ? Math.min(Math.max(i, 0), size) : Math.min(Math.max(i, -1), size - 1);
}

/** Pure StridedSlice semantics for one input shape. */
export function stridedSliceSpec(
  shape: readonly number[],
  begin: readonly number[],
  end: readonly number[],
  strides: readonly number[],
  masks: { begin: number; end: number; shrink: number },
): SliceSpec {
  const spec: SliceSpec = { starts: [], ends: [], steps: [], squeeze: [], shape: [...shape] };
  begin.forEach((b, axis) => {
    const step = strides[axis] ?? 1;
    const size = shape[axis] ?? -1;
    const shrink = (masks.shrink >> axis) & 1;
    let start = (masks.begin >> axis) & 1 ? (step > 0 ? 0 : BIG) : b;
    let stop = (masks.end >> axis) & 1 ? (step > 0 ? BIG : -BIG) : (end[axis] ?? BIG);
    if (shrink) {
      stop = start === -1 ? BIG : start + 1;
      spec.squeeze.push(axis);
    }
    spec.starts.push(start);
    spec.ends.push(stop);
    spec.steps.push(step);
    if (size >= 0) {
      start = clampIndex(start, size, step);
      stop = stop === BIG ? (step > 0 ? size : -1) : stop === -BIG ? -1 : clampIndex(stop, size, step);
      spec.shape[axis] = Math.max(0, Math.ceil((stop - start) / step));
    }
  });
  return spec;
}

function masks(node: GraphNode): { begin: number; end: number; shrink: number } {
  if (attrInt(node, "ellipsis_mask", 0) !== 0 || attrInt(node, "new_axis_mask", 0) !== 0) {
    throw new KerbsideError("KERB_ERR_CONVERT", `node "${node.name}": StridedSlice with ellipsis/new-axis masks is not supported`);
  }
  return { begin: attrInt(node, "begin_mask", 0), end: attrInt(node, "end_mask", 0), shrink: attrInt(node, "shrink_axis_mask", 0) };
}

const stridedSlice: OpConverter = (node, ctx) => {
  const [input, beginValue, endValue, stridesValue] = ctx.inputs(node, 4) as [Value, Value, Value, Value];
  const begin = constNumbers(ctx.constant(node, beginValue, "begin"));
  const end = constNumbers(ctx.constant(node, endValue, "end"));
  const strides = constNumbers(ctx.constant(node, stridesValue, "strides"));
  const spec = stridedSliceSpec(input.shape, begin, end, strides, masks(node));
  const axes = spec.starts.map((_, i) => i);
  const inputs = [
    ctx.as(input, "NHWC"),
    ctx.initializer(`${node.name}/starts`, int64Const(spec.starts)),
    ctx.initializer(`${node.name}/ends`, int64Const(spec.ends)),
    ctx.initializer(`${node.name}/axes`, int64Const(axes)),
    ctx.initializer(`${node.name}/steps`, int64Const(spec.steps)),
  ];
  const sliced = ctx.node("Slice", inputs, spec.squeeze.length ? `${node.name}/slice` : node.name);
  if (spec.squeeze.length === 0) return [{ name: sliced, dtype: input.dtype, shape: spec.shape, layout: "NHWC" }];
  const squeezeAxes = ctx.initializer(`${node.name}/squeeze`, int64Const(spec.squeeze));
  const name = ctx.node("Squeeze", [sliced, squeezeAxes], node.name);
  const shape = spec.shape.filter((_, i) => !spec.squeeze.includes(i));
  return [{ name, dtype: input.dtype, shape, layout: "NHWC" }];
};

export const sliceOps: Record<string, OpConverter> = { StridedSlice: stridedSlice };
