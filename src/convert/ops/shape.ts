/**
 * Shape ops: Reshape, ExpandDims, ConcatV2, GatherV2. All but ConcatV2 work on
 * the TF (NHWC) layout; ConcatV2 of rank-4 tensors stays NCHW with the axis remapped.
 */
import { KerbsideError } from "../../errors.js";
import { attrInt } from "../attrs.js";
import type { Value } from "../tensor.js";
import { constNumbers, elementCount, int64Const, nchwAxis } from "../tensor.js";
import { commonLayout } from "./broadcast.js";
import type { OpConverter } from "./registry.js";

/** TF Reshape target with one -1 resolved against the input's element count. */
export function resolveReshape(inputShape: readonly number[], target: readonly number[]): number[] {
  const known = target.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const total = elementCount(inputShape);
  return target.map((d) => (d === -1 ? (known === 0 ? 0 : total / known) : d));
}

const reshape: OpConverter = (node, ctx) => {
  const [input, shapeValue] = ctx.inputs(node, 2) as [Value, Value];
  const target = constNumbers(ctx.constant(node, shapeValue, "the shape"));
  const shape = resolveReshape(input.shape, target);
  if (!shape.every(Number.isInteger)) {
    throw new KerbsideError("KERB_ERR_CONVERT", `node "${node.name}": cannot reshape [${input.shape.join(",")}] to [${target.join(",")}]`);
  }
  const shapeName = ctx.initializer(`${node.name}/shape`, int64Const(shape));
  const name = ctx.node("Reshape", [ctx.as(input, "NHWC"), shapeName], node.name);
  return [{ name, dtype: input.dtype, shape, layout: "NHWC" }];
};

const expandDims: OpConverter = (node, ctx) => {
  const [input, dimValue] = ctx.inputs(node, 2) as [Value, Value];
  const [dim = 0] = constNumbers(ctx.constant(node, dimValue, "the axis"));
  const rank = input.shape.length + 1;
  const axis = dim < 0 ? dim + rank : dim;
  const shape = [...input.shape.slice(0, axis), 1, ...input.shape.slice(axis)];
  const axes = ctx.initializer(`${node.name}/axes`, int64Const([axis]));
  const name = ctx.node("Unsqueeze", [ctx.as(input, "NHWC"), axes], node.name);
  return [{ name, dtype: input.dtype, shape, layout: "NHWC" }];
};

const concat: OpConverter = (node, ctx) => {
  const values = ctx.inputs(node, 2);
  const axisValue = values.pop() as Value;
  const [first] = values as [Value];
  const rank = first.shape.length;
  const [rawAxis = 0] = constNumbers(ctx.constant(node, axisValue, "the axis"));
  const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
  const layout = rank === 4 ? commonLayout(values) : "NHWC";
  const names = values.map((v) => ctx.as(v, layout));
  const name = ctx.node("Concat", names, node.name, { axis: { kind: "int", value: layout === "NCHW" ? nchwAxis(axis) : axis } });
  const shape = first.shape.map((d, i) => (i === axis ? values.reduce((sum, v) => sum + (v.shape[i] ?? 0), 0) : d));
  return [{ name, dtype: first.dtype, shape, layout }];
};

const gather: OpConverter = (node, ctx) => {
  const [params, indices, axisValue] = ctx.inputs(node, 3) as [Value, Value, Value];
  if (attrInt(node, "batch_dims", 0) !== 0) {
    throw new KerbsideError("KERB_ERR_CONVERT", `node "${node.name}": GatherV2 with batch_dims is not supported`);
  }
  const [rawAxis = 0] = constNumbers(ctx.constant(node, axisValue, "the axis"));
  const axis = rawAxis < 0 ? rawAxis + params.shape.length : rawAxis;
  const name = ctx.node("Gather", [ctx.as(params, "NHWC"), ctx.as(indices, "NHWC")], node.name, { axis: { kind: "int", value: axis } });
  const shape = [...params.shape.slice(0, axis), ...indices.shape, ...params.shape.slice(axis + 1)];
  return [{ name, dtype: params.dtype, shape, layout: "NHWC" }];
};

export const shapeOps: Record<string, OpConverter> = {
  Reshape: reshape,
  ExpandDims: expandDims,
  ConcatV2: concat,
  GatherV2: gather,
};
