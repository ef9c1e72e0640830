/**
 * Conv2D, DepthwiseConv2dNative and their fused forms (bias + activation).
 * Work in NCHW: inputs are re-laid-out once, outputs stay NCHW.
 */
import { KerbsideError } from "../../errors.js";
import { attrFloat, attrInts, attrString, attrStrings } from "../attrs.js";
import type { ConvertContext } from "../context.js";
import type { GraphNode } from "../graph-model.js";
import type { AxisPadding } from "../padding.js";
import { explicitPadding, samePadding, validPadding } from "../padding.js";
import type { ConstTensor, Value } from "../tensor.js";
import { reshapeConst, transposeConst } from "../tensor.js";
import type { Activation } from "./activation.js";
import { emitActivation, isActivation } from "./activation.js";
import type { OpConverter } from "./registry.js";

export interface Window {
  kernel: [number, number];
  strides: [number, number];
  dilations: [number, number];
}

/** Pads [top, left, bottom, right] and output H, W of a 2-D window over an NHWC shape. */
export function windowPadding(node: GraphNode, inputShape: readonly number[], window: Window): { pads: number[]; outH: number; outW: number } {
  const padding = attrString(node, "padding");
  const explicit = attrInts(node, "explicit_paddings", []);
  const axis = (d: 0 | 1): AxisPadding => {
    const size = inputShape[d + 1] ?? -1;
    if (size < 0) throw new KerbsideError("KERB_ERR_CONVERT", `node "${node.name}" (${node.op}): spatial input size must be static`);
    const [k, s, r] = [window.kernel[d], window.strides[d], window.dilations[d]];
    if (padding === "SAME") return samePadding(size, k, s, r);
    if (padding === "VALID") return validPadding(size, k, s, r);
    if (padding === "EXPLICIT") return explicitPadding(size, k, s, r, explicit[2 + 2 * d] ?? 0, explicit[3 + 2 * d] ?? 0);
    throw new KerbsideError("KERB_ERR_CONVERT", `node "${node.name}" (${node.op}): unknown padding ${padding}`);
  };
  const [h, w] = [axis(0), axis(1)];
  return { pads: [h.begin, w.begin, h.end, w.end], outH: h.out, outW: w.out };
}

/** Checks NHWC data format and reads the [1, h, w, 1] strides/dilations. */
export function spatialAttr(node: GraphNode, name: string): [number, number] {
  const values = attrInts(node, name, [1, 1, 1, 1]);
  if (values.length !== 4 || values[0] !== 1 || values[3] !== 1) {
    throw new KerbsideError("KERB_ERR_CONVERT", `node "${node.name}" (${node.op}): ${name} ${JSON.stringify(values)} not supported`);
  }
  return [values[1] ?? 1, values[2] ?? 1];
}

export function requireNhwc(node: GraphNode): void {
  const format = attrString(node, "data_format", "NHWC");
  if (format !== "NHWC") throw new KerbsideError("KERB_ERR_CONVERT", `node "${node.name}" (${node.op}): data_format ${format} not supported`);
}

/** Fused ops after the convolution: optional BiasAdd then at most one activation. */
function fusedActivation(node: GraphNode): { bias: boolean; activation?: Activation } {
  const fused = attrStrings(node, "fused_ops");
  const bias = fused[0] === "BiasAdd";
  const rest = bias ? fused.slice(1) : fused;
  const [activation, ...extra] = rest;
  if (extra.length > 0 || (activation !== undefined && !isActivation(activation))) {
    throw new KerbsideError(
      "KERB_ERR_CONVERT_UNSUPPORTED_OP",
      `node "${node.name}": ${node.op} with fused_ops [${fused.join(", ")}] is not supported`,
    );
  }
  return activation === undefined ? { bias } : { bias, activation };
}

function scaleConst(tensor: ConstTensor, scale: number | undefined): ConstTensor {
  if (scale === undefined || tensor.dtype !== "float32") return tensor;
  return { ...tensor, data: tensor.data.map((v) => v * scale) };
}

/** TF HWIO (conv) or HW-C-M (depthwise) filter to ONNX OIHW. */
export function onnxFilter(filter: ConstTensor, depthwise: boolean): ConstTensor {
  const [kh = 1, kw = 1, cin = 1, cout = 1] = filter.shape;
  if (!depthwise) return transposeConst(filter, [3, 2, 0, 1]);
  // [kh, kw, C, M] -> [C, M, kh, kw] -> [C*M, 1, kh, kw]; output channel = c*M + m as in TF.
  return reshapeConst(transposeConst(filter, [2, 3, 0, 1]), [cin * cout, 1, kh, kw]);
}

function convert(node: GraphNode, ctx: ConvertContext, depthwise: boolean, fused: boolean): Value[] {
  requireNhwc(node);
  const [scaledInput, filterValue, biasValue] = ctx.inputs(node, fused ? 3 : 2) as [Value, Value, Value | undefined];
  // conv(k·x, W) = conv(x, k·W): a pending scale on the input goes into the filter.
  const input = ctx.raw(scaledInput);
  const filter = scaleConst(ctx.constant(node, filterValue, "the filter"), scaledInput.scale);
  if (filter.dtype !== "float32" || filter.shape.length !== 4) {
    throw new KerbsideError("KERB_ERR_CONVERT", `node "${node.name}": filter must be a rank-4 float tensor`);
  }
  const [kh = 1, kw = 1, cin = 1, cm = 1] = filter.shape;
  const window: Window = { kernel: [kh, kw], strides: spatialAttr(node, "strides"), dilations: spatialAttr(node, "dilations") };
  const { pads, outH, outW } = windowPadding(node, input.shape, window);
  const { bias, activation } = fused ? fusedActivation(node) : { bias: false, activation: undefined };
  const inputs = [ctx.as(input, "NCHW"), ctx.initializer(`${node.name}/W`, onnxFilter(filter, depthwise))];
  if (bias && biasValue) inputs.push(ctx.name(biasValue));
  const attrs = {
    kernel_shape: { kind: "ints", value: [kh, kw] },
    strides: { kind: "ints", value: window.strides },
    dilations: { kind: "ints", value: window.dilations },
    pads: { kind: "ints", value: pads },
    group: { kind: "int", value: depthwise ? cin : 1 },
  } as const;
  const conv = ctx.node("Conv", inputs, activation ? `${node.name}/conv` : node.name, attrs);
  const alpha = attrFloat(node, "leakyrelu_alpha", 0.2);
  const name = activation ? emitActivation(ctx, activation, conv, node.name, alpha) : conv;
  const channels = depthwise ? cin * cm : cm;
  return [{ name, dtype: "float32", shape: [input.shape[0] ?? 1, outH, outW, channels], layout: "NCHW" }];
}

export const convOps: Record<string, OpConverter> = {
  Conv2D: (node, ctx) => convert(node, ctx, false, false),
  _FusedConv2D: (node, ctx) => convert(node, ctx, false, true),
  DepthwiseConv2dNative: (node, ctx) => convert(node, ctx, true, false),
  FusedDepthwiseConv2dNative: (node, ctx) => convert(node, ctx, true, true),
};
