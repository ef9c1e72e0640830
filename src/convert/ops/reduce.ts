/**
 * Mean over axes. Over H and W of an NCHW tensor with keep_dims it is a
 * GlobalAveragePool (the squeeze-excite pattern); otherwise ReduceMean
 * (opset 17: axes as an attribute) with axes mapped to the physical layout.
 */
import { attrBool } from "../attrs.js";
import type { Value } from "../tensor.js";
import { constNumbers, nchwAxis } from "../tensor.js";
import type { OpConverter } from "./registry.js";

export function normaliseAxes(axes: readonly number[], rank: number): number[] {
  return [...new Set(axes.map((a) => (a < 0 ? a + rank : a)))].sort((x, y) => x - y);
}

const mean: OpConverter = (node, ctx) => {
  const [scaledInput, axesValue] = ctx.inputs(node, 2) as [Value, Value];
  // mean(k·x) = k·mean(x): a pending scale is carried on.
  const input = ctx.raw(scaledInput);
  const scale = scaledInput.scale === undefined ? {} : { scale: scaledInput.scale };
  const rank = input.shape.length;
  const axes = normaliseAxes(constNumbers(ctx.constant(node, axesValue, "reduction_indices")), rank);
  const keep = attrBool(node, "keep_dims", false);
  const shape = keep ? input.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : input.shape.filter((_, i) => !axes.includes(i));
  const layout = keep && input.layout === "NCHW" ? "NCHW" : "NHWC";
  if (layout === "NCHW" && axes.join() === "1,2") {
    return [{ name: ctx.node("GlobalAveragePool", [ctx.name(input)], node.name), dtype: input.dtype, shape, layout, ...scale }];
  }
  const physical = layout === "NCHW" ? axes.map(nchwAxis) : axes;
  const name = ctx.node("ReduceMean", [ctx.as(input, layout)], node.name, {
    axes: { kind: "ints", value: physical },
    keepdims: { kind: "int", value: keep ? 1 : 0 },
  });
  return [{ name, dtype: input.dtype, shape, layout, ...scale }];
};

export const reduceOps: Record<string, OpConverter> = { Mean: mean };
