/**
 * TopKV2 → ONNX TopK along the last axis (K as an int64 tensor). ONNX returns
 * int64 indices; they are cast to TF's index_type (int32 by default).
 */
import { KerbsideError } from "../../errors.js";
import { attrBool, attrType } from "../attrs.js";
import type { Value } from "../tensor.js";
import { constNumbers, int64Const } from "../tensor.js";
import { tfDType } from "./elementwise.js";
import type { OpConverter } from "./registry.js";

const topK: OpConverter = (node, ctx) => {
  const [input, kValue] = ctx.inputs(node, 2) as [Value, Value];
  const [k = 1] = constNumbers(ctx.constant(node, kValue, "k"));
  if (!attrBool(node, "sorted", true)) {
    throw new KerbsideError("KERB_ERR_CONVERT", `node "${node.name}": unsorted TopKV2 is not supported`);
  }
  const kName = ctx.initializer(`${node.name}/k`, int64Const([k]));
  const [values, indices] = ctx.builder.addNode("TopK", [ctx.as(input, "NHWC"), kName], [node.name, `${node.name}/indices64`], {
    axis: { kind: "int", value: -1 },
    largest: { kind: "int", value: 1 },
    sorted: { kind: "int", value: 1 },
  }) as [string, string];
  const indexType = tfDType(node, attrType(node, "index_type", "DT_INT32"));
  const shape = [...input.shape.slice(0, -1), k];
  const castIndices = indexType === "int64" ? indices : ctx.node("Cast", [indices], `${node.name}:1`, { to: { kind: "int", value: 6 } });
  return [
    { name: values, dtype: input.dtype, shape, layout: "NHWC" },
    { name: castIndices, dtype: indexType, shape, layout: "NHWC" },
  ];
};

export const topkOps: Record<string, OpConverter> = { TopKV2: topK };
