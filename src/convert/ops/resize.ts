/**
 * ResizeBilinear → ONNX Resize (linear). TF's two flags pick the coordinate
 * transform: align_corners → "align_corners", half_pixel_centers →
 * "half_pixel", neither → "asymmetric" (TF1 legacy behaviour).
 */
import { KerbsideError } from "../../errors.js";
import { attrBool } from "../attrs.js";
import type { GraphNode } from "../graph-model.js";
import type { Value } from "../tensor.js";
import { constNumbers, int64Const } from "../tensor.js";
import type { OpConverter } from "./registry.js";

export function coordinateMode(node: GraphNode): string {
  const alignCorners = attrBool(node, "align_corners", false);
  const halfPixel = attrBool(node, "half_pixel_centers", false);
  if (alignCorners && halfPixel) {
    throw new KerbsideError("KERB_ERR_CONVERT", `node "${node.name}": align_corners and half_pixel_centers are both set`);
  }
  return alignCorners ? "align_corners" : halfPixel ? "half_pixel" : "asymmetric";
}

const resizeBilinear: OpConverter = (node, ctx) => {
  const [input, sizeValue] = ctx.inputs(node, 2) as [Value, Value];
  const [height = 1, width = 1] = constNumbers(ctx.constant(node, sizeValue, "the size"));
  const [n = 1, , , c = -1] = input.shape;
  if (c < 0) throw new KerbsideError("KERB_ERR_CONVERT", `node "${node.name}": channel count must be static`);
  const sizes = ctx.initializer(`${node.name}/sizes`, int64Const([n, c, height, width]));
  const name = ctx.node("Resize", [ctx.as(input, "NCHW"), "", "", sizes], node.name, {
    mode: { kind: "string", value: "linear" },
    coordinate_transformation_mode: { kind: "string", value: coordinateMode(node) },
  });
  return [{ name, dtype: input.dtype, shape: [n, height, width, c], layout: "NCHW" }];
};

export const resizeOps: Record<string, OpConverter> = { ResizeBilinear: resizeBilinear };
