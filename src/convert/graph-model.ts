/**
 * The TF.js graph-model JSON (model.json), validated once when it is read.
 * Only the fields the converter uses are checked; others pass through.
 */
import { z } from "zod";

const AttrValueSchema = z.looseObject({
  s: z.string().optional(),
  i: z.union([z.string(), z.number()]).optional(),
  f: z.number().optional(),
  b: z.boolean().optional(),
  type: z.string().optional(),
  shape: z.unknown().optional(),
  tensor: z.unknown().optional(),
  list: z
    .looseObject({
      s: z.array(z.string()).optional(),
      i: z.array(z.union([z.string(), z.number()])).optional(),
      f: z.array(z.number()).optional(),
    })
    .optional(),
});

export type AttrValue = z.infer<typeof AttrValueSchema>;

const NodeSchema = z.looseObject({
  name: z.string().min(1),
  op: z.string().min(1),
  input: z.array(z.string()).optional(),
  attr: z.record(z.string(), AttrValueSchema).optional(),
});

export type GraphNode = z.infer<typeof NodeSchema>;

const WeightSpecSchema = z.looseObject({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(["float32", "int32", "bool"]),
  quantization: z
    .looseObject({
      dtype: z.string(),
      scale: z.number().optional(),
      min: z.number().optional(),
      original_dtype: z.string().optional(),
    })
    .optional(),
});

export type WeightSpec = z.infer<typeof WeightSpecSchema>;

const TensorInfoSchema = z.looseObject({ name: z.string(), dtype: z.string().optional() });

export const GraphModelSchema = z.looseObject({
  format: z.literal("graph-model"),
  signature: z
    .looseObject({
      inputs: z.record(z.string(), TensorInfoSchema).optional(),
      outputs: z.record(z.string(), TensorInfoSchema).optional(),
    })
    .optional(),
  modelTopology: z.looseObject({ node: z.array(NodeSchema).min(1) }),
  weightsManifest: z.array(z.looseObject({ paths: z.array(z.string()), weights: z.array(WeightSpecSchema) })),
});

export type GraphModel = z.infer<typeof GraphModelSchema>;

/** "name:1" → {node: "name", index: 1}; control inputs ("^name") are dropped by the caller. */
export function parseInputRef(ref: string): { node: string; index: number } {
  const match = /^(.*):(\d+)$/.exec(ref);
  return match ? { node: match[1] ?? ref, index: Number(match[2]) } : { node: ref, index: 0 };
}

/** The data inputs of a node (control dependencies "^x" removed). */
export function dataInputs(node: GraphNode): string[] {
  return (node.input ?? []).filter((ref) => !ref.startsWith("^"));
}
