/**
 * MaxPool (NHWC in TF, NCHW in ONNX). ONNX MaxPool ignores padded cells like
 * TF does, so SAME padding maps to explicit pads.
 */
import { attrInts } from "../attrs.js";
import type { Value } from "../tensor.js";
import { requireNhwc, spatialAttr, windowPadding } from "./conv.js";
import type { OpConverter } from "./registry.js";

const maxPool: OpConverter = (node, ctx) => {
  requireNhwc(node);
  const [input] = ctx.inputs(node, 1) as [Value];
  const ksize = attrInts(node, "ksize");
  const kernel: [number, number] = [ksize[1] ?? 1, ksize[2] ?? 1];
  const strides = spatialAttr(node, "strides");
  const { pads, outH, outW } = windowPadding(node, input.shape, { kernel, strides, dilations: [1, 1] });
  const name = ctx.node("MaxPool", [ctx.as(input, "NCHW")], node.name, {
    kernel_shape: { kind: "ints", value: kernel },
    strides: { kind: "ints", value: strides },
    pads: { kind: "ints", value: pads },
  });
  return [{ name, dtype: input.dtype, shape: [input.shape[0] ?? 1, outH, outW, input.shape[3] ?? -1], layout: "NCHW" }];
};

export const poolOps: Record<string, OpConverter> = { MaxPool: maxPool };
