// Pure helpers of the converter: StridedSlice semantics, Reshape's -1,
// broadcasting, filter re-layout, axis normalisation.
import { describe, expect, it } from "vitest";
import { onnxFilter } from "../../src/convert/ops/conv.js";
import { broadcastShape } from "../../src/convert/ops/broadcast.js";
import { normaliseAxes } from "../../src/convert/ops/reduce.js";
import { resolveReshape } from "../../src/convert/ops/shape.js";
import { stridedSliceSpec } from "../../src/convert/ops/slice.js";
import { constNumbers, transposeConst } from "../../src/convert/tensor.js";

describe("stridedSliceSpec", () => {
  it("takes masked axes whole and shrinks the CenterNet-style column picks", () => {
    const spec = stridedSliceSpec([1, 100, 4], [0, 0, 2], [0, 0, 3], [1, 1, 1], { begin: 3, end: 3, shrink: 0 });
    expect(spec.shape).toEqual([1, 100, 1]);
    expect(spec.starts[2]).toBe(2);
    expect(spec.ends[2]).toBe(3);
    expect(spec.squeeze).toEqual([]);
  });

  it("handles negative begins with shrink_axis_mask and strided ranges", () => {
    const last = stridedSliceSpec([2, 5], [-1, 0], [0, 0], [1, 1], { begin: 2, end: 2, shrink: 1 });
    expect(last.squeeze).toEqual([0]);
    expect(last.shape).toEqual([1, 5]);
    const strided = stridedSliceSpec([2, 10], [0, 1], [0, 8], [1, 3], { begin: 1, end: 1, shrink: 0 });
    expect(strided.shape).toEqual([2, 3]);
    const reversed = stridedSliceSpec([6], [0], [0], [-2], { begin: 1, end: 1, shrink: 0 });
    expect(reversed.shape).toEqual([3]);
  });
});

describe("shapes", () => {
  it("resolves one -1 in a Reshape target", () => {
    expect(resolveReshape([1, 128, 128, 80], [1, -1])).toEqual([1, 1310720]);
    expect(resolveReshape([1, 128, 128, 4], [16384, 4])).toEqual([16384, 4]);
    expect(resolveReshape([2, 3], [-1, 4])).toEqual([1.5, 4]);
  });

  it("broadcasts like numpy", () => {
    expect(broadcastShape([[1, 16, 16, 8], [8]])).toEqual([1, 16, 16, 8]);
    expect(broadcastShape([[1, 16, 16, 8], [1, 1, 1, 8]])).toEqual([1, 16, 16, 8]);
    expect(broadcastShape([[], [1, 100, 1]])).toEqual([1, 100, 1]);
  });

  it("normalises negative and repeated axes", () => {
    expect(normaliseAxes([-1, 3, 1], 4)).toEqual([1, 3]);
  });
});

describe("onnxFilter", () => {
  const tf = (shape: number[]) => ({
    dtype: "float32" as const,
    shape,
    data: Float32Array.from({ length: shape.reduce((x, y) => x * y, 1) }, (_, i) => i),
  });

  it("turns an HWIO conv filter into OIHW", () => {
    const out = onnxFilter(tf([2, 2, 3, 4]), false);
    expect(out.shape).toEqual([4, 3, 2, 2]);
    // OIHW[o=1, i=2, h=1, w=0] = HWIO[h=1, w=0, i=2, o=1] = ((1*2+0)*3+2)*4+1
    expect(out.data[((1 * 3 + 2) * 2 + 1) * 2 + 0]).toBe(((1 * 2 + 0) * 3 + 2) * 4 + 1);
  });

  it("orders depthwise output channels as c * multiplier + m, like TF", () => {
    const out = onnxFilter(tf([3, 3, 4, 2]), true);
    expect(out.shape).toEqual([8, 1, 3, 3]);
    // ONNX channel 5 = input channel 2, multiplier 1; tap (h=2, w=1)
    expect(out.data[5 * 9 + 2 * 3 + 1]).toBe(((2 * 3 + 1) * 4 + 2) * 2 + 1);
  });

  it("transposes back and forth to the identity", () => {
    const t = tf([2, 3, 4, 5]);
    const round = transposeConst(transposeConst(t, [0, 3, 1, 2]), [0, 2, 3, 1]);
    expect(constNumbers(round)).toEqual(Array.from(t.data));
  });
});
