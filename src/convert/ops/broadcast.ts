/**
 * Operand alignment for elementwise ops: numpy broadcasting on TF shapes, and
 * the choice of a common physical layout. NCHW is kept when every operand can
 * follow it without a runtime Transpose of a non-4D tensor.
 */
import type { ConvertContext } from "../context.js";
import type { Layout, Value } from "../tensor.js";
import { NHWC_TO_NCHW, elementCount, reshapeConst, transposeConst } from "../tensor.js";

export function broadcastShape(shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let d = 0; d < rank; d++) {
    let size = 1;
    for (const shape of shapes) {
      const dim = shape[shape.length - rank + d] ?? 1;
      if (dim !== 1) size = dim;
    }
    out.push(size);
  }
  return out;
}

/** NCHW if some operand is NCHW and all others are rank 4 or constants. */
export function commonLayout(values: readonly Value[]): Layout {
  const anyNchw = values.some((v) => v.layout === "NCHW");
  const allFit = values.every((v) => v.shape.length === 4 || v.constant !== undefined);
  return anyNchw && allFit ? "NCHW" : "NHWC";
}

/** The ONNX name of `value` as an operand of an elementwise op in `layout`. */
export function operand(ctx: ConvertContext, value: Value, layout: Layout): string {
  if (layout === "NHWC" || value.shape.length === 4) return ctx.as(value, layout);
  const constant = value.constant;
  if (!constant || elementCount(constant.shape) === 1) return ctx.name(value);
  const padded = reshapeConst(constant, [...new Array<number>(4 - constant.shape.length).fill(1), ...constant.shape]);
  return ctx.initializer(`${value.name}/NCHW`, transposeConst(padded, NHWC_TO_NCHW));
}
