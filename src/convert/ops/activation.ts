/**
 * Activations shared by standalone TF ops and the activations fused into
 * _FusedConv2D / FusedDepthwiseConv2dNative.
 */
import type { ConvertContext } from "../context.js";
import { floatConst } from "../tensor.js";

export const ACTIVATIONS = ["Relu", "Relu6", "Sigmoid", "Tanh", "Elu", "LeakyRelu"] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export function isActivation(op: string): op is Activation {
  return (ACTIVATIONS as readonly string[]).includes(op);
}

/** Emits `activation(input)` and returns the output name. */
export function emitActivation(ctx: ConvertContext, activation: Activation, input: string, hint: string, alpha = 0.2): string {
  switch (activation) {
    case "Relu6": {
      const min = ctx.initializer(`${hint}/min`, floatConst([0], []));
      const max = ctx.initializer(`${hint}/max`, floatConst([6], []));
      return ctx.node("Clip", [input, min, max], hint);
    }
    case "LeakyRelu":
      return ctx.node("LeakyRelu", [input], hint, { alpha: { kind: "float", value: alpha } });
    default:
      return ctx.node(activation, [input], hint);
  }
}
