/**
 * Elementwise TF ops: arithmetic, comparisons, activations, Cast, Identity.
 */
import { KerbsideError } from "../../errors.js";
import { attrFloat, attrType } from "../attrs.js";
import type { ConvertContext } from "../context.js";
import type { GraphNode } from "../graph-model.js";
import type { DType, Value } from "../tensor.js";
import type { Activation } from "./activation.js";
import { emitActivation } from "./activation.js";
import { broadcastShape, commonLayout, operand } from "./broadcast.js";
import type { OpConverter } from "./registry.js";

const TF_DTYPES: Record<string, DType> = { DT_FLOAT: "float32", DT_INT32: "int32", DT_INT64: "int64", DT_BOOL: "bool" };

export function tfDType(node: GraphNode, type: string): DType {
  const dtype = TF_DTYPES[type];
  if (!dtype) throw new KerbsideError("KERB_ERR_CONVERT", `node "${node.name}" (${node.op}): dtype ${type} not supported`);
  return dtype;
}

/** Emits a binary op on aligned operands; `dtype` overrides the output type (comparisons). */
export function binary(node: GraphNode, ctx: ConvertContext, onnxOp: string, dtype?: DType): Value[] {
  const [a, b] = ctx.inputs(node, 2) as [Value, Value];
  const layout = commonLayout([a, b]);
  const name = ctx.node(onnxOp, [operand(ctx, a, layout), operand(ctx, b, layout)], node.name);
  const shape = broadcastShape([a.shape, b.shape]);
  return [{ name, dtype: dtype ?? a.dtype, shape, layout: shape.length === 4 ? layout : "NHWC" }];
}

/** a·b where either may carry a pending scale: the product of the raw tensors, scaled by both. */
function multiply(node: GraphNode, ctx: ConvertContext): Value[] {
  const [a, b] = ctx.inputs(node, 2) as [Value, Value];
  if (a.scale === undefined && b.scale === undefined) return binary(node, ctx, "Mul");
  const scale = (a.scale ?? 1) * (b.scale ?? 1);
  const layout = commonLayout([a, b]);
  const name = ctx.node("Mul", [operand(ctx, ctx.raw(a), layout), operand(ctx, ctx.raw(b), layout)], node.name);
  const shape = broadcastShape([a.shape, b.shape]);
  return [{ name, dtype: a.dtype, shape, layout: shape.length === 4 ? layout : "NHWC", scale }];
}

function unary(node: GraphNode, ctx: ConvertContext, emit: (input: string) => string): Value[] {
  const [x] = ctx.inputs(node, 1) as [Value];
  return [{ name: emit(ctx.name(x)), dtype: x.dtype, shape: x.shape, layout: x.layout }];
}

function activation(kind: Activation): OpConverter {
  return (node, ctx) => unary(node, ctx, (input) => emitActivation(ctx, kind, input, node.name, attrFloat(node, "alpha", 0.2)));
}

function cast(node: GraphNode, ctx: ConvertContext): Value[] {
  const [x] = ctx.inputs(node, 1) as [Value];
  const dtype = tfDType(node, attrType(node, "DstT"));
  const to = { float32: 1, int32: 6, int64: 7, bool: 9 }[dtype];
  const name = ctx.node("Cast", [ctx.name(x)], node.name, { to: { kind: "int", value: to } });
  return [{ name, dtype, shape: x.shape, layout: x.layout }];
}

export const elementwiseOps: Record<string, OpConverter> = {
  Add: (node, ctx) => binary(node, ctx, "Add"),
  AddV2: (node, ctx) => binary(node, ctx, "Add"),
  Sub: (node, ctx) => binary(node, ctx, "Sub"),
  Mul: multiply,
  RealDiv: (node, ctx) => binary(node, ctx, "Div"),
  Maximum: (node, ctx) => binary(node, ctx, "Max"),
  Minimum: (node, ctx) => binary(node, ctx, "Min"),
  Equal: (node, ctx) => binary(node, ctx, "Equal", "bool"),
  Greater: (node, ctx) => binary(node, ctx, "Greater", "bool"),
  Less: (node, ctx) => binary(node, ctx, "Less", "bool"),
  Relu: activation("Relu"),
  Relu6: activation("Relu6"),
  Sigmoid: activation("Sigmoid"),
  Tanh: activation("Tanh"),
  Elu: activation("Elu"),
  LeakyRelu: activation("LeakyRelu"),
  Cast: cast,
  Identity: (node, ctx) => ctx.inputs(node, 1).slice(0, 1),
};
