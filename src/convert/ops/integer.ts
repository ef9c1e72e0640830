/**
 * FloorDiv and FloorMod with TF's floor semantics. ONNX Div truncates toward
 * zero on integers, so integer floor division is built exactly from the
 * floor-modulo (ONNX Mod with fmod=0 takes the divisor's sign, like TF):
 *   floordiv(a, b) = (a - floormod(a, b)) / b, where the division is exact.
 */
import type { ConvertContext } from "../context.js";
import type { GraphNode } from "../graph-model.js";
import type { Value } from "../tensor.js";
import { broadcastShape, commonLayout, operand } from "./broadcast.js";
import type { OpConverter } from "./registry.js";

function operands(node: GraphNode, ctx: ConvertContext): { a: string; b: string; out: Omit<Value, "name"> } {
  const [x, y] = ctx.inputs(node, 2) as [Value, Value];
  const layout = commonLayout([x, y]);
  const shape = broadcastShape([x.shape, y.shape]);
  return {
    a: operand(ctx, x, layout),
    b: operand(ctx, y, layout),
    out: { dtype: x.dtype, shape, layout: shape.length === 4 ? layout : "NHWC" },
  };
}

const floorDiv: OpConverter = (node, ctx) => {
  const { a, b, out } = operands(node, ctx);
  if (out.dtype === "float32") {
    const quotient = ctx.node("Div", [a, b], `${node.name}/div`);
    return [{ ...out, name: ctx.node("Floor", [quotient], node.name) }];
  }
  const mod = ctx.node("Mod", [a, b], `${node.name}/mod`, { fmod: { kind: "int", value: 0 } });
  const exact = ctx.node("Sub", [a, mod], `${node.name}/sub`);
  return [{ ...out, name: ctx.node("Div", [exact, b], node.name) }];
};

const floorMod: OpConverter = (node, ctx) => {
  const { a, b, out } = operands(node, ctx);
  if (out.dtype !== "float32") {
    return [{ ...out, name: ctx.node("Mod", [a, b], node.name, { fmod: { kind: "int", value: 0 } }) }];
  }
  const quotient = ctx.node("Floor", [ctx.node("Div", [a, b], `${node.name}/div`)], `${node.name}/floor`);
  const product = ctx.node("Mul", [quotient, b], `${node.name}/mul`);
  return [{ ...out, name: ctx.node("Sub", [a, product], node.name) }];
};

export const integerOps: Record<string, OpConverter> = {
  FloorDiv: floorDiv,
  FloorMod: floorMod,
};
