/**
 * The synthetic nodes hard-activations.ts puts in place of MobileNetV3's
 * hard swish and squeeze-excite gate chains: one ONNX HardSwish or
 * HardSigmoid each, the float16 factor 6c left pending on the output value.
 */
import { attrFloat } from "../attrs.js";
import type { AttrArg } from "../onnx-builder.js";
import { HARD_SIGMOID_OP, HARD_SWISH_OP } from "../hard-activations.js";
import type { Value } from "../tensor.js";
import type { OpConverter } from "./registry.js";

function hard(onnxOp: "HardSwish" | "HardSigmoid"): OpConverter {
  return (node, ctx) => {
    const [x] = ctx.inputs(node, 1) as [Value];
    // ONNX HardSigmoid defaults to alpha 0.2; x/6 + 1/2 is the MobileNetV3 gate.
    const attrs: Record<string, AttrArg> = onnxOp === "HardSigmoid" ? { alpha: { kind: "float", value: 1 / 6 }, beta: { kind: "float", value: 0.5 } } : {};
    const name = ctx.node(onnxOp, [ctx.name(x)], node.name, attrs);
    const scale = attrFloat(node, "scale", 1);
    return [{ name, dtype: x.dtype, shape: x.shape, layout: x.layout, ...(scale === 1 ? {} : { scale }) }];
  };
}

export const hardOps: Record<string, OpConverter> = {
  [HARD_SWISH_OP]: hard("HardSwish"),
  [HARD_SIGMOID_OP]: hard("HardSigmoid"),
};
