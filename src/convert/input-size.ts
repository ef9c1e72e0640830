/**
 * Converting a fully convolutional graph for another input size. The
 * convolutions adapt by themselves (shapes are static per conversion); what
 * does not are constants TF folded from the input size at export time — the
 * upsampling sizes, the flattened heat-map length, the heat-map width the
 * decoder divides by. Each default model lists those constants as functions
 * of the size (default-models.ts), and they are rewritten before conversion.
 */
import { KerbsideError } from "../errors.js";
import type { ConvertOptions } from "./convert-graph.js";
import type { ConstTensor } from "./tensor.js";

export interface InputSizeSpec {
  /** The graph input (NHWC placeholder) whose height and width change. */
  input: string;
  /** The size the graph was exported at. */
  native: number;
  /** Sizes the model may be converted at. */
  allowed: readonly number[];
  /** Size-dependent int32 constants: name → values at `size`. */
  constants: (size: number) => Record<string, number[]>;
}

/** Conversion options for `size`: the input's static shape and the constant overrides. */
export function sizedConversion(spec: InputSizeSpec, size: number): Pick<ConvertOptions, "inputShapes" | "constants"> {
  return { inputShapes: { [spec.input]: [1, size, size, 3] }, constants: spec.constants(size) };
}

/** The weights with the overrides applied; each must name an existing constant of the same length. */
export function overrideConstants(weights: Map<string, ConstTensor>, overrides: Record<string, readonly number[]>): void {
  for (const [name, values] of Object.entries(overrides)) {
    const tensor = weights.get(name);
    if (!tensor || tensor.data.length !== values.length) {
      throw new KerbsideError("KERB_ERR_CONVERT", `size-dependent constant "${name}" ${tensor ? `has ${tensor.data.length} values, not ${values.length}` : "is not in the graph"}`);
    }
    if (tensor.dtype === "int32") weights.set(name, { ...tensor, data: Int32Array.from(values) });
    else if (tensor.dtype === "float32") weights.set(name, { ...tensor, data: Float32Array.from(values) });
    else throw new KerbsideError("KERB_ERR_CONVERT", `size-dependent constant "${name}" is ${tensor.dtype}; only int32/float32 can be resized`);
  }
}
